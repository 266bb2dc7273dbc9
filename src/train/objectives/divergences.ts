/**
 * The divergence objectives of da Silva et al., "On Divergence Measures for Training GFlowNets" (NeurIPS 2024,
 * arXiv 2410.09355), Sec. 3-4. With q(tau) = prod P_F (the sampler) and the unnormalised target
 * p~(tau) = R(x) prod P_B (p = p~ / Z), trajectories are sampled on-policy from q and the gradients are the
 * score-function (REINFORCE) estimators of each divergence, with the leave-one-out control variate of Sec. 4
 * (the baseline of trajectory i is the mean over the other B - 1 trajectories), plus the pathwise term of a
 * learned backward policy:
 *   reverse KL  KL(q || p):       grad = E_q[(log q - log p~ - b) grad log q] - E_q[grad log P_B]
 *   forward KL  KL(p || q):       grad = -sum_i w_i grad log q_i (+ P_B term), w = self-normalised p~/q
 *   Renyi-alpha D_a(q || p) = 1/(a-1) log E_q[(q/p)^(a-1)]:
 *               grad = a/(a-1) sum_i (w_i - 1/B) grad log q_i - sum_i w_i grad log P_B,  w = softmax((a-1) log q/p~)
 *   Tsallis-alpha T_a(q || p) = 1/(a-1) (E_q[(q/p)^(a-1)] - 1), p = p~ / Z with the current log Z estimate:
 *               grad = a/(a-1) E_q[(h - b) grad log q] - E_q[h grad log P_B],  h = (q/p)^(a-1)
 * The constant log Z is not identified by these losses; the log Z variable is regressed on the batch (terms.ts).
 * The reported value is Var(log q - log p~) over the batch, 0 exactly at the optimum.
 */
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../ops';
import { logZRegression, type Objective, type ObjectiveResult, type Terms } from './terms';

/** Tsallis's h = (q/p)^(a-1) is rescaled (as a whole batch) so that its largest exponent stays within +-30: finite in float32, and Adam's squared moments of the gradients too. */
const MAX_LOG_WEIGHT = 30;

/** Per-trajectory quantities every divergence starts from: [B] tensors. */
interface Sampled {
  terms: Terms;
  b: number;
  alpha: number;
  /** log q(tau) = sum log P_F, with its gradient. */
  logQ: tf.Tensor;
  /** sum log P_B (a gradient only when P_B is learned). */
  logPB: tf.Tensor;
  /** log q - log p~, no gradient. */
  logRatio: tf.Tensor;
}

/** An objective from its surrogate (the scalar whose gradient is the divergence's estimated gradient). */
function divergence(surrogate: (d: Sampled) => tf.Tensor): Objective {
  return (terms, _rowOf, { config }): ObjectiveResult => {
    const logQ = tf.sum(terms.logPF, 1);
    const logPB = tf.sum(terms.logPB, 1);
    const logP = tf.add(terms.logReward, logPB);
    const logRatio = stopGradient(tf.sub(logQ, logP));
    const value = surrogate({ terms, b: terms.batch.size, alpha: config.alpha, logQ, logPB, logRatio });
    const centredRatio = tf.sub(logRatio, tf.mean(logRatio));
    const report = tf.mean<tf.Scalar>(tf.square(centredRatio));
    const loss = tf.add<tf.Scalar>(value, logZRegression(terms));
    return { loss, report, logZ: terms.logZ };
  };
}

export const reverseKl = divergence(({ b, logQ, logPB, logRatio }) => {
  const baseline = leaveOneOutMean(logRatio, b);
  return tf.sub(tf.mean(tf.mul(tf.sub(logRatio, baseline), logQ)), tf.mean(logPB));
});

export const forwardKl = divergence(({ b, logQ, logPB, logRatio }) => {
  const w = tf.softmax(tf.neg(logRatio)); // self-normalised importance weights p~/q
  const centred = tf.sub(w, 1 / b);
  // For a learned P_B: grad KL(p||q) wrt P_B = E_p[(log p/q - E_p log p/q) grad log P_B].
  const score = tf.sub(tf.neg(logRatio), tf.sum(tf.mul(w, tf.neg(logRatio))));
  return tf.add(tf.neg(tf.sum(tf.mul(centred, logQ))), tf.sum(tf.mul(tf.mul(w, score), logPB)));
});

export const renyi = divergence(({ b, alpha, logQ, logPB, logRatio }) => {
  // Self-normalised, so relative to the batch: softmax(v + c) = softmax(v) and tf.softmax subtracts the max itself.
  // (A clip of (a-1) log(q/p~) before it was not shift-invariant: with log R ~ 70 every exponent hit it, w = 1/B and
  // the gradient was exactly 0.)
  const w = tf.softmax(tf.mul(logRatio, alpha - 1));
  return tf.sub(tf.mul(alpha / (alpha - 1), tf.sum(tf.mul(tf.sub(w, 1 / b), logQ))), tf.sum(tf.mul(w, logPB)));
});

export const tsallis = divergence(({ terms, b, alpha, logQ, logPB, logRatio }) => {
  const logH = tf.mul(tf.add(logRatio, stopGradient(terms.logZ)), alpha - 1);
  // h = (q/p)^(a-1) exactly while the largest exponent is within +-MAX_LOG_WEIGHT; beyond, every h of the batch is
  // divided by the same e^s (a positive factor, which Adam's normalised step absorbs) instead of being clipped one
  // by one, which would make them equal and the gradient 0 whenever log Z is far off (log R ~ 70, log Z ~ 0).
  const largest = tf.max(logH);
  const h = tf.exp(tf.sub(logH, tf.sub(largest, tf.clipByValue(largest, -MAX_LOG_WEIGHT, MAX_LOG_WEIGHT))));
  const baseline = leaveOneOutMean(h, b);
  return tf.sub(tf.mul(alpha / (alpha - 1), tf.mean(tf.mul(tf.sub(h, baseline), logQ))), tf.mean(tf.mul(h, logPB)));
});

/** b_i = (sum_j v_j - v_i) / (B - 1); 0 for a batch of one. */
function leaveOneOutMean(v: tf.Tensor, b: number): tf.Tensor {
  if (b < 2) return tf.zerosLike(v);
  return tf.div(tf.sub(tf.sum(v), v), b - 1);
}
