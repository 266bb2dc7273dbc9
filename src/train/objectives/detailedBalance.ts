/**
 * Detailed balance (Bengio et al., "GFlowNet Foundations", JMLR 2023, Eq. 44; Malkin et al. 2022 Eq. 12):
 * for each transition s -> s' of a sampled trajectory,
 *   L_DB = ( log F(s) + log P_F(s' | s) - log F(s') - log P_B(s | s') )^2,
 * with F(s_0) = Z (the learned log Z) and, for the stop transition x -> s_f, F(s_f) := R(x) (P_B = 1).
 * Averaged over all transitions of the batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { ObjectiveResult, Terms } from './terms';

export function detailedBalance(terms: Terms): ObjectiveResult {
  const { batch } = terms;
  const b = batch.size;
  const t = batch.steps;
  // log F of the next position; at s_f it is log R(x) (the s_f slot of logFlow holds 0, so add log R there).
  const rewardAtEnd = new Float32Array(b * t);
  for (let i = 0; i < b; i++) rewardAtEnd[i * t + batch.lengths[i] - 1] = batch.logReward[i];
  const here = tf.slice(terms.logFlow, [0, 0], [b, t]);
  const next = tf.add(tf.slice(terms.logFlow, [0, 1], [b, t]), tf.tensor2d(rewardAtEnd, [b, t]));
  const residual = tf.sub(tf.add(here, tf.sub(terms.logPF, terms.logPB)), next);
  const mask = tf.tensor2d(batch.transitionMask, [b, t]);
  const count = batch.transitionMask.reduce((s, v) => s + v, 0);
  const loss = tf.div<tf.Scalar>(tf.sum(tf.mul(mask, tf.square(residual))), count);
  return { loss, report: loss, logZ: terms.logZ };
}
