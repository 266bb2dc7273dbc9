/**
 * The types that tie trajectory sampling (src/train/sampler.ts) to the graphs it walks: the explored DAG, or the
 * graph expanded on demand (src/train/expand.ts). In a module of their own so that neither imports the other.
 */
import type { Dag } from '../dag/dag';

/** s_0 .. s_n and the edges between them; the trajectory stops at s_n (a terminal object). */
export interface Trajectory {
  states: Int32Array;
  edges: Int32Array;
}

/** What the sampler and the batch builder read of a graph: a Dag, or an OnDemandGraph. */
export type TrainGraph = Pick<Dag<unknown, unknown>, 'states' | 'keys' | 'expanded' | 'edgeChild' | 'edgeAction' | 'logReward'>;

/** On-demand expansion of an incomplete DAG (src/train/expand.ts). */
export interface Expander {
  /** Lists the actions (mask row), stop flag and reward of unexpanded state s. */
  expand(s: number): void;
  /** The edge taking allowed action column `a` in s, made (step, key, maybe a new state) on first use. */
  edge(s: number, a: number): number;
}
