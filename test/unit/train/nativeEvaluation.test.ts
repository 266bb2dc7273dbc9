/**
 * The exact evaluation of the delivered policy (the moving average, not the engine's own weights) on the native
 * engine: its log-policies from onnxruntime's forward with the average's weights and the JS heads equal the tfjs
 * model's forward and heads, for one-hot and feature inputs and the learned backward head; no native tensor is kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import smiley from '../../../examples/smiley.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { initBackend } from '../../../src/train/backend';
import { allLogProbs, policyOutputs } from '../../../src/train/evaluate';
import { encodeStates, Trainer } from '../../../src/train/trainer';
import { trainConfig } from './helpers';

const any = <S, A>(e: EnvironmentSpec<S, A>) => e as unknown as EnvironmentSpec<unknown, unknown>;

beforeAll(async () => {
  await initBackend('wasm');
});

describe.each([
  ['smiley without its encode (one-hot input), learned P_B', any({ ...smiley, encode: undefined }), true, false],
  ['hypergrid 8x8, feature input', any(hypergrid({ dims: 2, side: 8 })), false, true],
])('native exact evaluation: %s', (_name, env, learned, features) => {
  it('equals the tfjs forward of the averaged policy', () => {
    const { dag } = explore(env);
    const config = { ...trainConfig({ backend: 'native', backward: learned ? 'learned' : 'uniform', average: 0.9 }), wholeDagStates: 0 };
    const trainer = new Trainer(dag, config, encodeStates(env, dag));
    try {
      expect(trainer.model.config.kind === 'mlp' && trainer.model.config.inputDim > 0).toBe(features);
      for (let i = 1; i <= 30; i++) trainer.step(i);
      const live = trainer.engine.liveObjects();
      const policy = trainer.policy;
      expect(policy).not.toBe(trainer.model); // the average, whose weights the engine does not hold
      const native = allLogProbs(policy, trainer.tables, trainer.stop, learned, policyOutputs(policy, trainer.engine));
      const tfjs = allLogProbs(policy, trainer.tables, trainer.stop, learned);
      expect(trainer.engine.liveObjects()).toBe(live);
      let worst = 0;
      tfjs.logPF.forEach((x, k) => {
        if (x > -1e6) worst = Math.max(worst, Math.abs(native.logPF[k] - x));
      });
      expect(worst).toBeLessThan(1e-4);
      if (learned) {
        expect(native.logPB).not.toBeNull();
        tfjs.logPB!.forEach((x, k) => expect(Math.abs(native.logPB![k] - x)).toBeLessThan(1e-4));
      }
      // The iterate's own forward differs from the average's: the evaluation read the average's weights.
      const iterate = allLogProbs(trainer.model, trainer.tables, trainer.stop, false, policyOutputs(trainer.model, trainer.engine));
      expect(iterate.logPF.some((x, k) => x > -1e6 && Math.abs(x - native.logPF[k]) > 1e-3)).toBe(true);
    } finally {
      trainer.dispose();
    }
  });
});
