/**
 * Trajectory balance (Malkin et al., "Trajectory balance: Improved credit assignment in GFlowNets", NeurIPS 2022,
 * Eq. 14): for a complete trajectory tau ending in x,
 *   L_TB(tau) = ( log Z + sum_t log P_F(s_t+1 | s_t) - log R(x) - sum_t log P_B(s_t | s_t+1) )^2,
 * averaged over the batch. The stop transition x -> s_f is part of the P_F product (P_B of it is 1).
 */
import * as tf from '@tensorflow/tfjs';
import { logRatioSum, type ObjectiveResult, type Terms } from './terms';

export function trajectoryBalance(terms: Terms): ObjectiveResult {
  const residual = tf.sub(tf.add(terms.logZ, logRatioSum(terms)), terms.logReward);
  const loss = tf.mean<tf.Scalar>(tf.square(residual));
  return { loss, report: loss, logZ: terms.logZ };
}
