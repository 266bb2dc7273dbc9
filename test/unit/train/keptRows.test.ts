/**
 * The native engine's kept sampling rows (src/train/engine/keptRows.ts): a training pass made of the sampling
 * forwards' rows, plus one forward of the rows sampling did not see, gives the outputs and the weight gradients of
 * forwarding the batch afresh; no native object outlives a step; and a trainer using it draws and learns as one
 * that forwards the batch again (replayed trajectories and flow matching's parents included).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import bitsLarge from '../../../examples/bits-large.gfn';
import smiley from '../../../examples/smiley.gfn';
import { explore } from '../../../src/dag/explore';
import { initBackend } from '../../../src/train/backend';
import type { ForwardPass, KeptSamplingRows } from '../../../src/train/engine';
import { NativeEngine } from '../../../src/train/engine/nativeEngine';
import { PolicyModel, type ModelConfig } from '../../../src/train/model';
import { encodeStates, Trainer } from '../../../src/train/trainer';
import { Rng } from '../../../shared/rng';
import { trainConfig } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

// The defaults on a machine of two cores or more: the backward on two threads (src/train/compute.ts).
const NATIVE = { threads: 1, backwardThreads: 2, provider: 'cpu' as const };

function engineOf(inputDim: number, nStates: number): { engine: NativeEngine; model: PolicyModel } {
  const config: ModelConfig = { kind: 'mlp', nStates, nActions: 4, inputDim, hidden: 32, layers: 2, learnedBackward: true, stopLogit: 'reward' };
  const rng = new Rng(3);
  const features = inputDim > 0 ? Float32Array.from({ length: nStates * inputDim }, () => rng.symmetric(1)) : null;
  const model = new PolicyModel(config, features, 5);
  return { engine: new NativeEngine(model, { initial: 1e-3, decay: 0 }, NATIVE), model };
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(scale, what).toBeGreaterThan(0);
  expect(worst / scale, what).toBeLessThan(1e-5);
}

/** The weight gradients of a backward of `pass` with the given d loss / d outputs. */
function gradientsOf(engine: NativeEngine, pass: ForwardPass, dOutputs: Float32Array): Float32Array[] {
  engine.backward(pass, dOutputs);
  return engine.gradients();
}

describe('kept sampling rows (native engine)', () => {
  // Lock steps of sampling: the distinct states of each step. 7 is reached at two steps in the second case (a DAG
  // where paths of different lengths meet): the pass then gathers its rows.
  const cases = [
    { name: 'features, each state forwarded once', inputDim: 6, steps: [[0], [3, 1], [7, 4, 2], [9]] },
    { name: 'one-hot, a state forwarded at two steps', inputDim: 0, steps: [[0], [3, 7], [7, 4, 2], [9, 3]] },
  ];
  for (const c of cases) {
    it(`${c.name}: the outputs and weight gradients of forwarding the rows afresh, replayed rows included`, () => {
      const { engine, model } = engineOf(c.inputDim, 12);
      const weights = engine.liveObjects();
      const kept = engine.keepRows();
      for (const states of c.steps) {
        const rows = Int32Array.from(states);
        // What the sampler reads: the sampling forward's outputs.
        expectClose(kept.forward(rows).slice(), engine.forward(rows), `sampling rows ${states.join(' ')}`);
      }
      // The batch: the kept states first (buildBatch's firstRows), then replayed states sampling did not forward.
      const orders = [Int32Array.from([...kept.order(), 11, 5]), Int32Array.from([5, ...kept.order().reverse(), 11])];
      for (const rows of orders) {
        const rng = new Rng(rows.length);
        const pass = kept.passFor(rows);
        const fresh = engine.forwardForTraining(rows);
        expect(Array.from(pass.rows)).toEqual(Array.from(rows));
        expectClose(pass.outputs, fresh.outputs, `outputs of ${rows.join(' ')}`);
        const dOutputs = Float32Array.from(fresh.outputs, () => rng.symmetric(1));
        const expected = gradientsOf(engine, fresh, dOutputs);
        const actual = gradientsOf(engine, pass, dOutputs);
        actual.forEach((g, i) => expectClose(g, expected[i], `gradient ${i} of ${rows.join(' ')}`));
        kept.reset();
        for (const states of c.steps) kept.forward(Int32Array.from(states));
      }
      expect(engine.liveObjects()).toBe(weights);
      engine.dispose();
      model.dispose();
    });
  }

  it('a trainer on kept rows draws and learns as one that forwards the batch again, and holds no native object after its steps', () => {
    const { dag } = explore(smiley);
    const features = encodeStates(smiley, dag);
    for (const overrides of [{ loss: 'tb' as const, replay: 0.5 }, { loss: 'fm' as const }]) {
      const config = { ...trainConfig({ backend: 'native', ...overrides }), wholeDagStates: 0 };
      const kept = new Trainer(dag, config, features);
      const afresh = new Trainer(dag, { ...config, keepSamplingRows: false }, features);
      kept.engine.forwardForTraining = () => {
        throw new Error('a second forward of the batch');
      };
      // The rows forwarded while the batch's pass is made: those sampling did not see.
      const table = (kept as unknown as { kept: KeptSamplingRows }).kept;
      const missing: number[] = [];
      let making = false;
      const forward = table.forward.bind(table);
      const passFor = table.passFor.bind(table);
      table.forward = (rows) => {
        if (making) missing.push(rows.length);
        return forward(rows);
      };
      table.passFor = (rows) => {
        making = true;
        try {
          return passFor(rows);
        } finally {
          making = false;
        }
      };
      const weights = kept.engine.liveObjects();
      for (let i = 1; i <= 40; i++) {
        const a = kept.step(i);
        const b = afresh.step(i);
        expect(Array.from(a.terminals), `${overrides.loss} iteration ${i}`).toEqual(Array.from(b.terminals));
        expect(a.loss).toBeCloseTo(b.loss, 4);
        expect(a.logZ).toBeCloseTo(b.logZ, 5);
      }
      // Replayed trajectories and parents reach states this step's sampling did not: they were forwarded.
      expect(missing.length, overrides.loss).toBeGreaterThan(0);
      expect(kept.engine.liveObjects()).toBe(weights);
      kept.dispose();
      afresh.dispose();
    }
  });

  it('on an incomplete DAG (states expanded and encoded on demand) too', () => {
    const env = bitsLarge;
    const { dag } = explore(env, { maxStates: 300 });
    expect(dag.complete).toBe(false);
    const config = { ...trainConfig({ backend: 'native', replay: 0.25 }), wholeDagStates: 0 };
    const kept = new Trainer(dag, config, null, undefined, env);
    const afresh = new Trainer(dag, { ...config, keepSamplingRows: false }, null, undefined, env);
    kept.engine.forwardForTraining = () => {
      throw new Error('a second forward of the batch');
    };
    const weights = kept.engine.liveObjects();
    for (let i = 1; i <= 20; i++) {
      const a = kept.step(i);
      const b = afresh.step(i);
      expect(Array.from(a.terminals), `iteration ${i}`).toEqual(Array.from(b.terminals));
      expect(a.loss).toBeCloseTo(b.loss, 4);
    }
    expect(kept.engine.liveObjects()).toBe(weights);
    kept.dispose();
    afresh.dispose();
  });

  it('a step that throws in the backward leaves no native object behind', () => {
    const { dag } = explore(smiley);
    const trainer = new Trainer(dag, { ...trainConfig({ backend: 'native' }), wholeDagStates: 0 }, encodeStates(smiley, dag));
    trainer.step(1);
    const weights = trainer.engine.liveObjects();
    const backward = trainer.engine.backward.bind(trainer.engine);
    trainer.engine.backward = () => {
      throw new Error('backward failed');
    };
    expect(() => trainer.step(2)).toThrow('backward failed');
    expect(trainer.engine.liveObjects()).toBe(weights);
    trainer.engine.backward = backward;
    trainer.step(3);
    expect(trainer.engine.liveObjects()).toBe(weights);
    trainer.dispose();
  });
});
