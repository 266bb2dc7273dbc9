/**
 * From raw network outputs to the quantities the objectives use, for a batch of rows (DAG states):
 * the masked forward log-policy log P_F(. | s) over [actions | stop], the state log-flow log F(s), and the learned
 * backward log-policy log P_B(. | s) over the action space (masked to the parent edges of s).
 */
import * as tf from '@tensorflow/tfjs';
import { MASKED, type DagTables } from './tables';

/**
 * How the forward policy's stop logit is formed where a state x may stop (docs/objectives.md, "The stop logit"):
 * - 'flow' (flow matching): log R(x) itself, the network's outputs being log edge flows (Bengio et al. 2021);
 * - 'reward': the network's stop output plus log R(x). A correct policy stops with P_F(stop | x) = R(x) / F(x)
 *   (Bengio et al. 2023, "GFlowNet Foundations", Eq. 34), so the network learns log F(x -> s') - log R(x) - c(x), how
 *   far continuing beats stopping, instead of the reward itself; in the spirit of forward-looking flows (Pan et al.
 *   2023, "Better training of GFlowNets with local credit and incomplete trajectories"). Any policy is still
 *   representable: only the starting point and what the network must learn change;
 * - 'free': the network's stop output alone.
 * log R is the training log-reward (beta log R, floored, shifted: tables.ts).
 */
export type StopLogit = 'flow' | 'reward' | 'free';

/** The stop logit of a state that may stop, from the network's stop output and its training log-reward. */
export function stopLogitValue(stop: StopLogit, output: number, logR: number): number {
  return stop === 'free' ? output : stop === 'flow' ? logR : output + logR;
}

/** The stop logit's form for a model, given whether its objective trains edge flows (flow matching). */
export function stopLogitOf(modelStop: 'reward' | 'free', edgeFlows: boolean): StopLogit {
  return edgeFlows ? 'flow' : modelStop;
}

export interface Heads {
  /** [R, nActions + 1] log-probabilities; masked entries are about -1e9. */
  logPF: tf.Tensor2D;
  /** [R, nActions + 1] masked log edge flows for flow matching: log F(s -> s') and log R(s) in the stop column. */
  logEdgeFlow: tf.Tensor2D | null;
  /** [R] log F(s) from the flow head. */
  logF: tf.Tensor1D;
  /** [R, nActions] log P_B of one parent edge with action a into s, when the backward policy is learned. */
  logPB: tf.Tensor2D | null;
}

/** The rows of a per-state table for the given states, as one typed array [rows.length * width]. */
export function gatherRows(table: Float32Array, width: number, rows: Int32Array | null): Float32Array {
  if (!rows) return table;
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(table.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return out;
}

/**
 * `stop` 'flow' (flow matching): the forward logits are log edge flows and the stop column is log R(s) (Bengio et
 * al. 2021: the policy is P_F(s'|s) = F(s -> s') / sum of out-flows, stopping with R(s) / out-flow); 'reward' adds
 * log R(s) to the network's stop output (StopLogit).
 */
export function computeHeads(
  out: tf.Tensor2D,
  rows: Int32Array | null,
  tables: DagTables,
  stop: StopLogit,
  learnedBackward: boolean,
): Heads {
  const r = out.shape[0];
  const a = tables.nActions;
  const w = tables.policyWidth;
  const mask = tf.tensor2d(gatherRows(tables.forwardMask, w, rows), [r, w]);
  let logits: tf.Tensor2D;
  let logEdgeFlow: tf.Tensor2D | null = null;
  if (stop !== 'free') {
    const logR = new Float32Array(r);
    for (let i = 0; i < r; i++) {
      const s = rows ? rows[i] : i;
      // An invalid (NaN) reward stays out of the tensors: sampling it stops training with a clear error instead.
      const l = tables.logReward[s];
      const stops = tables.forwardMask[s * w + a] === 0 && !Number.isNaN(l);
      logR[i] = stops ? l : stop === 'flow' ? MASKED : 0;
    }
    if (stop === 'flow') {
      const flows: tf.Tensor2D = tf.add(tf.concat([tf.slice(out, [0, 0], [r, a]), tf.tensor2d(logR, [r, 1])], 1), mask);
      logEdgeFlow = flows;
      logits = flows;
    } else {
      const stopColumn = tf.add(tf.slice(out, [0, a], [r, 1]), tf.tensor2d(logR, [r, 1]));
      logits = tf.add<tf.Tensor2D>(tf.concat([tf.slice(out, [0, 0], [r, a]), stopColumn], 1), mask);
    }
  } else {
    logits = tf.add<tf.Tensor2D>(tf.slice(out, [0, 0], [r, w]), mask);
  }
  const logPF = tf.logSoftmax(logits);
  const logF = tf.reshape<tf.Rank.R1>(tf.slice(out, [0, a + 1], [r, 1]), [r]);
  let logPB: tf.Tensor2D | null = null;
  if (learnedBackward && a > 0) {
    // The mask adds log c_a, c_a the number of parent edges of s with action a: the softmax gives each action the
    // mass of its c_a edges, c_a e^l_a / sum_b c_b e^l_b, and subtracting log c_a leaves each edge its share, so
    // that P_B sums to 1 over the parent edges even when two of them share an action (relu: 0 where masked).
    const bmask = tf.tensor2d(gatherRows(tables.backwardMask, a, rows), [r, a]);
    logPB = tf.sub<tf.Tensor2D>(tf.logSoftmax(tf.add<tf.Tensor2D>(tf.slice(out, [0, a + 2], [r, a]), bmask)), tf.relu(bmask));
  }
  return { logPF, logEdgeFlow, logF, logPB };
}
