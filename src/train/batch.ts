/**
 * The index tables that turn per-state heads into per-trajectory quantities, built in JS once per iteration.
 * A batch of B trajectories is laid out as B x T transitions (T = the longest trajectory's transitions, the final
 * stop included) and B x (T + 1) positions s_0 .. s_n, s_f. Padding points at a zero slot appended to each head.
 */
import type { TrainGraph, Trajectory } from './trajectory';
import type { DagTables } from './tables';

export interface Batch {
  size: number;
  /** Transitions per row (the longest trajectory's, stop included). */
  steps: number;
  /** Rows of the forward pass (distinct states), or null for all states in id order. */
  rows: Int32Array | null;
  rowCount: number;
  /** [B * T] flat indices into logPF [R, nActions + 1] (flattened), padding = R * (nActions + 1). */
  forwardIndex: Int32Array;
  /** [B * T] flat indices into logPB [R, nActions], padding (and the stop transition) = R * nActions. */
  backwardIndex: Int32Array;
  /** [B * T] uniform log P_B of each transition (0 for stop and padding). */
  uniformLogPB: Float32Array;
  /** [B * (T + 1)] indices into [logF of the R rows, log Z, 0]: s0 -> R (log Z), s_f and padding -> R + 1. */
  flowIndex: Int32Array;
  /** [B * T] 1 for real transitions, 0 for padding. */
  transitionMask: Float32Array;
  /** [B] transitions of each trajectory (stop included). */
  lengths: Int32Array;
  /** [B] floored log R of each trajectory's terminal object. */
  logReward: Float32Array;
  /** The terminal state of each trajectory. */
  terminals: Int32Array;
}

/**
 * `rows` null: the forward pass covers every state (small DAGs), so row = state id. Otherwise the distinct states
 * of the batch (plus `extraRows`, e.g. parents for flow matching) are the rows, `firstRows` first in their order
 * (the native engine's kept sampling rows, engine/keptRows.ts, which are then its pass as they are).
 */
export function buildBatch(
  dag: Pick<TrainGraph, 'edgeAction'>,
  tables: DagTables,
  trajectories: Trajectory[],
  allStates: boolean,
  extraRows?: (s: number, add: (t: number) => void) => void,
  firstRows?: Int32Array,
): { batch: Batch; rowOf: Int32Array } {
  const rowOf = new Int32Array(tables.nStates).fill(-1);
  let rows: Int32Array | null = null;
  let rowCount = tables.nStates;
  if (allStates) {
    for (let s = 0; s < tables.nStates; s++) rowOf[s] = s;
  } else {
    const list: number[] = [];
    const add = (s: number) => {
      if (rowOf[s] < 0) {
        rowOf[s] = list.length;
        list.push(s);
      }
    };
    if (firstRows) for (const s of firstRows) add(s);
    for (const t of trajectories) for (const s of t.states) add(s);
    if (extraRows) for (const t of trajectories) for (const s of t.states) extraRows(s, add);
    rows = Int32Array.from(list);
    rowCount = list.length;
  }
  const b = trajectories.length;
  let steps = 0;
  for (const t of trajectories) steps = Math.max(steps, t.edges.length + 1);
  const w = tables.policyWidth;
  const a = tables.nActions;
  const forwardIndex = new Int32Array(b * steps).fill(rowCount * w);
  const backwardIndex = new Int32Array(b * steps).fill(rowCount * a);
  const uniformLogPB = new Float32Array(b * steps);
  const transitionMask = new Float32Array(b * steps);
  const flowIndex = new Int32Array(b * (steps + 1)).fill(rowCount + 1);
  const lengths = new Int32Array(b);
  const logReward = new Float32Array(b);
  const terminals = new Int32Array(b);
  trajectories.forEach((t, i) => {
    const n = t.edges.length;
    for (let k = 0; k < n; k++) {
      const e = t.edges[k];
      const s = t.states[k];
      const c = t.states[k + 1];
      forwardIndex[i * steps + k] = rowOf[s] * w + dag.edgeAction[e];
      backwardIndex[i * steps + k] = rowOf[c] * a + dag.edgeAction[e];
      uniformLogPB[i * steps + k] = tables.uniformLogPB[e];
      transitionMask[i * steps + k] = 1;
      flowIndex[i * (steps + 1) + k] = k === 0 ? rowCount : rowOf[s];
    }
    const x = t.states[n];
    forwardIndex[i * steps + n] = rowOf[x] * w + a; // the stop transition x -> s_f, P_B(x | s_f) = 1
    transitionMask[i * steps + n] = 1;
    flowIndex[i * (steps + 1) + n] = n === 0 ? rowCount : rowOf[x];
    lengths[i] = n + 1;
    logReward[i] = tables.logReward[x];
    terminals[i] = x;
  });
  return {
    batch: {
      size: b,
      steps,
      rows,
      rowCount,
      forwardIndex,
      backwardIndex,
      uniformLogPB,
      flowIndex,
      transitionMask,
      lengths,
      logReward,
      terminals,
    },
    rowOf,
  };
}
