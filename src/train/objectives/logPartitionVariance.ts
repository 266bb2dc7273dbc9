/**
 * Log-partition variance, "ZVar" (Zhang et al., "Robust Scheduling with GFlowNets", ICLR 2023, Eq. 7; the
 * VarGrad estimator of Richter et al. 2020): each trajectory gives an estimate
 *   zeta(tau) = log R(x) + sum log P_B - sum log P_F
 * of log Z, and the loss is their variance over the batch, which is 0 exactly when P_F matches R P_B / Z.
 * No learned log Z enters the loss; the log Z variable tracks the batch mean for reporting.
 */
import * as tf from '@tensorflow/tfjs';
import { logRatioSum, logZRegression, type ObjectiveResult, type Terms } from './terms';

export function logPartitionVariance(terms: Terms): ObjectiveResult {
  const zeta = tf.sub(terms.logReward, logRatioSum(terms));
  const variance = tf.mean<tf.Scalar>(tf.square(tf.sub(zeta, tf.mean(zeta))));
  return { loss: tf.add<tf.Scalar>(variance, logZRegression(terms)), report: variance, logZ: terms.logZ };
}
