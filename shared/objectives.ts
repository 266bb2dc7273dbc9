/**
 * The objective registry: every training objective, declared once, after torchgfn's src/gfn/gflownet/base.py where
 * each GFlowNet says which training samples it needs. Everything else comes from here: the type ObjectiveName (of a
 * run's TrainConfig, shared/trainConfig.ts), the trainer's dispatch and needs (src/train/trainer.ts, with the losses
 * of src/train/objectives/losses.ts), the refusals of invalid combinations, `gfn train --loss` with its flags and help
 * (cli/train.ts), the extension's settings (extension/trainSettings.ts; package.json is checked against them by
 * test/unit/train/registry.test.ts) and the table of docs/objectives.md. In shared/ because ObjectiveName is part of
 * what the protocol carries; pure data, so the extension host loads no TensorFlow.js for it.
 *
 * Adding an objective: write its file in src/train/objectives/ exporting an `Objective` (terms.ts there), add its
 * entry below and the line the compiler then asks for in losses.ts; `npm run registry` writes the settings of
 * package.json and the table of docs/objectives.md.
 */
import type { NumberOption } from './options';
import { optionRef } from './optionRefs';

/** Options that change how training trajectories are sampled; an on-policy objective accepts none of them. */
const EXPLORATION = ['epsilon', 'temperature', 'replay'] as const;

/** The options objectives take (the other training options, src/train/config.ts, apply to every objective). */
export const OBJECTIVE_OPTIONS = {
  epsilon: {
    kind: 'number', key: 'epsilon', flag: '--epsilon', metavar: 'E', setting: 'train.epsilon', minimum: 0, maximum: 1, off: 0,
    default: null, unset: (): string => `the objective's default (${byDefault('defaultEpsilon', 0)})`,
    description: 'Probability of a uniformly random action at each step of a training trajectory.',
  },
  temperature: {
    kind: 'number', key: 'temperature', flag: '--temperature', metavar: 'T', setting: 'train.temperature', exclusiveMinimum: 0, off: 1,
    default: null, unset: (): string => `the objective's default (${byDefault('defaultTemperature', 1)}), or the reward exponent beta where it is larger, for an off-policy objective`,
    description: 'The policy logits are divided by T when sampling training trajectories.',
  },
  replay: {
    kind: 'number', key: 'replay', flag: '--replay', metavar: 'F', setting: 'train.replay', minimum: 0, exclusiveMaximum: 1, off: 0,
    default: 0, description: 'Fraction of each batch replayed from a buffer of recent trajectories, drawn in proportion to R(x).',
  },
  lambda: {
    kind: 'number', key: 'lambda', flag: '--lambda', metavar: 'L', setting: 'train.lambda', exclusiveMinimum: 0,
    default: 0.9, description: 'Weight lambda^(j-i) of the sub-trajectory from s_i to s_j.',
  },
  alpha: {
    kind: 'number', key: 'alpha', flag: '--alpha', metavar: 'A', setting: 'train.alpha', not: 1,
    default: 0.5, description: 'Order alpha of the divergence (any number but 1).',
  },
} as const satisfies Record<string, NumberOption>;

export type ObjectiveOptionName = keyof typeof OBJECTIVE_OPTIONS;

export interface ObjectiveSpec {
  /** Lower case, as in "trained with trajectory balance"; the settings' dropdown, the help and the docs show it. */
  title: string;
  paper: string;
  /** The loss (or the divergence) in plain text. */
  equation: string;
  /** Its implementation, in src/train/objectives/ (its `Objective` is listed in losses.ts there). */
  file: string;
  /** Its estimator assumes samples from P_F itself: no exploration, temperature or replay. */
  onPolicy: boolean;
  /** What the loss sums over (torchgfn's training samples): trajectories, their transitions, or the visited states. */
  samples: 'trajectories' | 'transitions' | 'states';
  needs: {
    /** log F(s) from the flow head. */
    stateFlows: boolean;
    /** The forward outputs are log edge flows: the policy is their normalisation and the stop flow of x is R(x). */
    edgeFlows: boolean;
    /** Every parent of each visited state is forwarded too, so the DAG must be complete. */
    parents: boolean;
  };
  /** 'learned': a variable of the loss; 'regressed' on the batch's estimates (stop-gradient); 'edgeFlows': the out-flow of s_0. */
  logZ: 'learned' | 'regressed' | 'edgeFlows';
  /** epsilon when the user sets none (0 for on-policy objectives). */
  defaultEpsilon: number;
  /** The sampling temperature when the user sets none (1 for on-policy objectives; docs/objectives.md, "Defaults on the literature"). */
  defaultTemperature: number;
  /** The options it takes from OBJECTIVE_OPTIONS. */
  options: readonly ObjectiveOptionName[];
}

const DIVERGENCES = 'da Silva et al., "On Divergence Measures for Training GFlowNets", NeurIPS 2024 (arXiv 2410.09355)';
/** q(tau) = prod P_F, p(tau) = R(x) prod P_B / Z. */
const divergence = (title: string, equation: string, options: readonly ObjectiveOptionName[] = []): ObjectiveSpec => ({
  title, paper: DIVERGENCES, equation, file: 'divergences.ts', onPolicy: true, samples: 'trajectories',
  needs: { stateFlows: false, edgeFlows: false, parents: false }, logZ: 'regressed', defaultEpsilon: 0, defaultTemperature: 1, options,
});

/**
 * The objectives, in the order `--loss` lists them. Local objectives (db, subtb, fm) constrain only the transitions
 * a batch visits: trained on-policy they can settle on a few objects with a zero loss (docs/performance.md), so
 * they explore by default; TB and ZVar learn Z globally and need none.
 */
export const OBJECTIVES = {
  fm: {
    title: 'flow matching',
    paper: 'Bengio et al., "Flow Network based Generative Models for Non-Iterative Diverse Candidate Generation", NeurIPS 2021, Eq. 12',
    equation: "L(s') = ( log sum_{s -> s'} F(s -> s') - log( R(s') + sum_{s' -> s''} F(s' -> s'') ) )^2",
    file: 'flowMatching.ts', onPolicy: false, samples: 'states',
    needs: { stateFlows: false, edgeFlows: true, parents: true }, logZ: 'edgeFlows', defaultEpsilon: 0.1, defaultTemperature: 1, options: EXPLORATION,
  },
  db: {
    title: 'detailed balance',
    paper: 'Bengio et al., "GFlowNet Foundations", JMLR 2023, Eq. 44',
    equation: "L(s -> s') = ( log F(s) + log P_F(s' | s) - log F(s') - log P_B(s | s') )^2",
    file: 'detailedBalance.ts', onPolicy: false, samples: 'transitions',
    needs: { stateFlows: true, edgeFlows: false, parents: false }, logZ: 'learned', defaultEpsilon: 0.1, defaultTemperature: 1, options: EXPLORATION,
  },
  tb: {
    title: 'trajectory balance',
    paper: 'Malkin et al., "Trajectory balance: Improved credit assignment in GFlowNets", NeurIPS 2022, Eq. 14',
    equation: 'L(tau) = ( log Z + sum_t log P_F(s_t+1 | s_t) - log R(x) - sum_t log P_B(s_t | s_t+1) )^2',
    file: 'trajectoryBalance.ts', onPolicy: false, samples: 'trajectories',
    needs: { stateFlows: false, edgeFlows: false, parents: false }, logZ: 'learned', defaultEpsilon: 0.1, defaultTemperature: 1.25, options: EXPLORATION,
  },
  subtb: {
    title: 'sub-trajectory balance',
    paper: 'Madan et al., "Learning GFlowNets from partial episodes for improved convergence and stability", ICML 2023, Eq. 8-9',
    equation: 'L_ij = ( log F(s_i) + sum_{k=i}^{j-1} [log P_F(s_k+1 | s_k) - log P_B(s_k | s_k+1)] - log F(s_j) )^2, weight lambda^(j-i)',
    file: 'subTrajectoryBalance.ts', onPolicy: false, samples: 'trajectories',
    needs: { stateFlows: true, edgeFlows: false, parents: false }, logZ: 'learned', defaultEpsilon: 0.1, defaultTemperature: 1, options: ['lambda', ...EXPLORATION],
  },
  zvar: {
    title: 'log-partition variance (VarGrad)',
    paper: 'Zhang et al., "Robust Scheduling with GFlowNets", ICLR 2023, Eq. 7',
    equation: 'L = Var_batch( log R(x) + sum log P_B - sum log P_F )',
    file: 'logPartitionVariance.ts', onPolicy: false, samples: 'trajectories',
    needs: { stateFlows: false, edgeFlows: false, parents: false }, logZ: 'regressed', defaultEpsilon: 0, defaultTemperature: 1, options: EXPLORATION,
  },
  kl: divergence('reverse KL divergence', 'KL(q || p)'),
  'forward-kl': divergence('forward KL divergence', 'KL(p || q)'),
  renyi: divergence('Renyi-alpha divergence', 'D_alpha(q || p) = 1/(alpha-1) log E_q[(q/p)^(alpha-1)]', ['alpha']),
  tsallis: divergence('Tsallis-alpha divergence', 'T_alpha(q || p) = 1/(alpha-1) (E_q[(q/p)^(alpha-1)] - 1)', ['alpha']),
} satisfies Record<string, ObjectiveSpec>;

export type ObjectiveName = keyof typeof OBJECTIVES;

export const OBJECTIVE_NAMES = Object.keys(OBJECTIVES) as ObjectiveName[];

export function objective(name: ObjectiveName): ObjectiveSpec {
  return OBJECTIVES[name];
}

/** '0.1 for fm, db, subtb; 0 for the others': an exploration default of the objectives, `off` its value when none. */
function byDefault(field: 'defaultEpsilon' | 'defaultTemperature', off: number): string {
  const byValue = new Map<number, ObjectiveName[]>();
  for (const n of OBJECTIVE_NAMES) byValue.set(objective(n)[field], [...(byValue.get(objective(n)[field]) ?? []), n]);
  const values = [...byValue.keys()].filter((v) => v !== off);
  return [...values.map((v) => `${v} for ${byValue.get(v)!.join(', ')}`), `${off} for the others`].join('; ');
}

/** Its options other than the exploration ones (lambda, alpha): what the help and the docs list beside it. */
export function ownOptions(name: ObjectiveName): NumberOption[] {
  return objective(name).options.map((o): NumberOption => OBJECTIVE_OPTIONS[o]).filter((o) => o.off === undefined);
}

/** The objectives that take `option`. */
export function objectivesTaking(option: ObjectiveOptionName): ObjectiveName[] {
  return OBJECTIVE_NAMES.filter((n) => objective(n).options.includes(option));
}

/**
 * Why this combination cannot train, or null: an objective that does not take an exploration option (the on-policy
 * divergences) accepts only its "off" value, since off-policy samples would bias its estimator.
 */
export function objectiveConflict(config: { loss: ObjectiveName } & Record<ObjectiveOptionName, number>): string | null {
  const spec = objective(config.loss);
  const refused = Object.values(OBJECTIVE_OPTIONS).filter(
    (o: NumberOption) => o.off !== undefined && !spec.options.includes(o.key as ObjectiveOptionName) && config[o.key as ObjectiveOptionName] !== o.off,
  );
  if (refused.length === 0) return null;
  const use = refused.map((o: NumberOption) => `${o.flag} ${o.off} (setting gflownet.${o.setting})`).join(' and ');
  const others = OBJECTIVE_NAMES.filter((n) => !objective(n).onPolicy).join(', ');
  return `--loss ${config.loss} is ${spec.onPolicy ? 'trained on-policy' : 'not trained with these'}: use ${use} with it, or an off-policy objective (${others})`;
}

/** Why the objective cannot train on a DAG that exploration did not complete, or null. */
export function incompleteDagConflict(name: ObjectiveName): string | null {
  if (!objective(name).needs.parents) return null;
  const others = OBJECTIVE_NAMES.filter((n) => !objective(n).needs.parents).join(', ');
  return `the objective ${name} (${optionRef('loss')}) needs the edge flows of every parent of each visited state; use another (${others}), or raise ${optionRef('maxStates')}`;
}

const LOG_Z: Record<ObjectiveSpec['logZ'], string> = { learned: 'learned', regressed: 'regressed on the batch', edgeFlows: 'out-flow of s_0' };

/** The markers around the table in docs/objectives.md, which `npm run registry` writes between them. */
export const TABLE_START = '<!-- objectives table: written by `npm run registry` from shared/objectives.ts -->';
export const TABLE_END = '<!-- end of the objectives table -->';

/** The table of docs/objectives.md (test/unit/train/registry.test.ts checks that the docs hold it). */
export function objectivesTable(): string {
  const needs = (s: ObjectiveSpec) =>
    [s.needs.stateFlows && 'state flows', s.needs.edgeFlows && 'edge flows', s.needs.parents && 'parents (complete DAG)'].filter(Boolean).join(', ') || '-';
  const rows = OBJECTIVE_NAMES.map((n) => {
    const s = objective(n);
    const sampling = s.onPolicy ? 'on-policy' : `off-policy, epsilon ${s.defaultEpsilon}${s.defaultTemperature !== 1 ? `, temperature ${s.defaultTemperature}` : ''}`;
    const own = ownOptions(n).map((o) => `\`${o.flag}\``);
    return `| \`${n}\` | ${s.title} | ${s.samples} | ${needs(s)} | ${LOG_Z[s.logZ]} | ${sampling} | ${own.join(' ') || '-'} | \`${s.file}\` |`;
  });
  return [
    '| `--loss` | objective | sums over | needs | log Z | sampling (default) | options | file |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
