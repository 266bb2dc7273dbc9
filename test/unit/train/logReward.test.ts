/**
 * Training on log-rewards a double cannot hold (log R around +800 and -800): the run trains as the same environment
 * with R in a double's range does (every objective is equivariant under log R + c, src/train/tables.ts), its exact TV
 * is finite, its true log Z is the log-sum-exp of the log-rewards and its learned log Z is in the user's scale.
 */
import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import { defineEnvironment } from '../../../src/authoring/api';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainSummary } from '../../../shared/trainSummary';
import { resolveTrainConfig } from '../../../src/train/config';
import { runInProcess } from './helpers';

const ones = (x: string) => x.split('').filter((c) => c === '1').length;
const OBJECTS = Array.from({ length: 16 }, (_, i) => i.toString(2).padStart(4, '0'));

const base = { name: 'bits', initial: '', actions: (s: string) => (s.length < 4 ? ['0', '1'] : []), step: (s: string, a: string) => s + a };
/** R(x) = 1 + 2 * ones(x), in a double's range. */
const plain = defineEnvironment({ ...base, reward: (x) => 1 + 2 * ones(x) });
/** The same rewards times e^shift, given as log R. */
const shifted = (shift: number) => defineEnvironment({ ...base, logReward: (x) => shift + Math.log(1 + 2 * ones(x)) });

/** log sum_i exp(v_i), the largest factored out: the test's own, not the engine's. */
function logSumExp(values: number[]): number {
  const m = Math.max(...values);
  return m + Math.log(values.reduce((sum, v) => sum + Math.exp(v - m), 0));
}

async function train(env: EnvironmentSpec<string, string>): Promise<TrainSummary> {
  const messages = await runInProcess(env, resolveTrainConfig({ loss: 'tb', iterations: 400, hidden: 64 }));
  const done = messages.at(-1) as FromSandbox;
  if (done.type !== 'done') throw new Error(JSON.stringify(done));
  return done.summary;
}

describe('training with logReward beyond a double', () => {
  it('log R around +800 and -800 trains as R does: finite exact TV, log Z in the user\'s scale', async () => {
    const reference = await train(plain);
    expect(reference.tv).toBeLessThan(0.05);
    for (const shift of [800, -800]) {
      expect(Math.exp(shift + Math.log(3))).toBe(shift > 0 ? Infinity : 0);
      const s = await train(shifted(shift));
      const trueLogZ = logSumExp(OBJECTS.map((x) => shift + Math.log(1 + 2 * ones(x))));
      expect(s.trueLogZ).toBeCloseTo(trueLogZ, 9);
      expect(Number.isFinite(s.tv)).toBe(true);
      expect(Math.abs(s.tv! - reference.tv!), `e^${shift}`).toBeLessThan(0.01);
      // The learned log Z is reported in the user's scale: the unshifted run's plus the shift.
      expect(Math.abs(s.logZ - reference.logZ - shift), `e^${shift}`).toBeLessThan(0.01);
      expect(Math.abs(s.logZ - trueLogZ)).toBeLessThan(0.1);
      expect(s.logRewardFloor - reference.logRewardFloor).toBeCloseTo(shift, 4);
    }
  }, 120_000);

  it('zero rewards given as -Infinity are never learned; the modes are found', async () => {
    const env = defineEnvironment({ ...base, logReward: (x) => (x.startsWith('0') ? -Infinity : 900 + ones(x)) });
    const messages = await runInProcess(env, resolveTrainConfig({ loss: 'tb', iterations: 400, hidden: 64 }));
    const snapshot = messages.filter((m): m is Extract<FromSandbox, { type: 'flows' }> => m.type === 'flows').at(-1)!.snapshot;
    const summary = messages.find((m): m is Extract<FromSandbox, { type: 'done' }> => m.type === 'done')!.summary;
    expect(summary.trueLogZ).toBeCloseTo(logSumExp(OBJECTS.filter((x) => x.startsWith('1')).map((x) => 900 + ones(x))), 9);
    expect(summary.tv).toBeLessThan(0.05);
    // Without a graph the snapshot covers every DAG state in id order: terminals are the last 16 (BFS), "0..." first.
    const terminalProb = snapshot.terminalProb.slice(-16);
    expect(terminalProb.slice(0, 8).reduce((a, b) => a + b, 0)).toBeLessThan(0.01);
    // The one mode ("1111", R^1 at least 0.9 of the largest) is counted and found.
    expect(summary.modes).toBe(1);
    expect(summary.modesFound).toBe(1);
  }, 60_000);
});
