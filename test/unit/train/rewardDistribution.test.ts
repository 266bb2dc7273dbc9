/**
 * The reward distribution of samples against the target's (src/train/rewardDistribution.ts, summary.json
 * `rewardDistribution`): the binning by hand, and through the session on the 3x3 Ising model, the shares of the final
 * samples (samples.jsonl) and of the target checked against a brute force over its 512 configurations; the training
 * samples when no final sample is drawn; the samples alone beyond enumeration.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import bitsLarge, { weights } from '../../../examples/bits-large.gfn';
import isingExample from '../../../examples/ising.gfn';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainSummary } from '../../../shared/trainSummary';
import { initBackend } from '../../../src/train/backend';
import { REWARD_BINS, rewardDistribution } from '../../../src/train/rewardDistribution';
import { isingLevels, isingObjects } from './isingTruth';
import { runInProcess, trainConfig } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

type Done = Extract<FromSandbox, { type: 'done' }>;

describe('rewardDistribution by hand', () => {
  it('one bin per level when there are few, with the target per level, a zero reward apart, and the means', () => {
    const logR = [0, 0, 1, -Infinity, 2];
    const d = rewardDistribution({
      samples: [[0, 1], [1, 1], [2, 2], [3, 4]],
      source: 'final',
      count: 8,
      logRewardOf: (x) => logR[x],
      target: { logReward: [0, 0, 1, -Infinity, 2], p: [0.1, 0.1, 0.3, 0, 0.5] },
    })!;
    expect(d.levels).toBe(true);
    expect(d.edges).toEqual([0, 1, 2]);
    expect(d.sampled).toEqual([0.25, 0.25, 0]);
    expect(d.zeroReward).toBe(0.5);
    expect(d.target![0]).toBeCloseTo(0.2, 12);
    expect(d.target![1]).toBeCloseTo(0.3, 12);
    expect(d.target![2]).toBeCloseTo(0.5, 12);
    expect(d.meanLogReward.sampled).toBeCloseTo(0.5, 12);
    expect(d.meanLogReward.target).toBeCloseTo(1.3, 12);
    expect(d.samples).toBe(8);
  });

  it('equal-width bins between the smallest and largest log R beyond REWARD_BINS levels; nothing sampled is null', () => {
    const logR = Array.from({ length: 100 }, (_, i) => i / 10);
    const d = rewardDistribution({ samples: logR.map((_, i) => [i, 1]), source: 'training', count: 100, logRewardOf: (x) => logR[x] })!;
    expect(d.levels).toBe(false);
    expect(d.edges).toHaveLength(REWARD_BINS + 1);
    expect(d.edges[0]).toBe(0);
    expect(d.edges[REWARD_BINS]).toBeCloseTo(9.9, 12);
    expect(d.target).toBeNull();
    // log R = i / 10 in the bin of the number of inner edges 9.9 k / 12 (k = 1..11) at or below it.
    const expected = new Array<number>(REWARD_BINS).fill(0);
    for (const l of logR) expected[Array.from({ length: REWARD_BINS - 1 }, (_, k) => (9.9 * (k + 1)) / REWARD_BINS).filter((e) => l >= e).length] += 0.01;
    d.sampled.forEach((s, k) => expect(s).toBeCloseTo(expected[k], 12));
    expect(rewardDistribution({ samples: [], source: 'training', count: 0, logRewardOf: () => 0 })).toBeNull();
  });

  it('a tail of less than 0.1% of the mass gets the first bin, and equal bins cover where the mass is', () => {
    // Structure learning's shape: 20 objects far below (log R -600..-581) with 1e-5 each, 20 near the top (-20..-1).
    const logR = [...Array.from({ length: 20 }, (_, i) => -600 + i), ...Array.from({ length: 20 }, (_, i) => -20 + i)];
    const p = logR.map((l) => (l < -100 ? 1e-5 : (1 - 20e-5) / 20));
    const d = rewardDistribution({ samples: [[20, 1], [39, 1]], source: 'final', count: 2, logRewardOf: (x) => logR[x], target: { logReward: logR, p } })!;
    expect(d.levels).toBe(false);
    expect(d.edges[0]).toBe(-600);
    // The 0.1% quantile of the target is its first object near the top (the tail holds 0.02%).
    expect(d.edges[1]).toBe(-20);
    expect(d.edges[REWARD_BINS]).toBe(-1);
    expect(d.target![0]).toBeCloseTo(20e-5, 12);
    expect(d.sampled[0]).toBe(0);
    expect(d.sampled[1]).toBe(0.5);
    expect(d.sampled[REWARD_BINS - 1]).toBe(0.5);
  });
});

/** Trains `iterations` on the Ising example and draws `samples` into samples.jsonl: the summary and the sampled keys. */
async function isingRun(iterations: number, samples: number): Promise<{ summary: TrainSummary; keys: string[] }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'gfn-rewards-'));
  const messages = await runInProcess(isingExample, trainConfig({ iterations, samples, hidden: 16, layers: 1, reportEvery: 10 }), { outDir });
  const done = messages.at(-1) as Done;
  expect(done.type, JSON.stringify(done)).toBe('done');
  const text = samples > 0 ? readFileSync(path.join(outDir, 'samples.jsonl'), 'utf8').trim() : '';
  return { summary: done.summary, keys: text ? text.split('\n').map((l) => (JSON.parse(l) as { key: string }).key) : [] };
}

describe('through the session, on the 3x3 Ising model', () => {
  const logROf = new Map(isingObjects().map((o) => [o.key, o.logReward]));
  const levels = isingLevels().sort((a, b) => a.logReward - b.logReward);

  it('of the final samples, per reward level, against the exact target (brute force)', async () => {
    const { summary, keys } = await isingRun(0, 2000);
    const d = summary.rewardDistribution!;
    expect(d).toMatchObject({ source: 'final', samples: 2000, levels: true, zeroReward: 0 });
    expect(d.edges).toHaveLength(levels.length);
    d.edges.forEach((e, k) => expect(e).toBeCloseTo(levels[k].logReward, 10));
    d.target!.forEach((t, k) => expect(t).toBeCloseTo(levels[k].target, 10));
    const counted = levels.map((l) => keys.filter((k) => Math.abs(logROf.get(k)! - l.logReward) < 1e-9).length / keys.length);
    d.sampled.forEach((s, k) => expect(s).toBeCloseTo(counted[k], 12));
    const mean = keys.reduce((s, k) => s + logROf.get(k)!, 0) / keys.length;
    expect(d.meanLogReward.sampled).toBeCloseTo(mean, 10);
    expect(d.meanLogReward.target).toBeCloseTo(levels.reduce((s, l) => s + l.target * l.logReward, 0), 10);
  }, 60_000);

  it('of the recent training samples when no final sample is drawn, labelled so', async () => {
    const { summary } = await isingRun(20, 0);
    const d = summary.rewardDistribution!;
    expect(d.source).toBe('training');
    expect(d.samples).toBe(summary.trajectories);
    expect(d.sampled.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(d.target).not.toBeNull();
  }, 60_000);

  it('beyond enumeration (bit strings of 16, expanded on demand): the samples alone in equal bins, no target', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'gfn-rewards-'));
    const messages = await runInProcess(bitsLarge, trainConfig({ iterations: 0, samples: 500, hidden: 16, layers: 1 }), { outDir, maxStates: 2000 });
    const { summary } = messages.at(-1) as Done;
    expect(summary.expandedOnDemand).toBe(true);
    const keys = readFileSync(path.join(outDir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { key: string }).key);
    // log R = sum of log w_i over the set bits, from the weights alone.
    const logR = keys.map((k) => [...k].reduce((s, b, i) => s + (b === '1' ? Math.log(weights[i]) : 0), 0));
    const d = summary.rewardDistribution!;
    expect(d).toMatchObject({ source: 'final', samples: 500, levels: false, target: null, meanLogReward: { target: null } });
    const lo = Math.min(...logR);
    const hi = Math.max(...logR);
    expect(d.edges[0]).toBeCloseTo(lo, 10);
    expect(d.edges[REWARD_BINS]).toBeCloseTo(hi, 10);
    const expected = new Array<number>(REWARD_BINS).fill(0);
    for (const l of logR) expected[Array.from({ length: REWARD_BINS - 1 }, (_, k) => lo + ((hi - lo) * (k + 1)) / REWARD_BINS).filter((e) => l >= e).length] += 1 / 500;
    d.sampled.forEach((share, k) => expect(share).toBeCloseTo(expected[k], 10));
    expect(d.meanLogReward.sampled).toBeCloseTo(logR.reduce((a, b) => a + b, 0) / 500, 10);
  }, 60_000);
});
