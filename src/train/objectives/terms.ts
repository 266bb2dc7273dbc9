/**
 * Per-trajectory tensors shared by the objectives, gathered from the heads with the batch's index tables.
 * Gathers go through take() (ops.ts), whose gradient is a scatter-add that every backend implements.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dag } from '../../dag/dag';
import type { TrainConfig } from '../../../shared/trainConfig';
import type { Batch } from '../batch';
import type { Heads } from '../heads';
import { stopGradient, take } from '../ops';
import type { DagTables } from '../tables';

export interface Terms {
  batch: Batch;
  heads: Heads;
  logZ: tf.Scalar;
  /** [B, T] log P_F of each transition (0 on padding). */
  logPF: tf.Tensor2D;
  /** [B, T] log P_B of each transition (0 for the stop transition and padding). */
  logPB: tf.Tensor2D;
  /** [B, T + 1] log F at positions s_0 .. s_n, s_f: log Z at s_0, 0 at s_f and padding. */
  logFlow: tf.Tensor2D;
  /** [B] floored log R(x). */
  logReward: tf.Tensor1D;
}

/** Values at flat `indices` of `source` (any shape), with index source.size meaning "0". */
export function gatherFlat(source: tf.Tensor, indices: Int32Array, shape: [number, number]): tf.Tensor2D {
  const flat = tf.concat([tf.reshape(source, [-1]), tf.zeros([1])]);
  return tf.reshape<tf.Rank.R2>(take(flat, indices), shape);
}

export function buildTerms(batch: Batch, heads: Heads, logZ: tf.Scalar): Terms {
  const b = batch.size;
  const t = batch.steps;
  const logPF = gatherFlat(heads.logPF, batch.forwardIndex, [b, t]);
  const logPB = heads.logPB
    ? gatherFlat(heads.logPB, batch.backwardIndex, [b, t])
    : tf.tensor2d(batch.uniformLogPB, [b, t]);
  const flowSource = tf.concat([heads.logF, tf.reshape(logZ, [1])]);
  const logFlow = gatherFlat(flowSource, batch.flowIndex, [b, t + 1]);
  return { batch, heads, logZ, logPF, logPB, logFlow, logReward: tf.tensor1d(batch.logReward) };
}

/** sum over a trajectory of log P_F - log P_B: [B]. */
export function logRatioSum(terms: Terms): tf.Tensor1D {
  return tf.sum<tf.Tensor1D>(tf.sub(terms.logPF, terms.logPB), 1);
}

/** What an objective reads besides its terms, fixed for a run: the trainer builds it once. */
export interface ObjectiveContext {
  config: TrainConfig;
  /** The explored DAG (complete for the objectives that need parents, registry.ts). */
  dag: Dag<unknown, unknown>;
  tables: DagTables;
}

/**
 * An objective (losses.ts lists one per entry of the registry, shared/objectives.ts): the loss of a batch, from its terms and `rowOf`, the row of
 * each DAG state in the batch's forward pass (-1 when absent).
 */
export type Objective = (terms: Terms, rowOf: Int32Array, context: ObjectiveContext) => ObjectiveResult;

export interface ObjectiveResult {
  /** The scalar whose gradient is the objective's gradient. */
  loss: tf.Scalar;
  /** The value reported as "loss" (equals `loss` for the squared-residual objectives). */
  report: tf.Scalar;
  /** The current estimate of log Z. */
  logZ: tf.Scalar;
}

/**
 * log Z for objectives without a log Z term in the loss: regress the log Z variable on the batch mean of
 * zeta = log R + log P_B - log P_F (its optimum is VarGrad's control variate, Richter et al. 2020; equal to log Z
 * when the policy is exact). The stop-gradient keeps this term from moving the policy.
 */
export function logZRegression(terms: Terms): tf.Scalar {
  const zeta = tf.sub(terms.logReward, logRatioSum(terms));
  return tf.square(tf.sub(terms.logZ, stopGradient(tf.mean(zeta)))) as tf.Scalar;
}
