/**
 * Polyak averaging of the policy (Polyak & Juditsky, "Acceleration of stochastic approximation by averaging", 1992;
 * in its exponential form, as TensorFlow's ExponentialMovingAverage): every AVERAGE_EVERY = k optimizer steps,
 *   w_avg <- d_t^k w_avg + (1 - d_t^k) w,   d_t = min(decay, (1 + t) / (10 + t)),
 * where t counts the optimizer steps (the second term lets the average follow the first iterates closely instead of
 * starting from the initial network). Training keeps optimising w and samples its trajectories from w (on-policy
 * objectives need that); evaluation, the flow graph, the final samples and the checkpoint's model use w_avg.
 *
 * Why: with small batches the last iterate of every objective wanders around its optimum, and the average removes
 * most of that noise without slowing training (the measurements: docs/objectives.md, "Averaging the policy").
 */
import * as tf from '@tensorflow/tfjs';
import { PolicyModel, type FeatureRows } from './model';

/**
 * Steps between two updates of the average: an update is three elementwise passes over every weight, a cost worth
 * paying every fourth step only, which gives the same TVs (docs/objectives.md, "Averaging the policy").
 */
export const AVERAGE_EVERY = 4;

export class PolicyAverage {
  /** The averaged network (log Z included); read it like the trained one. */
  readonly model: PolicyModel;
  /** Optimizer steps seen so far (it sets the warm-up of the decay and is saved with a checkpoint). */
  count: number;

  /**
   * Starts from the trained network's variables (log Z last), or from `initial` (a resumed checkpoint's
   * average) with `count` updates behind it.
   */
  constructor(
    trained: PolicyModel,
    features: Float32Array | FeatureRows | null,
    readonly decay: number,
    initial?: tf.Tensor[],
    count = 0,
  ) {
    this.model = new PolicyModel(trained.config, features, 0, initial ?? trained.allVariables());
    this.count = count;
  }

  /** Whether the next `update` folds the trained weights in (the native engine copies them out only then). */
  foldsNext(): boolean {
    return (this.count + 1) % AVERAGE_EVERY === 0;
  }

  /**
   * Called after each optimizer step; folds the trained network's variables in every AVERAGE_EVERY steps, with the
   * decay of that many steps, d_t^AVERAGE_EVERY: the same window in iterations at a quarter of the cost
   * (consecutive iterates differ by one small step, so skipping some loses nothing measurable).
   */
  update(trained: PolicyModel): void {
    this.count++;
    if (this.count % AVERAGE_EVERY !== 0) return;
    const d = Math.min(this.decay, (1 + this.count) / (10 + this.count)) ** AVERAGE_EVERY;
    const target = this.model.allVariables();
    const source = trained.allVariables();
    tf.tidy(() => {
      // assign() gives each variable a new buffer, which the wasm matmul's weight cache needs (docs/performance.md).
      target.forEach((v, i) => v.assign(tf.add(tf.mul(v, d), tf.mul(source[i], 1 - d))));
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}
