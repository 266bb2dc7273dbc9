/** Shared set-up for the training tests: explore an example in-process and run a session collecting messages. */
import type { EnvironmentSpec } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainConfig } from '../../../shared/trainConfig';
import { runTraining } from '../../../src/train/session';

export function trainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    loss: 'tb',
    iterations: 200,
    batchSize: 16,
    learningRate: 1e-3,
    learningRateLogZ: 0.1,
    learningRateDecay: 0,
    hidden: 64,
    layers: 2,
    backward: 'uniform',
    stopLogit: 'reward',
    average: 0.99,
    epsilon: 0,
    temperature: 1,
    seed: 1,
    lambda: 0.9,
    alpha: 0.5,
    replay: 0,
    beta: 1,
    backend: 'wasm',
    samples: 0,
    reportEvery: 100,
    ...overrides,
  };
}

export async function runInProcess<S, A>(
  env: EnvironmentSpec<S, A>,
  config: TrainConfig,
  options: { outDir?: string; cancelAfter?: number; maxStates?: number; resumeFrom?: string } = {},
): Promise<FromSandbox[]> {
  const { dag } = explore(env, { maxStates: options.maxStates });
  const messages: FromSandbox[] = [];
  let progressCount = 0;
  await runTraining(env, dag, { type: 'train', file: 'in-process', config, outDir: options.outDir, resumeFrom: options.resumeFrom }, {
    post: (m) => {
      messages.push(m);
      if (m.type === 'progress') progressCount++;
    },
    isCancelled: () => options.cancelAfter !== undefined && progressCount >= options.cancelAfter,
  });
  return messages;
}
