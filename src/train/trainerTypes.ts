/** What a Trainer (trainer.ts) is given and gives back, besides the run's configuration. */
import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../shared/trainConfig';

/**
 * Up to this many states, a native-engine step forwards every state once, keeping the activations, samples from those
 * rows and differentiates the loss through the same pass (rows outside the batch get d loss / d out = 0): one
 * engine call instead of one per sampling step plus the batch's (docs/performance.md, "one forward of all states").
 */
export const WHOLE_DAG_STATES = 256;

export interface TrainerOptions extends TrainConfig {
  /** 'tabular': one free row of outputs per state instead of an MLP (enumerable DAGs). */
  policy?: 'mlp' | 'tabular';
  /** onnxruntime's intra-op threads for the native engine (default DEFAULT_NATIVE_THREADS, docs/performance.md). */
  threads?: number;
  /** ...of its backward (default: compute.ts backwardThreadsOf). */
  backwardThreads?: number;
  /** Overrides WHOLE_DAG_STATES (the benchmark measures both ways). */
  wholeDagStates?: number;
  /** Differentiates the objective with tfjs even where its gradient is written out (the benchmark measures both). */
  tfjsObjective?: boolean;
  /** false: the native engine forwards the batch again instead of keeping the sampling forwards' rows (bench kept-rows). */
  keepSamplingRows?: boolean;
  /**
   * What training subtracts from beta log R (tables.ts): a resumed run keeps its checkpoint's, so that the log Z and
   * log F it learned keep their meaning; by default the largest log-reward.
   */
  logRewardOffset?: number;
}

/** A checkpoint's moving average of the policy (its weights in model order, log Z last) and its update count. */
export interface AverageState {
  tensors: tf.Tensor[];
  count: number;
}

export interface StepResult {
  loss: number;
  /** The learned log Z in the user's scale (the log-reward offset added back). */
  logZ: number;
  /** The terminal state of each trajectory sampled on-policy this iteration. */
  terminals: Int32Array;
}
