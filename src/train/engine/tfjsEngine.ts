/**
 * The TensorFlow.js engine: the network's own variables (model.ts), the backward pass written out with the same
 * formulas as the ONNX graphs (onnxGraphs.ts) and tf.train.adam. The outputs cross to the trainer as a Float32Array
 * like the native engine's, so both engines meet the objectives the same way; the copies are a table of outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { outputWidth, type PolicyModel } from '../model';
import { learningRateAt, type AdamState, type LearningRate } from './adam';
import type { ForwardPass, PolicyEngine } from './engine';

interface TfjsPass extends ForwardPass {
  /** The input rows of a features MLP (null for one-hot and tabular) and the post-ReLU activations h_1..h_L. */
  input: tf.Tensor2D | null;
  activations: tf.Tensor2D[];
}

export class TfjsEngine implements PolicyEngine {
  readonly kind = 'tfjs' as const;
  private readonly optimizer: tf.AdamOptimizer;
  private grads: tf.Tensor[] = [];
  /** Adam's steps taken (its count, which tf.train.adam keeps as a tensor): the learning rate's schedule reads it. */
  private steps = 0;

  constructor(
    private readonly model: PolicyModel,
    private readonly rate: LearningRate,
  ) {
    this.optimizer = tf.train.adam(learningRateAt(rate, 1));
  }

  forward(rows: Int32Array): Float32Array {
    return this.model.outputValues(rows);
  }

  forwardForTraining(rows: Int32Array): TfjsPass {
    const w = this.model.weights as tf.Tensor[];
    const config = this.model.config;
    const width = outputWidth(config);
    if (config.kind === 'tabular') return { rows, outputs: this.forward(rows), width, input: null, activations: [] };
    const input = this.model.inputRows(rows);
    const activations: tf.Tensor2D[] = [];
    const out = tf.tidy(() => {
      let z: tf.Tensor2D = input
        ? tf.add(tf.matMul(input, w[0] as tf.Tensor2D), w[1])
        : tf.add(tf.gather(w[0], rows), w[1]);
      for (let l = 1; l <= config.layers; l++) {
        const h = tf.keep(tf.relu(z));
        activations.push(h);
        z = tf.add(tf.matMul(h, w[2 * l] as tf.Tensor2D), w[2 * l + 1]);
      }
      return z;
    });
    const outputs = out.dataSync() as Float32Array;
    out.dispose();
    return { rows, outputs, width, input, activations };
  }

  backward(pass: ForwardPass, dOutputs: Float32Array): void {
    const p = pass as TfjsPass;
    const w = this.model.weights as tf.Tensor[];
    for (const g of this.grads) g.dispose();
    this.grads = tf.tidy(() => {
      const n = p.rows.length;
      let dz: tf.Tensor2D = tf.tensor2d(dOutputs, [n, p.width]);
      const rowIndices = () => tf.tensor2d(p.rows, [n, 1], 'int32');
      if (this.model.config.kind === 'tabular') return [tf.scatterND(rowIndices(), dz, w[0].shape)];
      const grads: tf.Tensor[] = [];
      for (let l = p.activations.length; l >= 1; l--) {
        const h = p.activations[l - 1];
        // Explicit transposes: wasm's transposed matmuls are an order of magnitude slower (ops.ts).
        grads[2 * l] = tf.matMul(tf.transpose(h), dz);
        grads[2 * l + 1] = tf.sum(dz, 0);
        dz = tf.mul(tf.matMul(dz, tf.transpose(w[2 * l] as tf.Tensor2D)), tf.step(h));
      }
      grads[1] = tf.sum(dz, 0);
      // The adjoint of the one-hot row gather is a scatter-add of dz_0 into the rows of W_0 (duplicates summed).
      grads[0] = p.input ? tf.matMul(tf.transpose(p.input), dz) : tf.scatterND(rowIndices(), dz, w[0].shape);
      return grads;
    });
    this.release(pass);
  }

  release(pass: ForwardPass): void {
    const p = pass as TfjsPass;
    p.input?.dispose();
    for (const h of p.activations) h.dispose();
    p.activations = [];
    p.input = null;
  }

  gradients(): Float32Array[] {
    return this.grads.map((g) => Float32Array.from(g.dataSync() as Float32Array));
  }

  step(): void {
    // tf.train.adam reads its learningRate field at each step: the schedule sets it (adam.ts, learningRateAt).
    (this.optimizer as unknown as { learningRate: number }).learningRate = learningRateAt(this.rate, this.steps + 1);
    this.steps++;
    this.optimizer.applyGradients(this.model.weights.map((v, i) => ({ name: v.name, tensor: this.grads[i] })));
  }

  weights(): Float32Array[] {
    return this.model.weights.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  async adamState(): Promise<AdamState> {
    const [iter, ...moments] = await this.optimizer.getWeights();
    return { iterations: (await iter.tensor.data())[0], moments: moments.map((m) => Float32Array.from(m.tensor.dataSync() as Float32Array)) };
  }

  async restoreAdam(state: AdamState): Promise<void> {
    this.steps = state.iterations;
    if (state.moments.length === 0) return;
    const shapes = this.model.weights.map((v) => v.shape);
    const n = shapes.length;
    if (state.moments.length !== 2 * n) throw new Error(`Adam's state has ${state.moments.length} moments, the network needs ${2 * n}`);
    const named = [
      { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
      ...state.moments.map((m, i) => ({ name: `${i < n ? 'm' : 'v'}${i % n}`, tensor: tf.tensor(m, shapes[i % n]) })),
    ];
    await this.optimizer.setWeights(named);
    // setWeights made variables of the moments (sharing their data) and read the count: the inputs can go.
    for (const w of named) w.tensor.dispose();
  }

  liveObjects(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    for (const g of this.grads) g.dispose();
    this.grads = [];
    this.optimizer.dispose();
  }
}
