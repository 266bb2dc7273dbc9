/**
 * Fidelity at any reward scale (the scale-*.test.ts files, one per objective so that each file stays well under
 * 3 minutes): every reward of an example multiplied by e^70 or e^-70 trains, with the default settings
 * (src/train/config.ts) and the same seed, to the exact TV of the unscaled example within 0.01, and each reaches
 * TV <= 0.02 within 2,000 iterations of batch 16. The learned log Z is reported in the user's scale: the unscaled
 * run's plus the log of the factor. Training subtracts the largest log-reward from log R and adds it back to the log Z
 * it reports (src/train/tables.ts); docs/objectives.md ("Reward scale") has the measurements before and after.
 */
import { describe, expect, it } from 'vitest';
import sets from '../../../examples/sets.gfn';
import smiley from '../../../examples/smiley.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import type { FromWorker, ObjectiveName, TrainSummary } from '../../../shared/protocol';
import { resolveTrainConfig } from '../../../src/train/config';
import { runInProcess } from './helpers';

/** log of the factor every reward is multiplied by. */
export const SCALES = [0, 70, -70] as const;
const ITERATIONS = 2000;

type AnyEnvironment = EnvironmentSpec<unknown, unknown>;

const ENVIRONMENTS: [string, AnyEnvironment][] = [
  ['smiley', smiley as unknown as AnyEnvironment],
  ['sets', sets as unknown as AnyEnvironment],
];

/** `env` with R(x) multiplied by e^k (zero rewards stay zero). */
export function scaled(env: AnyEnvironment, k: number): AnyEnvironment {
  return k === 0 ? env : { ...env, reward: (x: unknown) => env.reward(x) * Math.exp(k) };
}

async function train(env: AnyEnvironment, loss: ObjectiveName): Promise<TrainSummary> {
  const messages = await runInProcess(env, resolveTrainConfig({ loss, iterations: ITERATIONS }));
  const done = messages.at(-1) as FromWorker;
  if (done.type !== 'done') throw new Error(JSON.stringify(done));
  return done.summary;
}

interface Run {
  k: number;
  summary: TrainSummary;
}

export function scaleInvariance(loss: ObjectiveName): void {
  describe(`${loss}: the exact TV at 2,000 iterations (default settings) does not depend on the scale of R`, () => {
    for (const [name, env] of ENVIRONMENTS) {
      describe(name, () => {
        // The three runs, trained once (by the first test) for both tests.
        let trained: Promise<Run[]> | null = null;
        const runs = () =>
          (trained ??= (async () => {
            const out: Run[] = [];
            for (const k of SCALES) out.push({ k, summary: await train(scaled(env, k), loss) });
            console.log(`${loss} ${name}: ${out.map(({ k, summary: s }) => `x e^${k}: tv ${s.tv!.toFixed(4)} logZ ${s.logZ.toFixed(3)} / ${s.trueLogZ!.toFixed(3)} (${s.seconds.toFixed(0)} s)`).join(' | ')}`);
            return out;
          })());

        it('R e^70 and R e^-70 reach the exact TV of R within 0.01; log Z and the floor are reported in the user\'s scale', async () => {
          const [unscaled, ...others] = await runs();
          for (const { k, summary } of others) {
            expect(Math.abs(summary.tv! - unscaled.summary.tv!), `x e^${k}`).toBeLessThanOrEqual(0.01);
            // The true log Z moves by k, and so do the learned one and the floor.
            expect(summary.trueLogZ! - unscaled.summary.trueLogZ!).toBeCloseTo(k, 6);
            expect(Math.abs(summary.logZ - k - unscaled.summary.logZ), `x e^${k}`).toBeLessThan(0.01);
            expect(summary.logRewardFloor - unscaled.summary.logRewardFloor).toBeCloseTo(k, 4);
          }
        }, 170_000);

        it('each reaches TV <= 0.02', async () => {
          for (const { k, summary } of await runs()) expect(summary.tv!, `x e^${k}`).toBeLessThanOrEqual(0.02);
        }, 170_000);
      });
    }
  });
}
