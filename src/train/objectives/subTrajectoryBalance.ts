/**
 * Sub-trajectory balance (Madan et al., "Learning GFlowNets from partial episodes for improved convergence and
 * stability", ICML 2023, Eq. 8-9): for every sub-trajectory s_i .. s_j of a sampled trajectory,
 *   L_ij = ( log F(s_i) + sum_{k=i}^{j-1} [log P_F(s_k+1 | s_k) - log P_B(s_k | s_k+1)] - log F(s_j) )^2,
 * weighted by lambda^(j - i) and normalised by the sum of the weights of the trajectory; F(s_0) = Z and
 * F(s_f) := R(x). With u_k = log F(s_k) - C_k, C_k the prefix sum of the log-ratios, L_ij = (u_i - u_j)^2,
 * so all pairs come from one [B, P, P] difference.
 */
import * as tf from '@tensorflow/tfjs';
import type { ObjectiveContext, ObjectiveResult, Terms } from './terms';

export function subTrajectoryBalance(terms: Terms, _rowOf: Int32Array, { config }: ObjectiveContext): ObjectiveResult {
  const { lambda } = config;
  const { batch } = terms;
  const b = batch.size;
  const t = batch.steps;
  const p = t + 1;
  // prefix[k][j] = 1 when transition k < position j: C = d @ prefix gives C_j = sum_{k<j} d_k.
  const prefix = new Float32Array(t * p);
  for (let k = 0; k < t; k++) for (let j = k + 1; j < p; j++) prefix[k * p + j] = 1;
  const cumulative = tf.matMul(tf.sub(terms.logPF, terms.logPB), tf.tensor2d(prefix, [t, p]));
  const rewardAtEnd = new Float32Array(b * p);
  const weights = new Float32Array(b * p * p);
  for (let i = 0; i < b; i++) {
    const n = batch.lengths[i]; // positions 0 .. n are real (n = s_f)
    rewardAtEnd[i * p + n] = batch.logReward[i];
    let total = 0;
    for (let x = 0; x <= n; x++) for (let y = x + 1; y <= n; y++) total += lambda ** (y - x);
    for (let x = 0; x <= n; x++) {
      for (let y = x + 1; y <= n; y++) weights[(i * p + x) * p + y] = lambda ** (y - x) / (total * b);
    }
  }
  const u = tf.sub(tf.add(terms.logFlow, tf.tensor2d(rewardAtEnd, [b, p])), cumulative);
  const diff = tf.sub(tf.reshape(u, [b, p, 1]), tf.reshape(u, [b, 1, p]));
  const loss = tf.sum<tf.Scalar>(tf.mul(tf.tensor3d(weights, [b, p, p]), tf.square(diff)));
  return { loss, report: loss, logZ: terms.logZ };
}
