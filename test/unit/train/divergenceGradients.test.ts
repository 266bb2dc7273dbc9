/**
 * The Renyi-alpha and Tsallis-alpha gradients at large reward scales, against the gradients written out by hand from
 * their definitions (da Silva et al., "On Divergence Measures for Training GFlowNets", NeurIPS 2024, Sec. 3-4), on a
 * tiny DAG with a tabular policy: pairs of {a, b, c} built one item at a time, R(ab), R(ac), R(bc) = 1, 2, 3 times
 * e^70 (each pair has 2 parents: P_B = 1/2 on its last step). With q(tau) = prod P_F and p~(tau) = R(x) prod P_B:
 *
 *   Renyi    D_a = 1/(a-1) log E_q[(q/p)^(a-1)],     grad D_a = a/(a-1) E_q[(q/p)^(a-1) grad log q] / E_q[(q/p)^(a-1)]
 *            estimated on a batch by a/(a-1) sum_i (w_i - 1/B) grad log q_i, w_i = (q_i/p~_i)^(a-1) / sum_j (q_j/p~_j)^(a-1)
 *            (the 1/B term is the baseline E_q[grad log q] = 0; Z cancels from w);
 *   Tsallis  T_a = 1/(a-1) (E_q[(q/p)^(a-1)] - 1),    grad T_a = a/(a-1) E_q[(q/p)^(a-1) grad log q], p = p~ / Z
 *            estimated by a/(a-1) (1/B) sum_i (h_i - b_i) grad log q_i, h_i = (q_i Z / p~_i)^(a-1) with the current
 *            log Z, b_i = the mean of h over the other B - 1 trajectories (leave-one-out).
 *
 * grad log q_i with respect to the logit of action k in state s is sum over the steps t of tau_i leaving s of
 * [a_t = k] - P_F(k | s). Everything below is float64 arithmetic of these formulas; the trainer's gradient comes from
 * TensorFlow.js (Trainer.lossOnBatch). Before the log-reward offset (src/train/tables.ts) and the batch-relative
 * weights, Renyi's weights were clipped to equal values at this scale and its gradient was exactly 0.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { initBackend } from '../../../src/train/backend';
import { outputWidth } from '../../../src/train/model';
import { Trainer } from '../../../src/train/trainer';
import type { Trajectory } from '../../../src/train/trajectory';
import { trainConfig } from './helpers';

const SCALE = 70;
const ITEMS = ['a', 'b', 'c'];
const REWARD: Record<string, number> = { ab: 1, ac: 2, bc: 3 };
/** Tsallis's h is rescaled as a whole when its largest exponent leaves [-30, 30] (divergences.ts). */
const MAX_LOG_WEIGHT = 30;

const pairs = defineEnvironment({
  name: 'pairs of {a, b, c}, rewards times e^70',
  initial: '',
  actionSpace: ITEMS,
  actions: (s: string) => (s.length < 2 ? ITEMS.filter((c) => !s.includes(c)) : []),
  step: (s: string, c: string) => [...s, c].sort().join(''),
  reward: (x: string) => REWARD[x] * Math.exp(SCALE),
  key: (s: string) => s || '(empty)',
});
const { dag } = explore(pairs);
const id = (s: string) => dag.states.indexOf(s);

/** Fixed, uneven policy logits per state (masked actions are ignored). */
const LOGITS: Record<string, number[]> = { '': [0.3, -0.5, 0.9], a: [0, 0.4, -0.2], b: [0.7, 0, -0.6], c: [-0.3, 0.8, 0] };
/** The batch: the path of each trajectory (B = 5). */
const PATHS = [['', 'a', 'ab'], ['', 'c', 'ac'], ['', 'b', 'bc'], ['', 'a', 'ac'], ['', 'c', 'bc']];

beforeAll(async () => {
  await initBackend('wasm');
});

/** P_F(. | s) over the allowed actions of s, from LOGITS (float64). */
function policy(s: string): Map<string, number> {
  const allowed = ITEMS.filter((c) => !s.includes(c));
  const logits = allowed.map((c) => LOGITS[s][ITEMS.indexOf(c)]);
  const max = Math.max(...logits);
  const total = logits.reduce((t, l) => t + Math.exp(l - max), 0);
  return new Map(allowed.map((c, k) => [c, Math.exp(logits[k] - max) / total]));
}

const added = (from: string, to: string) => [...to].find((c) => !from.includes(c))!;

interface ByHand {
  logQ: number[];
  logPTilde: number[];
  /** d log q_i / d logit(s, k), keyed `${s}|${k}`. */
  score: Map<string, number>[];
}

function byHand(): ByHand {
  const logQ: number[] = [];
  const logPTilde: number[] = [];
  const score: Map<string, number>[] = [];
  for (const path of PATHS) {
    let lq = 0;
    const g = new Map<string, number>();
    for (let t = 0; t + 1 < path.length; t++) {
      const pf = policy(path[t]);
      const taken = added(path[t], path[t + 1]);
      lq += Math.log(pf.get(taken)!);
      for (const [c, p] of pf) g.set(`${path[t]}|${c}`, (g.get(`${path[t]}|${c}`) ?? 0) + (c === taken ? 1 : 0) - p);
    }
    const x = path.at(-1)!;
    logQ.push(lq); // P_F(stop | x) = 1: x is a sink
    logPTilde.push(Math.log(REWARD[x]) + SCALE + Math.log(1 / 2)); // P_B(singleton | pair) = 1/2, P_B(s0 | singleton) = 1
    score.push(g);
  }
  return { logQ, logPTilde, score };
}

/** sum_i c_i grad log q_i, keyed like the scores. */
function combine(coefficients: number[], score: Map<string, number>[]): Map<string, number> {
  const out = new Map<string, number>();
  coefficients.forEach((c, i) => score[i].forEach((v, k) => out.set(k, (out.get(k) ?? 0) + c * v)));
  return out;
}

function renyiByHand(alpha: number): Map<string, number> {
  const { logQ, logPTilde, score } = byHand();
  const e = logQ.map((lq, i) => (alpha - 1) * (lq - logPTilde[i]));
  const max = Math.max(...e);
  const total = e.reduce((t, v) => t + Math.exp(v - max), 0);
  const w = e.map((v) => Math.exp(v - max) / total);
  return combine(w.map((wi) => (alpha / (alpha - 1)) * (wi - 1 / PATHS.length)), score);
}

/** The gradient and the largest exponent (a-1) log(q Z / p~) of the batch. */
function tsallisByHand(alpha: number, logZ: number): { grad: Map<string, number>; largest: number } {
  const { logQ, logPTilde, score } = byHand();
  const b = PATHS.length;
  const e = logQ.map((lq, i) => (alpha - 1) * (lq - logPTilde[i] + logZ));
  const h = e.map(Math.exp);
  const sum = h.reduce((t, v) => t + v, 0);
  const coefficients = h.map((hi) => ((alpha / (alpha - 1)) * (hi - (sum - hi) / (b - 1))) / b);
  return { grad: combine(coefficients, score), largest: Math.max(...e) };
}

/**
 * A tabular trainer with LOGITS and the log Z variable at `logZ` in the user's scale; its gradient on the batch.
 * `logRewardOffset` 0 trains on log R itself, as a run resumed from a checkpoint older than the offset does.
 */
function engineGradient(loss: 'renyi' | 'tsallis', alpha: number, logZ: number, logRewardOffset?: number) {
  // average 0: the delivered policy is the trained table itself, so deliveredLogZ reads the log Z set below.
  const trainer = new Trainer(dag, { ...trainConfig({ loss, alpha, batchSize: PATHS.length, average: 0 }), policy: 'tabular', logRewardOffset }, null);
  const { tables, model } = trainer;
  const width = outputWidth(model.config);
  const table = new Float32Array(tables.nStates * width);
  for (const [s, logits] of Object.entries(LOGITS)) logits.forEach((l, k) => (table[id(s) * width + k] = l));
  model.weights[0].assign(tf.tensor2d(table, [tables.nStates, width]));
  model.logZ.assign(tf.scalar(logZ - tables.logRewardOffset));
  expect(trainer.deliveredLogZ()).toBeCloseTo(logZ, 4);
  const batch: Trajectory[] = PATHS.map((path) => {
    const states = Int32Array.from(path, id);
    const edges = Int32Array.from(path.slice(1), (to, t) => tables.edgeOf[states[t] * tables.nActions + ITEMS.indexOf(added(path[t], to))]);
    return { states, edges };
  });
  const { policyGradient } = trainer.lossOnBatch(batch);
  trainer.dispose();
  const grad = new Map<string, number>();
  for (const s of Object.keys(LOGITS)) for (const c of ITEMS.filter((c) => !s.includes(c))) grad.set(`${s}|${c}`, policyGradient[0][id(s) * width + ITEMS.indexOf(c)]);
  return grad;
}

/** Every entry of `actual` equals `expected` to a relative 1e-4 of the largest; both finite and not all 0. */
function expectSameGradient(actual: Map<string, number>, expected: Map<string, number>): void {
  const scale = Math.max(...[...expected.values()].map(Math.abs));
  expect(Number.isFinite(scale) && scale > 0).toBe(true);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, v] of expected) {
    expect(Number.isFinite(actual.get(k)!), k).toBe(true);
    expect(Math.abs(actual.get(k)! - v) / scale, `${k}: ${actual.get(k)} vs ${v}`).toBeLessThan(1e-4);
  }
}

const trueLogZ = Math.log(1 + 2 + 3) + SCALE;

describe('Renyi and Tsallis gradients with rewards times e^70 (tabular policy on pairs of {a, b, c})', () => {
  it('the default log-reward offset is the largest log R', () => {
    const trainer = new Trainer(dag, { ...trainConfig({ loss: 'renyi' }), policy: 'tabular' }, null);
    expect(trainer.tables.logRewardOffset).toBeCloseTo(Math.log(3) + SCALE, 10);
    trainer.dispose();
  });

  for (const [offsetName, offset] of [['default offset', undefined], ['offset 0', 0]] as const) {
    for (const alpha of [0.5, 2]) {
      for (const logZ of [0, 70, trueLogZ]) {
        const name = `${offsetName}, alpha ${alpha}, log Z ${logZ.toFixed(2)}`;
        it(`renyi, ${name}: the gradient of the definition (it does not depend on log Z)`, () => {
          expectSameGradient(engineGradient('renyi', alpha, logZ, offset), renyiByHand(alpha));
        });

        it(`tsallis, ${name}: the gradient of the definition, times e^-s when its exponents leave +-30`, () => {
          const { grad, largest } = tsallisByHand(alpha, logZ);
          // The whole batch is divided by e^s, s = largest - clip(largest, -30, 30): a positive factor, the direction is exact.
          const s = largest - Math.min(MAX_LOG_WEIGHT, Math.max(-MAX_LOG_WEIGHT, largest));
          if (logZ === 0) expect(Math.abs(s)).toBeGreaterThan(1); // the case that used to clip every weight alike
          else expect(s).toBe(0);
          expectSameGradient(engineGradient('tsallis', alpha, logZ, offset), new Map([...grad].map(([k, v]) => [k, v * Math.exp(-s)])));
        });
      }
    }
  }
});
