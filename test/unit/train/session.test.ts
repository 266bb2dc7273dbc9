import { describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import type { FromSandbox } from '../../../shared/protocol';
import { runInProcess, trainConfig } from './helpers';

type Of<T extends FromSandbox['type']> = Extract<FromSandbox, { type: T }>;

describe('runTraining (in process)', () => {
  it('TB on smiley: progress and flows every reportEvery, then done with the exact TV and log Z', async () => {
    const messages = await runInProcess(smiley, trainConfig({ iterations: 1000, reportEvery: 250 }));
    const progress = messages.filter((m): m is Of<'progress'> => m.type === 'progress');
    const flows = messages.filter((m): m is Of<'flows'> => m.type === 'flows');
    expect(progress.map((p) => p.progress.iteration)).toEqual([250, 500, 750, 1000]);
    expect(flows).toHaveLength(4);
    const done = messages.at(-1) as Of<'done'>;
    expect(done.type).toBe('done');
    expect(done.cancelled).toBe(false);
    expect(done.summary.trajectories).toBe(16_000);
    expect(done.summary.backend).toMatch(/^wasm/);
    // In Node the wasm backend runs one thread (src/train/backend.ts backendThreads).
    expect(done.summary.backendName).toBe('wasm');
    expect(done.summary.threads).toBe(1);
    expect(done.summary.trueLogZ).toBeCloseTo(Math.log(12), 6);
    expect(done.summary.tv).not.toBeNull();
    expect(done.summary.tv!).toBeLessThan(0.06);
    expect(Math.abs(done.summary.logZ - Math.log(12))).toBeLessThan(0.15);
    // The learned terminal probabilities of the last snapshot sum to 1 over the whole DAG.
    const last = flows.at(-1)!.snapshot;
    expect(last.terminalProb.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
