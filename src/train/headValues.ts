/**
 * The heads of heads.ts (the masked forward log-policy and the learned backward log-policy) computed in plain JS on
 * the output table, for the objectives whose gradient is written out (objectives/direct.ts): a batch's table is a
 * few hundred rows, where tfjs's per-op dispatch costs more than the arithmetic (docs/performance.md). Float64
 * throughout; the values agree with heads.ts's float32 ones to float32 rounding.
 */
import { stopLogitValue, type StopLogit } from './heads';
import type { DagTables } from './tables';

export interface HeadValues {
  /** [R * w] log P_F(. | s) over [actions | stop] (w = nActions + 1); masked entries are about -1e9. */
  logPF: Float64Array;
  /** [R * w] P_F itself (0 where masked): d log P_F(a) / d logit_j = [a = j] - P_F(j). */
  pF: Float64Array;
  /** [R * nActions] log P_B of one parent edge with action a, and its softmax, when the backward policy is learned. */
  logPB: Float64Array | null;
  pB: Float64Array | null;
}

/** log-softmax of `logits` [n] into `logOut` and `pOut` at `at` (max-shifted, as tfjs's logSoftmax). */
function logSoftmaxInto(logits: Float64Array, n: number, logOut: Float64Array, pOut: Float64Array, at: number): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, logits[j]);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(logits[j] - max);
  const logSum = max + Math.log(sum);
  for (let j = 0; j < n; j++) {
    logOut[at + j] = logits[j] - logSum;
    pOut[at + j] = Math.exp(logits[j] - logSum);
  }
}

/**
 * The heads of every row of `outputs` [R x width] (rows[i] the state of row i, or row = state when rows is null);
 * `stop` 'reward' or 'free' (flow matching's 'flow' has its own tfjs path).
 */
export function headValues(
  outputs: Float32Array,
  width: number,
  rows: Int32Array | null,
  tables: DagTables,
  stop: StopLogit,
  learnedBackward: boolean,
): HeadValues {
  if (stop === 'flow') throw new Error("headValues: the 'flow' stop logit (flow matching) is computed by heads.ts");
  const a = tables.nActions;
  const w = tables.policyWidth;
  const r = outputs.length / width;
  const logPF = new Float64Array(r * w);
  const pF = new Float64Array(r * w);
  const learned = learnedBackward && a > 0;
  const logPB = learned ? new Float64Array(r * a) : null;
  const pB = learned ? new Float64Array(r * a) : null;
  const logits = new Float64Array(Math.max(w, a));
  for (let i = 0; i < r; i++) {
    const s = rows ? rows[i] : i;
    const o = i * width;
    for (let j = 0; j < a; j++) logits[j] = outputs[o + j] + tables.forwardMask[s * w + j];
    // heads.ts: log R is added where x may stop with a valid reward; elsewhere the mask alone (about -1e9).
    const l = tables.logReward[s];
    const stops = tables.forwardMask[s * w + a] === 0 && !Number.isNaN(l);
    logits[a] = (stop === 'reward' && stops ? stopLogitValue(stop, outputs[o + a], l) : outputs[o + a]) + tables.forwardMask[s * w + a];
    logSoftmaxInto(logits, w, logPF, pF, i * w);
    if (logPB && pB) {
      // heads.ts: the mask carries log c_a (c_a parent edges share action a), which is subtracted back (relu).
      for (let j = 0; j < a; j++) logits[j] = outputs[o + a + 2 + j] + tables.backwardMask[s * a + j];
      logSoftmaxInto(logits, a, logPB, pB, i * a);
      for (let j = 0; j < a; j++) logPB[i * a + j] -= Math.max(0, tables.backwardMask[s * a + j]);
    }
  }
  return { logPF, pF, logPB, pB };
}
