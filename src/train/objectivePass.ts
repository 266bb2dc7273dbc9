/**
 * The objective's side of a training step: the engine's outputs become a tfjs leaf, the objective (unchanged,
 * objectives/) computes the loss on them, and tf.valueAndGrads gives d loss / d outputs, which the engine
 * back-propagates through the network, and d loss / d log Z for log Z's own optimizer.
 */
import * as tf from '@tensorflow/tfjs';
import type { DirectObjective, DirectInput } from './objectives/direct';
import type { ObjectiveResult } from './objectives/terms';

/** What one objective pass reports. */
export interface OutputGradientValues {
  /** The objective's reported value (StepResult.loss) and the value it differentiates. */
  report: number;
  loss: number;
  /** log Z as the objective read it, before the log-reward offset is added back. */
  logZ: number;
  /** d loss / d log Z, null when log Z is read from the edge flows (flow matching). */
  logZGrad: number | null;
}

export interface OutputGradients extends OutputGradientValues {
  /** d loss / d outputs, row-major like the outputs. */
  dOutputs: Float32Array;
}

/** The objective on `outputs` [shape] and its gradients; `trainsLogZ` false leaves log Z out of them. */
export function outputGradients(
  outputs: Float32Array,
  shape: [number, number],
  logZ: tf.Variable,
  trainsLogZ: boolean,
  objective: (out: tf.Tensor2D, logZ: tf.Scalar) => ObjectiveResult,
): OutputGradients {
  const { dOut, logZGrad, values } = tf.tidy(() => {
    let kept: tf.Tensor | null = null;
    const evaluate = (out: tf.Tensor, z?: tf.Tensor): tf.Scalar => {
      const result = objective(out as tf.Tensor2D, (z ?? logZ) as tf.Scalar);
      // valueAndGrads disposes what its function does not return: the reported values are kept.
      kept = tf.keep(tf.stack([result.report, result.loss, result.logZ]));
      return result.loss;
    };
    const leaf = tf.tensor2d(outputs, shape);
    const { grads } = tf.valueAndGrads(evaluate)(trainsLogZ ? [leaf, logZ] : [leaf]);
    return { dOut: grads[0], logZGrad: grads[1] ?? null, values: kept! };
  });
  const dOutputs = dOut.dataSync() as Float32Array;
  const [report, loss, z] = values.dataSync();
  const dLogZ = logZGrad ? logZGrad.dataSync()[0] : null;
  tf.dispose([dOut, values, logZGrad ?? []]);
  return { dOutputs, report, loss, logZ: z, logZGrad: dLogZ };
}

/** The same from an objective whose gradient is written out in JS (objectives/direct.ts): no tfjs op at all. */
export function directGradients(objective: DirectObjective, input: DirectInput, trainsLogZ: boolean): OutputGradients {
  const r = objective(input);
  return { dOutputs: r.dOutputs, report: r.report, loss: r.loss, logZ: r.logZ, logZGrad: trainsLogZ ? r.dLogZ : null };
}

/** One objective evaluation without an optimizer step (Trainer.lossOnBatch). */
export interface BatchEvaluation {
  loss: number;
  report: number;
  /** max |d loss / d w| over the policy weights. */
  maxPolicyGrad: number;
  /** |d loss / d log Z| (0 for flow matching, whose log Z is read from the edge flows). */
  logZGrad: number;
  /** d loss / d w for each policy weight, in model order (PolicyModel.weights). */
  policyGradient: Float32Array[];
}

/** A pass's values with the engine's gradients. */
export function batchEvaluation(pass: OutputGradientValues, policyGradient: Float32Array[]): BatchEvaluation {
  const logZGrad = Math.abs(pass.logZGrad ?? 0);
  let maxPolicyGrad = 0;
  for (const g of policyGradient) for (const x of g) maxPolicyGrad = Math.max(maxPolicyGrad, Math.abs(x));
  return { loss: pass.loss, report: pass.report, maxPolicyGrad, logZGrad, policyGradient };
}
