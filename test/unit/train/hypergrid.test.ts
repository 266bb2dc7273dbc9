import { describe, expect, it } from 'vitest';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import type { FromSandbox } from '../../../shared/protocol';
import { runInProcess, trainConfig } from './helpers';

type Done = Extract<FromSandbox, { type: 'done' }>;

// The settings (those of the PyTorch peer): TB, MLP 2x256 over the K-hot encoding, uniform P_B,
// Adam 1e-3 / 0.1. Slow by nature (tens of seconds each); they run in `npm test` all the same.
const peerSettings = { loss: 'tb' as const, hidden: 256, layers: 2, learningRate: 1e-3, learningRateLogZ: 0.1, seed: 0 };

describe('HyperGrid with trajectory balance', () => {
  it('8x8: exact TV <= 0.01 after 32,000 trajectories', async () => {
    // log Z's Adam rate 0.01 instead of the peer's 0.1: with 0.1 our runs reach TV 0.0001-0.0007 by 16-24k
    // trajectories and then spike to 0.025-0.03 as Adam's normalised log Z steps stay large on a near-zero
    // gradient (seeds 0, 1, 2 measured); with 0.01 they stay at TV <= 0.0001 (seeds 0 and 1 measured).
    const config = trainConfig({ ...peerSettings, learningRateLogZ: 0.01, batchSize: 16, iterations: 2000, reportEvery: 2000 });
    const done = (await runInProcess(hypergrid({ dims: 2, side: 8 }), config)).at(-1) as Done;
    expect(done.type).toBe('done');
    console.log(`8x8: tv ${done.summary.tv} logZ ${done.summary.logZ} (true ${done.summary.trueLogZ}) ${done.summary.trajectoriesPerSecond.toFixed(0)} traj/s`);
    expect(done.summary.trajectories).toBe(32_000);
    expect(done.summary.trueLogZ!).toBeCloseTo(3.109061, 5);
    expect(done.summary.tv!).toBeLessThanOrEqual(0.01);
  }, 300_000);

  it('8x8x8x8: exact TV <= 0.10 after 64,000 trajectories', async () => {
    const config = trainConfig({ ...peerSettings, batchSize: 64, iterations: 1000, reportEvery: 1000 });
    const done = (await runInProcess(hypergrid({ dims: 4, side: 8 }), config)).at(-1) as Done;
    expect(done.type).toBe('done');
    console.log(`8^4: tv ${done.summary.tv} logZ ${done.summary.logZ} (true ${done.summary.trueLogZ}) ${done.summary.trajectoriesPerSecond.toFixed(0)} traj/s`);
    expect(done.summary.trajectories).toBe(64_000);
    expect(done.summary.trueLogZ!).toBeCloseTo(6.344934, 5);
    expect(done.summary.tv!).toBeLessThanOrEqual(0.1);
  }, 600_000);
});
