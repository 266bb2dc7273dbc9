/**
 * The promise, with the default settings (src/train/config.ts: MLP 2x256, Adam 2e-3 / 0.1, the averaged
 * policy, each objective's default exploration) and no per-environment or per-objective tuning: every objective
 * reaches exact TV <= 0.02 within 2,000 iterations of batch 16 on a small DAG. One file per environment, so that
 * vitest's two processes share the runs.
 */
import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec } from '../../../../src/authoring/api';
import type { FromWorker } from '../../../../shared/protocol';
import { OBJECTIVE_NAMES } from '../../../../shared/objectives';
import { resolveTrainConfig } from '../../../../src/train/config';
import { runInProcess } from '../helpers';

type Done = Extract<FromWorker, { type: 'done' }>;

export const ITERATIONS = 2000;

export function describeReachesTarget(name: string, env: EnvironmentSpec<never, never>, seed = 1): void {
  describe(`${name}: every objective at the default settings reaches exact TV <= 0.02 within ${ITERATIONS} iterations of batch 16 (seed ${seed})`, () => {
    for (const loss of OBJECTIVE_NAMES) {
      it(loss, async () => {
        const config = resolveTrainConfig({ loss, iterations: ITERATIONS, reportEvery: ITERATIONS, seed });
        const done = (await runInProcess(env, config)).at(-1) as Done;
        if (done.type !== 'done') throw new Error(JSON.stringify(done));
        console.log(`${loss} ${name}: tv ${done.summary.tv?.toFixed(4)} logZ ${done.summary.logZ.toFixed(3)} / ${done.summary.trueLogZ?.toFixed(3)} ${done.summary.seconds.toFixed(1)} s`);
        expect(done.summary.trajectories).toBe(ITERATIONS * 16);
        expect(done.summary.tv!).toBeLessThanOrEqual(0.02);
      }, 300_000);
    }
  });
}
