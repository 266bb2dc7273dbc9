/**
 * The objectives whose gradient is written out in JS (objectives/direct.ts) against their tfjs expression's
 * autodiff, through the trainer's whole path (Trainer.lossOnBatch: the engine's forward, the objective, the engine's
 * backward): the same loss, d loss / d log Z and weight gradients on the same batch, for every form of the heads
 * (the reward and the free stop logit, the uniform and the learned backward policy, rewards of zero, whole-DAG rows
 * and batch rows) and off-policy batches. A wrong sign or a missing softmax term moves the gradients by far more
 * than the float32 rounding these bounds allow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import sets from '../../../examples/sets.gfn';
import smiley from '../../../examples/smiley.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { initBackend } from '../../../src/train/backend';
import { DIRECT_GRADIENTS } from '../../../src/train/objectives/losses';
import { encodeStates, Trainer, type BatchEvaluation } from '../../../src/train/trainer';
import type { TrainerOptions } from '../../../src/train/trainerTypes';
import type { ObjectiveName } from '../../../shared/objectives';
import { trainConfig } from './helpers';

const any = <S, A>(e: EnvironmentSpec<S, A>) => e as unknown as EnvironmentSpec<unknown, unknown>;

const environments: [string, EnvironmentSpec<unknown, unknown>][] = [
  ['smiley (zero rewards)', any(smiley)],
  ['sets', any(sets)],
  ['hypergrid 8x8', any(hypergrid({ dims: 2, side: 8 }))],
];

const variants: [string, Partial<TrainerOptions>][] = [
  ['reward stop logit, uniform P_B, native whole-DAG rows', { backend: 'native' }],
  ['reward stop logit, uniform P_B, batch rows', { backend: 'native', wholeDagStates: 0 }],
  ['free stop logit, learned P_B', { backend: 'native', wholeDagStates: 0, stopLogit: 'free', backward: 'learned' }],
  ['reward stop logit, learned P_B, tfjs engine', { backend: 'wasm', backward: 'learned' }],
];

beforeAll(async () => {
  await initBackend('wasm');
});

/** One batch drawn off-policy (epsilon and a temperature, so that unlikely actions are in it), then both paths on it. */
function bothPaths(env: EnvironmentSpec<unknown, unknown>, loss: ObjectiveName, options: Partial<TrainerOptions>): [BatchEvaluation, BatchEvaluation] {
  const { dag } = explore(env);
  const config = (tfjsObjective: boolean): TrainerOptions => ({ ...trainConfig({ loss, seed: 3, ...options }), tfjsObjective });
  const direct = new Trainer(dag, config(false), encodeStates(env, dag));
  const tfjs = new Trainer(dag, config(true), encodeStates(env, dag));
  try {
    // A few updates first, so that the policy is not at its initial near-uniform point.
    for (let i = 1; i <= 5; i++) direct.step(i);
    for (let i = 1; i <= 5; i++) tfjs.step(i);
    const batch = direct.sample(32, 0.3, 2);
    return [direct.lossOnBatch(batch), tfjs.lossOnBatch(batch)];
  } finally {
    direct.dispose();
    tfjs.dispose();
  }
}

function expectClose(actual: number, expected: number, scale: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-4 * Math.max(1e-2, scale));
}

describe.each(Object.keys(DIRECT_GRADIENTS) as ObjectiveName[])('the JS gradient of %s equals tfjs autodiff', (loss) => {
  describe.each(environments)('%s', (_name, env) => {
    it.each(variants)('%s', (_variant, options) => {
      const [direct, tfjs] = bothPaths(env, loss, options);
      expect(tfjs.loss).toBeGreaterThan(1e-3); // a batch away from the optimum, so the gradients are not all ~0
      expectClose(direct.loss, tfjs.loss, tfjs.loss);
      expectClose(direct.report, tfjs.report, tfjs.report);
      expectClose(direct.logZGrad, tfjs.logZGrad, tfjs.logZGrad);
      const scale = Math.max(...tfjs.policyGradient.map((g) => g.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
      expect(scale).toBeGreaterThan(1e-3);
      direct.policyGradient.forEach((g, p) => g.forEach((x, k) => expectClose(x, tfjs.policyGradient[p][k], scale)));
    });
  });
});
