/**
 * Differentiable helpers missing from tfjs on some backends. tf.gather's gradient needs UnsortedSegmentSum, which
 * the wasm backend lacks, and tf.gatherND has no registered gradient; the gradient of a gather is the scatter-add
 * of the upstream gradient, which tf.scatterND computes (it sums duplicate indices) on wasm, cpu and node.
 * tfjs has no stop-gradient op either: an identity whose gradient is zero does that job.
 */
import * as tf from '@tensorflow/tfjs';

type GradientFunction = Parameters<typeof tf.customGrad>[0];

/** x[indices[i]] along the first axis (a copy of each selected slice), differentiable in x. */
export function take(x: tf.Tensor, indices: Int32Array): tf.Tensor {
  const shape = x.shape;
  // The indices are an input (saved for the backward pass), so that the engine keeps them alive until then.
  const op = tf.customGrad(((input: tf.Tensor, idx: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([idx]);
    return {
      value: tf.gatherND(input, idx),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.scatterND(saved[0], dy, shape), tf.zerosLike(saved[0])],
    };
  }) as GradientFunction);
  return op(x, tf.tensor2d(indices, [indices.length, 1], 'int32'));
}

const stop = tf.customGrad(((input: tf.Tensor) => ({
  value: tf.clone(input),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as GradientFunction);

/** The value of x, treated as a constant by gradients. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}

/**
 * a @ b with a gradient that avoids tfjs's transposed matmuls: on the wasm backend matMul(x, y, true, false) and
 * matMul(x, y, false, true), which the built-in gradient uses, are an order of magnitude slower than an explicit
 * transpose followed by a plain matmul (docs/performance.md). Same values, same gradients.
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((x: tf.Tensor2D, y: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
    save([x, y]);
    return {
      value: tf.matMul(x, y),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sx, sy] = saved as tf.Tensor2D[];
        return [tf.matMul(dy, tf.transpose(sy)), tf.matMul(tf.transpose(sx), dy)];
      },
    };
  }) as GradientFunction);
  return op(a, b) as tf.Tensor2D;
}
