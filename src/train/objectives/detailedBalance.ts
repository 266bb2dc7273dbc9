/**
 * Detailed balance (Bengio et al., "GFlowNet Foundations", JMLR 2023, Eq. 44; Malkin et al. 2022 Eq. 12):
 * for each transition s -> s' of a sampled trajectory,
 *   L_DB = ( log F(s) + log P_F(s' | s) - log F(s') - log P_B(s | s') )^2,
 * with F(s_0) = Z (the learned log Z) and, for the stop transition x -> s_f, F(s_f) := R(x) (P_B = 1).
 * A sink x (a terminal without actions) has the stop transition only, so its flow is known: F(x) = R(x)
 * (Bengio et al. 2023, Eq. 44 on x -> s_f with P_F(s_f | x) = 1). It is used as such: log F(x) := log R(x) in the
 * transition into x, and the stop transition of a sink, then identically 0, is left out. The flow head no longer has
 * to learn log R at the sinks, which are as low as the log-reward floor (max log R - 25) for zero rewards.
 * Averaged over the remaining transitions of the batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { ObjectiveContext, ObjectiveResult, Terms } from './terms';
import type { DagTables } from '../tables';

/** x has no action: its only transition is stop. */
export function isSink(tables: DagTables, x: number): boolean {
  const w = tables.policyWidth;
  for (let c = 0; c < tables.nActions; c++) if (tables.forwardMask[x * w + c] === 0) return false;
  return true;
}

export function detailedBalance(terms: Terms, _rowOf: Int32Array, { tables }: ObjectiveContext): ObjectiveResult {
  const { batch } = terms;
  const b = batch.size;
  const t = batch.steps;
  // log F of the next position: log R(x) at s_f (the s_f slot of logFlow holds 0, so add log R there), and at a sink
  // x itself (keep = 0 drops the learned log F(x) there).
  const known = new Float32Array(b * t);
  const keep = new Float32Array(b * t).fill(1);
  const mask = Float32Array.from(batch.transitionMask);
  for (let i = 0; i < b; i++) {
    const n = batch.lengths[i] - 1; // transitions before the stop; x is at position n
    if (n >= 1 && isSink(tables, batch.terminals[i])) {
      known[i * t + n - 1] = batch.logReward[i];
      keep[i * t + n - 1] = 0;
      mask[i * t + n] = 0;
    } else known[i * t + n] = batch.logReward[i];
  }
  const here = tf.slice(terms.logFlow, [0, 0], [b, t]);
  const next = tf.add(tf.mul(tf.slice(terms.logFlow, [0, 1], [b, t]), tf.tensor2d(keep, [b, t])), tf.tensor2d(known, [b, t]));
  const residual = tf.sub(tf.add(here, tf.sub(terms.logPF, terms.logPB)), next);
  const count = mask.reduce((s, v) => s + v, 0);
  const loss = tf.div<tf.Scalar>(tf.sum(tf.mul(tf.tensor2d(mask, [b, t]), tf.square(residual))), count);
  return { loss, report: loss, logZ: terms.logZ };
}
