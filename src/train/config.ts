/**
 * The training configuration: every option of a run, with its `gfn train` flag, its VS Code setting, its range and
 * its default, declared once. The CLI (cli/train.ts) parses flags from it, the extension (extension/trainSettings.ts)
 * reads settings from it and package.json's settings are checked against it; the objectives' options come from
 * the objective registry (shared/objectives.ts). `resolveTrainConfig` fills in what the user left unset, for both front ends.
 *
 * Defaults that used to differ between the CLI and the extension: seed 1 (the CLI had 0; `npm start`, the tests and
 * the extension used 1), progress every iterations / 10 (the extension had every 25). `samples` differs on purpose:
 * the extension draws 200 for GFlowNet: Sample, `gfn train` none unless asked (they go to --out DIR).
 */
import type { BackendName, TrainConfig } from '../../shared/trainConfig';
import { unsetText, type ChoiceOption, type NumberOption } from '../../shared/options';
import { OBJECTIVE_NAMES, OBJECTIVE_OPTIONS, objective, objectivesTaking, type ObjectiveName, type ObjectiveOptionName } from '../../shared/objectives';

export const BACKENDS = ['native', 'wasm', 'cpu', 'node', 'cuda'] as const satisfies readonly BackendName[];

type OptionOf<K extends keyof TrainConfig> = NonNullable<TrainConfig[K]> extends number
  ? NumberOption<K>
  : ChoiceOption<K, NonNullable<TrainConfig[K]> & string>;

/** Every field of TrainConfig, in the order of the help and the settings. */
export const TRAIN_OPTIONS = {
  loss: {
    kind: 'choice', key: 'loss', flag: '--loss', metavar: 'NAME', setting: 'train.objective', values: OBJECTIVE_NAMES,
    descriptions: OBJECTIVE_NAMES.map((n) => objective(n).title), default: 'tb', description: 'Training objective.',
  },
  iterations: {
    kind: 'number', key: 'iterations', flag: '--iterations', metavar: 'N', setting: 'train.iterations', integer: true, minimum: 1,
    maximum: 10_000_000, default: 1000, description: 'Training iterations (gradient steps).',
  },
  batchSize: {
    kind: 'number', key: 'batchSize', flag: '--batch', metavar: 'B', setting: 'train.batchSize', integer: true, minimum: 1, maximum: 4096,
    default: 16, description: 'Trajectories per iteration.',
  },
  learningRate: {
    kind: 'number', key: 'learningRate', flag: '--lr', metavar: 'X', setting: 'train.learningRate', exclusiveMinimum: 0,
    default: 2e-3, description: 'Adam learning rate of the policy network (at the start: see --lr-decay).',
  },
  learningRateDecay: {
    kind: 'number', key: 'learningRateDecay', flag: '--lr-decay', metavar: 'T', setting: 'train.learningRateDecay', minimum: 0,
    default: 1000, description: "The policy's learning rate at step t is lr / sqrt(1 + t / T): T iterations (0: constant).",
  },
  learningRateLogZ: {
    kind: 'number', key: 'learningRateLogZ', flag: '--lr-logz', metavar: 'X', setting: 'train.learningRateLogZ', exclusiveMinimum: 0,
    default: 0.1, description: 'Adam learning rate of log Z.',
  },
  hidden: {
    kind: 'number', key: 'hidden', flag: '--hidden', metavar: 'H', setting: 'train.hiddenSize', integer: true, minimum: 1, maximum: 4096,
    default: 256, description: 'Width of each hidden layer of the policy MLP.',
  },
  layers: {
    kind: 'number', key: 'layers', flag: '--layers', metavar: 'L', setting: 'train.hiddenLayers', integer: true, minimum: 0, maximum: 16,
    default: 2, description: 'Number of hidden layers of the policy MLP (0: a linear policy).',
  },
  average: {
    kind: 'number', key: 'average', flag: '--average', metavar: 'D', setting: 'train.average', minimum: 0, exclusiveMaximum: 1,
    default: 0.99,
    description: 'Decay of the moving average of the policy weights (Polyak averaging) that evaluation, the flow graph, samples and the saved model use; 0: the last iterate.',
  },
  backward: {
    kind: 'choice', key: 'backward', flag: '--backward', metavar: 'P_B', setting: 'train.backward', values: ['uniform', 'learned'],
    descriptions: ["1 / |parents(s')|", "a softmax over the parent edges of s', trained with P_F"], default: 'uniform',
    description: 'Backward policy P_B.',
  },
  stopLogit: {
    kind: 'choice', key: 'stopLogit', flag: '--stop-logit', metavar: 'FORM', setting: 'train.stopLogit', values: ['reward', 'free'],
    descriptions: ["the network's stop output plus the state's log-reward (beta log R(s))", "the network's stop output alone"],
    default: 'reward',
    description: 'The forward policy\'s stop logit where a state may stop (flow matching always uses log R(s) itself).',
  },
  beta: {
    kind: 'number', key: 'beta', flag: '--beta', metavar: 'B', setting: 'train.beta', exclusiveMinimum: 0,
    default: 1,
    description: 'Reward exponent: train towards R(x)^B / Z_B (B log R in log space); the target, exact TV, log Z and modes are those of R^B. B > 1 sharpens the modes, B < 1 flattens them.',
  },
  ...OBJECTIVE_OPTIONS,
  seed: {
    kind: 'number', key: 'seed', flag: '--seed', metavar: 'S', setting: 'train.seed', integer: true, minimum: 0,
    default: 1, description: 'Random seed: the same seed gives the same run.',
  },
  samples: {
    kind: 'number', key: 'samples', flag: '--samples', metavar: 'K', setting: 'train.samples', integer: true, minimum: 0, maximum: 100_000,
    default: 0, settingDefault: 200,
    description: 'Terminal objects drawn from the trained policy at the end of a run (GFlowNet: Sample shows them; gfn train writes them to DIR/samples.jsonl).',
  },
  reportEvery: {
    kind: 'number', key: 'reportEvery', flag: '--report-every', metavar: 'N', setting: 'train.reportEvery', integer: true, minimum: 1,
    default: null, unset: 'iterations / 10', description: 'Iterations between progress reports and flow-graph updates.',
  },
  backend: {
    kind: 'choice', key: 'backend', flag: '--backend', metavar: 'NAME', setting: 'train.backend', values: BACKENDS,
    descriptions: [
      'the policy network on ONNX Runtime, onnxruntime-node on the CPU; falls back to wasm, saying why, where its binary does not load',
      'TensorFlow.js WebAssembly', 'TensorFlow.js pure JavaScript, slow', 'TensorFlow.js @tensorflow/tfjs-node, when installed',
      "ONNX Runtime's CUDA provider where installed with ONNXRUNTIME_NODE_INSTALL=cuda12; refused otherwise",
    ],
    default: 'native', description: 'Compute engine of the policy network (the objectives run on TensorFlow.js).',
  },
} satisfies { [K in keyof TrainConfig]-?: OptionOf<K> };

export type TrainOption = (typeof TRAIN_OPTIONS)[keyof typeof TRAIN_OPTIONS];
export const TRAIN_OPTION_LIST: readonly (NumberOption | ChoiceOption)[] = Object.values(TRAIN_OPTIONS);

/** What a user chose; unset (undefined) fields get their defaults. */
export type TrainChoices = { [K in keyof TrainConfig]?: TrainConfig[K] };

/**
 * The configuration of a run from the user's choices: fixed defaults, then those that depend on other choices
 * (epsilon and temperature on the objective, the report cadence on the iterations).
 */
export function resolveTrainConfig(choices: TrainChoices = {}): TrainConfig {
  const fixed: Record<string, unknown> = {};
  for (const o of TRAIN_OPTION_LIST) if (o.default !== null) fixed[o.key] = o.default;
  for (const [key, value] of Object.entries(choices)) if (value !== undefined) fixed[key] = value;
  const config = fixed as unknown as TrainConfig;
  config.epsilon = choices.epsilon ?? objective(config.loss).defaultEpsilon;
  config.temperature = choices.temperature ?? defaultTemperature(config.loss, config.beta);
  config.reportEvery = choices.reportEvery ?? Math.max(1, Math.round(config.iterations / 10));
  return config;
}

/**
 * The sampling temperature when the user sets none: the objective's, raised to beta when beta is larger (off-policy
 * objectives; the on-policy ones sample at 1). A run towards R^beta then explores as one towards R would: on the 3x3
 * Ising model at --beta 2, TB at temperature 1.25 draws one of the two modes only (exact TV 0.500 at 2,000
 * iterations), at 2 both (0.003); docs/objectives.md, "Defaults on the literature".
 */
export function defaultTemperature(loss: ObjectiveName, beta: number): number {
  const spec = objective(loss);
  return spec.onPolicy ? spec.defaultTemperature : Math.max(spec.defaultTemperature, beta);
}

/** `gfn train`'s configuration without flags (tests and tools start from it). */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze(resolveTrainConfig());

/**
 * The sentences that follow an option's description in `gfn train --help` ('flag') and in its setting ('setting'):
 * its default, and for the options of objectives which objectives take it and what the others accept.
 */
export function optionNotes(o: NumberOption | ChoiceOption, front: 'flag' | 'setting'): string {
  const notes: string[] = [];
  // VS Code shows a setting's default itself; only what an empty one means is said.
  if (o.kind === 'number' && o.default === null) notes.push(front === 'setting' ? `Empty (null): ${unsetText(o)}.` : `Default: ${unsetText(o)}.`);
  else if (front === 'flag') notes.push(`Default ${o.default}.`);
  if (o.kind === 'number' && o.key in OBJECTIVE_OPTIONS) {
    const takers = objectivesTaking(o.key as ObjectiveOptionName);
    const others = OBJECTIVE_NAMES.filter((n) => !takers.includes(n));
    notes.push(`Used by ${takers.join(', ')}${o.off !== undefined && others.length > 0 ? `; ${others.join(', ')} accept only ${o.off}` : ''}.`);
  }
  return notes.join(' ');
}
