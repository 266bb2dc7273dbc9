/**
 * The policy-network engine: what training asks of the network, whichever library computes it. The trainer samples
 * with `forward` (no gradient), forwards a batch's distinct states with `forwardForTraining` (keeping what the
 * backward needs), computes the objective on the small table of outputs with TensorFlow.js (the objectives do not
 * change), hands d loss / d outputs to `backward` and calls `step` (Adam). log Z is not the engine's: it is one
 * scalar, trained by its own tfjs optimizer beside the network.
 *
 * Two engines: onnxruntime-node (nativeEngine.ts; tabular policies in plain JS, tabularEngine.ts) and TensorFlow.js
 * (tfjsEngine.ts), both exact: the tests hold them to tfjs's own gradients.
 */
import type { AdamState } from './adam';

/** Which engine trains the network: onnxruntime ('native', on the CPU or CUDA) or TensorFlow.js ('tfjs'). */
export type EngineKind = 'native' | 'tfjs';

/** One forward pass kept for its backward: the outputs [rows.length x width] and the engine's own activations. */
export interface ForwardPass {
  readonly rows: Int32Array;
  readonly outputs: Float32Array;
  readonly width: number;
}

/** The sampling forwards of a step, their activations kept (keptRows.ts; the trainer's view of it). */
export interface KeptSamplingRows {
  /** Empties it for a new step. */
  reset(): void;
  /** The outputs of `states` (the sampler's rows, valid until the next call), their activations kept. */
  forward(states: Int32Array): Float32Array;
  /** The kept states in the order kept, each once: the batch's first rows (then the pass needs no copy). */
  order(): Int32Array;
  /** The training pass of `rows` (distinct states), in that order; freed by backward or release. */
  passFor(rows: Int32Array): ForwardPass;
}

export interface PolicyEngine {
  readonly kind: EngineKind;
  /** Raw outputs [rows.length x width] of the given states, row-major (what the sampler reads). */
  forward(rows: Int32Array): Float32Array;
  /**
   * The same network's outputs with other weights (model order), where the engine computes faster than the tfjs
   * model: the exact evaluation of the delivered policy (the moving average) on onnxruntime. Absent: use the model.
   */
  forwardOf?(weights: Float32Array[], rows: Int32Array): Float32Array;
  /** The same outputs, keeping the activations the backward reads; `backward` or `release` frees them. */
  forwardForTraining(rows: Int32Array): ForwardPass;
  /** d loss / d weights from d loss / d outputs (same layout as pass.outputs); frees the pass. */
  backward(pass: ForwardPass, dOutputs: Float32Array): void;
  /** Frees a pass that will not be differentiated. */
  release(pass: ForwardPass): void;
  /**
   * A table that keeps the activations of the sampling forwards, for a training pass without a second forward of
   * the batch (keptRows.ts). Only the native MLP engine has one; the others forward the batch again.
   */
  keepRows?(): KeptSamplingRows;
  /** The gradients of the last backward, in model order (weightShapes), copied. */
  gradients(): Float32Array[];
  /** One Adam step with the gradients of the last backward. */
  step(): void;
  /** The current weights in model order, copied. */
  weights(): Float32Array[];
  /** Adam's state (tfjs's getWeights() order), for checkpoints that resume on either engine. */
  adamState(): Promise<AdamState>;
  restoreAdam(state: AdamState): Promise<void>;
  /** Engine objects alive now (native tensors or tfjs tensors it holds): the leak tests count them. */
  liveObjects(): number;
  dispose(): void;
}
