/**
 * Fidelity at any reward scale: every reward of an example multiplied by e^70 or e^-70 trains, with the default
 * settings (src/train/config.ts) and the same seed, to the exact TV of the unscaled example within 0.01, for every
 * objective, on smiley and on sets. Training subtracts the largest log-reward from log R and adds it back to the log Z
 * it reports (src/train/tables.ts): every objective is equivariant under log R, log Z, log F -> + c, so the three runs
 * are one run; the learned log Z and the floor are reported in the user's scale (the unscaled run's plus 70 or -70).
 * 400 iterations keep the 54 runs near a minute: the property holds at every iteration (docs/objectives.md, "Reward
 * scale", has the 2,000-iteration table, where the TVs agree to 4 digits too).
 */
import { describe, expect, it } from 'vitest';
import sets from '../../../examples/sets.gfn';
import smiley from '../../../examples/smiley.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import type { FromSandbox } from '../../../shared/protocol';
import type { ObjectiveName } from '../../../shared/objectives';
import type { TrainSummary } from '../../../shared/trainSummary';
import { OBJECTIVE_NAMES } from '../../../shared/objectives';
import { resolveTrainConfig } from '../../../src/train/config';
import { runInProcess } from './helpers';

/** log of the factor every reward is multiplied by. */
const SCALES = [0, 70, -70] as const;
const ITERATIONS = 400;

type AnyEnvironment = EnvironmentSpec<unknown, unknown>;

const ENVIRONMENTS: [string, AnyEnvironment][] = [
  ['smiley', smiley as unknown as AnyEnvironment],
  ['sets', sets as unknown as AnyEnvironment],
];

/** `env` with R(x) multiplied by e^k (zero rewards stay zero). */
function scaled(env: AnyEnvironment, k: number): AnyEnvironment {
  const reward = env.reward!;
  return k === 0 ? env : { ...env, logReward: undefined, reward: (x: unknown) => reward(x) * Math.exp(k) };
}

async function train(env: AnyEnvironment, loss: ObjectiveName): Promise<TrainSummary> {
  const messages = await runInProcess(env, resolveTrainConfig({ loss, iterations: ITERATIONS }));
  const done = messages.at(-1) as FromSandbox;
  if (done.type !== 'done') throw new Error(JSON.stringify(done));
  return done.summary;
}

describe(`the exact TV after ${ITERATIONS} iterations (default settings, seed 1) does not depend on the scale of R`, () => {
  for (const loss of OBJECTIVE_NAMES) {
    for (const [name, env] of ENVIRONMENTS) {
      it(`${loss} on ${name}: R e^70 and R e^-70 reach the TV of R within 0.01; log Z and the floor in the user's scale`, async () => {
        const runs: { k: number; summary: TrainSummary }[] = [];
        for (const k of SCALES) runs.push({ k, summary: await train(scaled(env, k), loss) });
        console.log(`${loss} ${name}: ${runs.map(({ k, summary: s }) => `x e^${k}: tv ${s.tv!.toFixed(4)} logZ ${s.logZ.toFixed(3)} / ${s.trueLogZ!.toFixed(3)}`).join(' | ')}`);
        const [unscaled, ...others] = runs;
        for (const { k, summary } of others) {
          expect(Math.abs(summary.tv! - unscaled.summary.tv!), `x e^${k}`).toBeLessThanOrEqual(0.01);
          // The true log Z moves by k, and so do the learned one and the floor.
          expect(summary.trueLogZ! - unscaled.summary.trueLogZ!).toBeCloseTo(k, 6);
          expect(Math.abs(summary.logZ - k - unscaled.summary.logZ), `x e^${k}`).toBeLessThan(0.01);
          expect(summary.logRewardFloor - unscaled.summary.logRewardFloor).toBeCloseTo(k, 4);
        }
      }, 120_000);
    }
  }
});
