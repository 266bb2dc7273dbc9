/**
 * A flow snapshot (flows.json, the flows messages): the learned flows and probabilities of a run indexed like its
 * FlowGraph (shared/flowGraph.ts), with the inspector's numbers and the terminal mass per cell of `project`.
 */
import type { PolicyInspection } from './inspection';

/** Learned quantities indexed like FlowGraph.nodes and FlowGraph.edges. */
export interface FlowSnapshot {
  iteration: number;
  /** Learned edge flow F(s -> s') = u(s) P_F(s' | s) * Z_learned, u the probability of reaching s. */
  edgeFlow: number[];
  stateFlow: number[];
  /** The learned policy's exact probability of each terminal node (0 for non-terminal nodes). */
  terminalProb: number[];
  /** Frequency of each node among recently sampled terminals. */
  sampledFreq: number[];
  /**
   * The state inspector's numbers (complete DAGs; absent otherwise). Per edge, FlowGraph.edges order: the learned
   * P_F(s' | s), the backward policy in use P_B(s | s') (learned, or 1 / |parents(s')|), and the target's: the exact
   * P_F and edge flow of the unique flow consistent with R and that P_B. Per node: the learned and target P_F(stop | s).
   */
  inspector?: PolicyInspection;
  /** The terminal mass per cell of the environment's `project` (enumerated DAGs that declare it; absent otherwise). */
  projection?: ProjectedMass;
}

/**
 * Terminal mass summed per cell [i, j] of `project(x)` (src/train/projection.ts), row-major (cell i * cols + j):
 * the target R(x)^beta / Z, the learned policy's exact P(x), the recent samples' frequency. Each sums to 1.
 */
export interface ProjectedMass {
  rows: number;
  cols: number;
  target: number[];
  learned: number[];
  sampled: number[];
}
