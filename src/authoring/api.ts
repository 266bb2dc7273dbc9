/**
 * The authoring API: what a `.gfn.ts` file imports as `gflownet-studio`.
 *
 * A GFlowNet environment is a DAG of states built from `initial` by applying `step(s, a)` for each allowed action
 * `a` of `actions(s)`. Terminal objects x are the sinks (states with no action) and every state where `canStop`
 * holds. A trained GFlowNet samples x with probability R(x) / Z. The reward is given as R(x) (`reward`) or as
 * log R(x) (`logReward`, for rewards a double cannot hold, such as e^-800 or e^800): exactly one of the two.
 *
 * S (the state type) and A (the action type) are inferred from `initial` and `actions`, so the editor checks the
 * rest of the declaration against them.
 */
import { mulberry32 } from '../../shared/rng';

/** One backward transition: `step(state, action)` leads to the state whose parents are being listed. */
export interface ParentTransition<S, A> {
  readonly state: S;
  readonly action: A;
}

/** Everything of an environment but its reward (see {@link EnvironmentSpec}). */
export interface EnvironmentFields<S, A> {
  /** Shown in the CodeLens, the panel and reports. */
  name: string;
  /** The initial state s0. */
  initial: S;
  /** The allowed forward actions in s. An empty list makes s a terminal sink. */
  actions: (s: S) => readonly A[];
  /** The deterministic transition: the child of s by action a. Must not mutate s. */
  step: (s: S, a: A) => S;
  /**
   * Optional: s is also a terminal object while it still has actions (an implicit "stop" action, as in HyperGrid).
   * Default: only sinks are terminal.
   */
  canStop?: (s: S) => boolean;
  /** Optional state identity. Two states with the same key are the same DAG node. Default: JSON of the state. */
  key?: (s: S) => string;
  /** Optional fixed list of all actions, the output layer of neural policies. Default: discovered by exploration. */
  actionSpace?: readonly A[];
  /** Optional fixed-length finite features for neural policies. Default: a one-hot vector of the explored state. */
  encode?: (s: S) => readonly number[];
  /** Optional label (plain text, or an SVG document starting with `<svg`) drawn for s in the flow graph. */
  render?: (s: S) => string;
  /**
   * Optional backward transitions of s: every (parent, action) with step(parent, action) = s.
   * Exploration finds the parents of every state of an enumerable DAG by itself. Declare `parents` for spaces
   * too large to enumerate, where the uniform backward policy P_B(s | s') = 1 / |parents(s')| needs the count.
   * Validation checks it against the explored edges.
   */
  parents?: (s: S) => readonly ParentTransition<S, A>[];
  /**
   * Optional: terminal object x is one of the modes the task cares about (a corner of HyperGrid, a sequence within a
   * Hamming distance of a reference). Training then reports the modes found: the distinct sampled objects for which
   * it holds, "of N" when the DAG is enumerated. It must return true or false, and is called for terminal objects only.
   * Default: on an enumerated DAG, the objects with at least 0.9 of the largest reward; none where the DAG is too
   * large to enumerate (the largest reward is not known there).
   */
  isMode?: (x: S) => boolean;
  /**
   * Optional: the cell [i, j] (integers >= 0: row and column) of terminal object x in a 2-D picture of the objects,
   * such as the first two coordinates of a grid. The panel then draws the target, the learned and the sampled mass
   * of each cell (the sum over the objects projected there) as three heatmaps. Enumerated DAGs only.
   */
  project?: (x: S) => readonly [number, number];
}

/** The reward as R(x): a finite number >= 0 for every terminal object x. Zero is allowed: such objects are never sampled. */
export interface RewardField<S> {
  reward: (x: S) => number;
  logReward?: never;
}

/**
 * The reward as log R(x), a number < +Infinity for every terminal object x; -Infinity is a zero reward (never
 * sampled). The engine works in log space, so log R = 800 or -800 (R beyond what a double holds) is fine.
 */
export interface LogRewardField<S> {
  logReward: (x: S) => number;
  reward?: never;
}

/** An environment: its states and actions, and its reward given exactly once, as `reward` or as `logReward`. */
export type EnvironmentSpec<S, A> = EnvironmentFields<S, A> & (RewardField<S> | LogRewardField<S>);

/** A validated declaration, as returned by {@link defineEnvironment}. */
export type Environment<S, A> = Readonly<EnvironmentSpec<S, A>> & { readonly [environmentBrand]: true };

/** Marks objects made by defineEnvironment, so the loader can tell them from any other default export. */
export const environmentBrand = Symbol.for('gflownet-studio.environment');

/**
 * Declares a GFlowNet environment. Use it as the default export of a `.gfn.ts` file:
 * ```ts
 * import { defineEnvironment } from 'gflownet-studio';
 * export default defineEnvironment({
 *   name: 'bits',
 *   initial: '',
 *   actions: (s) => (s.length < 3 ? ['0', '1'] : []),
 *   step: (s, a) => s + a,
 *   reward: (x) => 1 + x.split('1').length - 1,
 * });
 * ```
 * or, with the reward in log space, `logReward: (x) => 300 * x.split('1').length` (R = e^300 per 1).
 */
export function defineEnvironment<S, A>(spec: EnvironmentSpec<S, A>): Environment<S, A> {
  return Object.freeze({ ...spec, [environmentBrand]: true as const });
}

/** True when `value` was made by {@link defineEnvironment}. */
export function isEnvironment(value: unknown): value is Environment<unknown, unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[environmentBrand] === true;
}

/**
 * A seeded generator for what a file draws once to build its environment (the modes, the item values, a data set):
 * `const random = rng(seed)` gives draws uniform in [0, 1), the same ones for the same seed on every run and every
 * machine, where Math.random would change the environment between runs. The generator is mulberry32 (shared/rng.ts).
 * Draw at the top level or in a factory, not inside `step`, `actions`, `reward` or `canStop`: those must give the
 * same answer for the same state every time they are called.
 */
export function rng(seed: number): () => number {
  // The seed is checked before it is used: a user value is coerced only once it is known to be a plain number.
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`rng(seed): the seed must be a finite number, got ${typeof seed === 'number' ? String(seed) : typeof seed}`);
  return mulberry32(seed);
}
