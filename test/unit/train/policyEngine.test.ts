/**
 * The policy-network engines against TensorFlow.js's own gradients (the oracle: tf.variableGrads through
 * PolicyModel.forward, what training differentiated before the engines existed): outputs, weight gradients and 100
 * Adam steps, on MLPs of several shapes, and no growth of the engines' objects over 1,000 steps.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/train/backend';
import { PolicyModel, outputWidth, type ModelConfig } from '../../../src/train/model';
import { createEngine, type EngineKind } from '../../../src/train/engine';
import { Rng } from '../../../shared/rng';
import { Adam, learningRateAt } from '../../../src/train/engine/adam';

beforeAll(async () => {
  await initBackend('wasm');
});

interface Case {
  layers: number;
  hidden: number;
  rows: number;
  /** 0: one-hot input over nStates. */
  inputDim: number;
  nStates: number;
  learnedBackward: boolean;
}

const CASES: Case[] = [
  { layers: 0, hidden: 8, rows: 1, inputDim: 0, nStates: 20, learnedBackward: false },
  { layers: 0, hidden: 8, rows: 50, inputDim: 6, nStates: 90, learnedBackward: true },
  { layers: 1, hidden: 8, rows: 37, inputDim: 5, nStates: 40, learnedBackward: false },
  { layers: 1, hidden: 64, rows: 600, inputDim: 0, nStates: 300, learnedBackward: true },
  { layers: 2, hidden: 256, rows: 600, inputDim: 0, nStates: 64, learnedBackward: false },
  { layers: 2, hidden: 256, rows: 1, inputDim: 16, nStates: 100, learnedBackward: false },
  { layers: 3, hidden: 512, rows: 200, inputDim: 16, nStates: 500, learnedBackward: true },
  { layers: 3, hidden: 32, rows: 129, inputDim: 0, nStates: 7, learnedBackward: false },
];

const describeCase = (c: Case) => `${c.layers} x ${c.hidden}, ${c.rows} rows, ${c.inputDim > 0 ? `${c.inputDim} features` : `one-hot of ${c.nStates}`}`;

function configOf(c: Case): ModelConfig {
  return { kind: 'mlp', nStates: c.nStates, nActions: 5, inputDim: c.inputDim, hidden: c.hidden, layers: c.layers, learnedBackward: c.learnedBackward, stopLogit: 'reward' };
}

function randomArray(rng: Rng, n: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.symmetric(scale);
  return a;
}

/** Rows drawn with repeats (a one-hot gather's adjoint must sum them). */
function randomRows(rng: Rng, n: number, nStates: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(rng.next() * nStates));
}

function modelOf(c: Case, seed: number): PolicyModel {
  const features = c.inputDim > 0 ? randomArray(new Rng(seed + 1000), c.nStates * c.inputDim) : null;
  return new PolicyModel(configOf(c), features, seed);
}

/** |a - b| <= 1e-4 |b| + floor, elementwise; the message names the worst element. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, floor = 1e-6): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = -Infinity;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (1e-4 * Math.abs(expected[i]) + floor);
    if (excess > worst) {
      worst = excess;
      at = i;
    }
  }
  expect(worst, `${what}: element ${at} is ${actual[at]}, tfjs ${expected[at]}`).toBeLessThanOrEqual(0);
}

function largest(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** |a - b| / |b| in the Euclidean norm. */
function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}

/** tfjs's outputs and d(sum(out * dOut)) / d weights through PolicyModel.forward. */
function oracle(model: PolicyModel, rows: Int32Array, dOut: Float32Array): { outputs: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    let outputs = new Float32Array(0);
    const { grads } = tf.variableGrads(() => {
      const out = model.forward(rows);
      outputs = Float32Array.from(out.dataSync() as Float32Array);
      return tf.sum(tf.mul(out, tf.tensor2d(dOut, out.shape)));
    }, model.weights);
    return { outputs, grads: model.weights.map((w) => Float32Array.from(grads[w.name].dataSync() as Float32Array)) };
  });
}

// The defaults on a machine of two cores or more: the backward on two threads (src/train/compute.ts).
const NATIVE = { threads: 1, backwardThreads: 2, provider: 'cpu' as const };

describe('Adam', () => {
  it('steps like tf.train.adam over 100 steps, on weights of several sizes', () => {
    const sizes = [1, 7, 256, 4096];
    const rng = new Rng(3);
    const initial = sizes.map((n) => randomArray(rng, n, 0.1));
    const variables = initial.map((w) => tf.variable(tf.tensor1d(w)));
    const ours = new Adam({ initial: 1e-3, decay: 0 }, sizes);
    const mine = initial.map((w) => w.slice());
    const reference = tf.train.adam(1e-3);
    for (let step = 0; step < 100; step++) {
      // Gradients of either sign and of very different scales, a few exactly 0.
      const grads = sizes.map((n) => randomArray(rng, n, 10 ** (-3 * rng.next())).map((g, k) => (k % 13 === 0 ? 0 : g)));
      ours.step(mine, grads);
      tf.tidy(() => reference.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: tf.tensor1d(grads[i]) }))));
    }
    variables.forEach((v, i) => expectClose(mine[i], v.dataSync(), `weights of size ${sizes[i]}`));
    expect(ours.state().iterations).toBe(100);
    reference.dispose();
    for (const v of variables) v.dispose();
  });

  it('with the decaying learning rate, steps like tf.train.adam given lr / sqrt(1 + t / T) at each step t', () => {
    const rate = { initial: 2e-3, decay: 10 };
    const rng = new Rng(5);
    const w0 = randomArray(rng, 64, 0.1);
    const variable = tf.variable(tf.tensor1d(w0));
    const ours = new Adam(rate, [64]);
    const constant = new Adam({ initial: 2e-3, decay: 0 }, [64]);
    const mine = [w0.slice()];
    const undecayed = [w0.slice()];
    const reference = tf.train.adam(2e-3);
    for (let t = 1; t <= 100; t++) {
      const grads = [randomArray(rng, 64, 1)];
      ours.step(mine, grads);
      constant.step(undecayed, grads);
      (reference as unknown as { learningRate: number }).learningRate = 2e-3 / Math.sqrt(1 + t / 10);
      tf.tidy(() => reference.applyGradients([{ name: variable.name, tensor: tf.tensor1d(grads[0]) }]));
    }
    expectClose(mine[0], variable.dataSync(), 'weights under the schedule');
    // The schedule does something: at t = 100 the rate is 2e-3 / sqrt(11), and the weights moved less.
    expect(learningRateAt(rate, 100)).toBeCloseTo(2e-3 / Math.sqrt(11), 12);
    const moved = (w: Float32Array) => w.reduce((s, x, k) => s + Math.abs(x - w0[k]), 0);
    expect(moved(mine[0])).toBeLessThan(0.6 * moved(undecayed[0]));
    reference.dispose();
    variable.dispose();
  });
});

describe.each<EngineKind>(['native', 'tfjs'])('the %s engine', (kind) => {
  it.each(CASES.map((c) => [describeCase(c), c] as const))('equals tfjs on %s: outputs and weight gradients', (_, c) => {
    const model = modelOf(c, 3);
    const engine = createEngine(kind, model, { initial: 1e-3, decay: 0 }, NATIVE);
    const rng = new Rng(11);
    const rows = randomRows(rng, c.rows, c.nStates);
    const dOut = randomArray(rng, c.rows * outputWidth(configOf(c)), 1 / c.rows);
    const expected = oracle(model, rows, dOut);
    expectClose(engine.forward(rows), expected.outputs, 'forward');
    const pass = engine.forwardForTraining(rows);
    expectClose(pass.outputs, expected.outputs, 'training forward');
    engine.backward(pass, dOut);
    engine.gradients().forEach((g, i) => expectClose(g, expected.grads[i], `gradient of weight ${i}`));
    engine.dispose();
    model.dispose();
  });

  it.each(CASES.filter((c) => c.rows > 1).map((c) => [describeCase(c), c] as const))('stays exact over 100 Adam steps on %s', (_, c) => {
    // A linear loss sum(out * coefficients): its gradients do not vanish as training goes. At every 10th step the
    // engine's outputs and gradients are checked against tfjs's at the engine's own weights, and its weights against
    // a run of tfjs's autodiff with tf.train.adam from the same start. That second comparison is elementwise for
    // the tfjs engine (same kernels) and bounded in norm for the native one: Adam divides each gradient element by
    // its own running scale, so float32 summation-order differences (MLAS against XNNPACK, ~1e-6 of a tensor's
    // largest gradient) become whole-step differences on elements whose gradient is far smaller than the tensor's.
    const trained = modelOf(c, 5);
    const reference = modelOf(c, 5);
    const probe = modelOf(c, 5);
    const engine = createEngine(kind, trained, { initial: 1e-3, decay: 0 }, NATIVE);
    const adam = tf.train.adam(1e-3);
    const rng = new Rng(7);
    const rows = randomRows(rng, c.rows, c.nStates);
    const coefficients = randomArray(rng, c.rows * outputWidth(configOf(c)), 1 / c.rows);
    for (let step = 0; step < 100; step++) {
      const pass = engine.forwardForTraining(rows);
      const outputs = pass.outputs;
      engine.backward(pass, coefficients);
      if (step % 10 === 9) {
        const current = engine.weights();
        probe.weights.forEach((w, i) => w.assign(tf.tensor(current[i], w.shape)));
        const expected = oracle(probe, rows, coefficients);
        // Near zero means 1e-4 of the tensor's largest element here: after training steps a pre-activation can sit
        // within float rounding of ReLU's kink (3 x 512, step 49: one row's term, 4e-4 of that element).
        expectClose(outputs, expected.outputs, `outputs at step ${step}`, 1e-4 * largest(expected.outputs));
        engine.gradients().forEach((g, i) => expectClose(g, expected.grads[i], `gradient of weight ${i} at step ${step}`, 1e-4 * largest(expected.grads[i])));
      }
      engine.step();
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const out = reference.forward(rows);
          return tf.sum(tf.mul(out, tf.tensor2d(coefficients, out.shape)));
        }, reference.weights);
        adam.applyGradients(reference.weights.map((w) => ({ name: w.name, tensor: grads[w.name] })));
      });
    }
    const weights = engine.weights();
    reference.weights.forEach((w, i) => {
      if (kind === 'tfjs') expectClose(weights[i], w.dataSync(), `weight ${i} after 100 steps`);
      else expect(relativeDistance(weights[i], w.dataSync()), `weight ${i} after 100 steps`).toBeLessThan(0.05);
    });
    for (const m of [trained, reference, probe]) m.dispose();
    adam.dispose();
    engine.dispose();
  });

  it('holds no more objects after 1,000 steps than after the first', () => {
    // Native: ort Tensors the engine created or received from a run and has not disposed (its weights' wrappers,
    // then none per step: every input, output and kept activation is disposed once read). tfjs: tf.memory's count.
    const c: Case = { layers: 2, hidden: 32, rows: 40, inputDim: 4, nStates: 60, learnedBackward: false };
    const model = modelOf(c, 9);
    const engine = createEngine(kind, model, { initial: 1e-3, decay: 0 }, NATIVE);
    const rng = new Rng(1);
    const width = outputWidth(configOf(c));
    const iterate = () => {
      engine.forward(randomRows(rng, 8, c.nStates));
      const rows = randomRows(rng, c.rows, c.nStates);
      const pass = engine.forwardForTraining(rows);
      engine.backward(pass, randomArray(rng, rows.length * width, 0.01));
      engine.step();
      // A pass that is never differentiated is released.
      engine.release(engine.forwardForTraining(rows.subarray(0, 3)));
    };
    iterate();
    const after1 = engine.liveObjects();
    for (let i = 0; i < 999; i++) iterate();
    expect(engine.liveObjects()).toBe(after1);
    if (kind === 'native') expect(after1).toBe(model.weights.length);
    engine.dispose();
    if (kind === 'native') expect(engine.liveObjects()).toBe(0);
    model.dispose();
  });
});
