/**
 * Trajectory balance (Malkin et al., "Trajectory balance: Improved credit assignment in GFlowNets", NeurIPS 2022,
 * Eq. 14): for a complete trajectory tau ending in x,
 *   L_TB(tau) = ( log Z + sum_t log P_F(s_t+1 | s_t) - log R(x) - sum_t log P_B(s_t | s_t+1) )^2,
 * averaged over the batch. The stop transition x -> s_f is part of the P_F product (P_B of it is 1).
 *
 * Two forms of the same loss: the tfjs expression (autodiff), and its gradient written out in JS (direct.ts), which
 * training uses. With the residual delta_i of trajectory i and c_i = 2 delta_i / B:
 *   d L / d log Z = sum_i c_i,
 *   d L / d logit_j(s) = sum over the transitions (i, s, a) of c_i ([a = j] - P_F(j | s))   (log-softmax's Jacobian),
 *   d L / d backward logit_j(s') = - sum over the transitions (i, s -> s', a) of c_i ([a = j] - P_B(j | s')).
 */
import * as tf from '@tensorflow/tfjs';
import { headValues } from '../headValues';
import type { DirectInput, DirectResult } from './direct';
import { logRatioSum, type ObjectiveResult, type Terms } from './terms';

export function trajectoryBalance(terms: Terms): ObjectiveResult {
  const residual = tf.sub(tf.add(terms.logZ, logRatioSum(terms)), terms.logReward);
  const loss = tf.mean<tf.Scalar>(tf.square(residual));
  return { loss, report: loss, logZ: terms.logZ };
}

export function trajectoryBalanceGradient({ batch, outputs, width, tables, stop, learnedBackward, logZ }: DirectInput): DirectResult {
  const heads = headValues(outputs, width, batch.rows, tables, stop, learnedBackward);
  const w = tables.policyWidth;
  const a = tables.nActions;
  const rowCount = outputs.length / width;
  const forwardEnd = rowCount * w; // indices at or past it are padding (batch.ts)
  const backwardEnd = rowCount * a;
  const { size: b, steps: t, forwardIndex, backwardIndex, uniformLogPB, logReward } = batch;
  const residuals = new Float64Array(b);
  let loss = 0;
  for (let i = 0; i < b; i++) {
    let sum = logZ - logReward[i];
    for (let k = i * t; k < (i + 1) * t; k++) {
      if (forwardIndex[k] < forwardEnd) sum += heads.logPF[forwardIndex[k]];
      if (heads.logPB) sum -= backwardIndex[k] < backwardEnd ? heads.logPB[backwardIndex[k]] : 0;
      else sum -= uniformLogPB[k];
    }
    residuals[i] = sum;
    loss += sum * sum;
  }
  loss /= b;
  const dOutputs = new Float32Array(outputs.length);
  // Per row, the coefficients of its transitions: the one-hot parts go in directly, the softmax parts once per row.
  const forwardWeight = new Float64Array(rowCount);
  const backwardWeight = new Float64Array(rowCount);
  let dLogZ = 0;
  for (let i = 0; i < b; i++) {
    const c = (2 * residuals[i]) / b;
    dLogZ += c;
    for (let k = i * t; k < (i + 1) * t; k++) {
      const f = forwardIndex[k];
      if (f < forwardEnd) {
        const row = Math.floor(f / w);
        dOutputs[row * width + (f - row * w)] += c;
        forwardWeight[row] += c;
      }
      const g = backwardIndex[k];
      if (heads.logPB && g < backwardEnd) {
        const row = Math.floor(g / a);
        dOutputs[row * width + a + 2 + (g - row * a)] -= c;
        backwardWeight[row] += c;
      }
    }
  }
  for (let row = 0; row < rowCount; row++) {
    const cf = forwardWeight[row];
    if (cf !== 0) for (let j = 0; j < w; j++) dOutputs[row * width + j] -= cf * heads.pF[row * w + j];
    const cb = backwardWeight[row];
    if (cb !== 0 && heads.pB) for (let j = 0; j < a; j++) dOutputs[row * width + a + 2 + j] += cb * heads.pB[row * a + j];
  }
  return { loss, report: loss, logZ, dOutputs, dLogZ };
}
