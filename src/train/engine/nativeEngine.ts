/**
 * The native engine: the policy MLP on onnxruntime-node (MLAS kernels; docs/performance.md has the measurements).
 * Three sessions built at run time for the configured network (onnxGraphs.ts): the forward for sampling, the forward
 * that also returns the activations, and the backward. The weights live here as Float32Arrays fed to every run
 * (their ort Tensors wrap the same memory, so Adam's in-place update is what the next run reads); Adam runs in JS
 * (adam.ts), where it is one pass over the weights without any copy.
 *
 * Native objects: sessions (three, released by dispose) and the ort Tensors of each run. Run outputs are copied by
 * the binding into JS ArrayBuffers and the OrtValues released inside run(); the engine still counts every Tensor it
 * creates or receives and disposes each once it is read, so `liveObjects` is the count of tensors it holds: the
 * weights' wrappers plus the activations of passes not yet differentiated. Past WHOLE_DAG_STATES the sampling
 * forwards write their activations into a KeptRows table (keptRows.ts), plain JS memory that becomes the batch's
 * training pass: the batch is not forwarded a second time.
 */
import type { InferenceSession, OnnxValue, Tensor } from 'onnxruntime-common';
import { outputWidth, type PolicyModel } from '../model';
import { Adam, type AdamState, type LearningRate } from './adam';
import type { ForwardPass, PolicyEngine } from './engine';
import { KeptRows, type RowViews } from './keptRows';
import { activation, backwardGraph, backwardParameters, forwardGraph, gradientName, type MlpShape } from './onnxGraphs';
import { loadOnnxRuntime, type BindingSession, type OnnxRuntime } from './onnxRuntime';

export interface NativeOptions {
  /** onnxruntime's intra-op threads of the forward runs (docs/performance.md: 1 and 2 measured). */
  threads: number;
  /** ...and of the backward, one run a step over the whole batch, where a second thread pays (default: threads). */
  backwardThreads?: number;
  /** 'cpu', or 'cuda' when onnxruntime's CUDA provider is installed. */
  provider: 'cpu' | 'cuda';
}

interface NativePass extends ForwardPass {
  /** h_1..h_L as the training forward returned them, and the features fed to it (null for one-hot). */
  activations: Tensor[];
  input: Tensor | null;
}

export class NativeEngine implements PolicyEngine {
  readonly kind = 'native' as const;
  private readonly ort: OnnxRuntime;
  private readonly shape: MlpShape;
  private readonly params: Float32Array[];
  private readonly paramTensors: Tensor[];
  private readonly grads: Float32Array[];
  private readonly adam: Adam;
  private readonly sampling: BindingSession;
  private readonly training: BindingSession;
  private readonly differentiate: BindingSession;
  private live = 0;

  constructor(
    private readonly model: PolicyModel,
    learningRate: LearningRate,
    readonly options: NativeOptions,
  ) {
    const c = model.config;
    if (c.kind !== 'mlp') throw new Error('NativeEngine: an MLP policy (tabular policies use TabularEngine)');
    this.ort = loadOnnxRuntime();
    const width = outputWidth(c);
    this.shape = { inputDim: c.inputDim, nStates: c.nStates, hidden: c.hidden, layers: c.layers, outputs: width };
    this.params = model.weights.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    this.paramTensors = this.params.map((p, i) => this.tensor('float32', p, model.weights[i].shape));
    this.grads = this.params.map((p) => new Float32Array(p.length));
    this.adam = new Adam(learningRate, this.params.map((p) => p.length));
    const sessionOptions: InferenceSession.SessionOptions = {
      executionProviders: [options.provider],
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Spinning intra-op threads would hold a core between runs (the sampler runs once per step): they sleep.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    };
    this.sampling = this.ort.createSession(forwardGraph(this.shape, false), sessionOptions);
    this.training = this.ort.createSession(forwardGraph(this.shape, true), sessionOptions);
    this.differentiate = this.ort.createSession(backwardGraph(this.shape), { ...sessionOptions, intraOpNumThreads: options.backwardThreads ?? options.threads });
  }

  private tensor(type: 'float32' | 'int32', data: Float32Array | Int32Array, dims: readonly number[]): Tensor {
    this.live++;
    return new this.ort.Tensor(type, data, dims);
  }

  private dispose1(t: Tensor): void {
    t.dispose();
    this.live--;
  }

  /** Runs a session; every output is counted as received (the caller disposes it). */
  private run(session: BindingSession, feeds: Record<string, OnnxValue>, outputs: string[]): Record<string, Tensor> {
    const fetches: Record<string, null> = {};
    for (const name of outputs) fetches[name] = null;
    const result = session.run(feeds, fetches, {});
    this.live += outputs.length;
    return result;
  }

  private inputFeeds(rows: Int32Array, params = this.paramTensors): { feeds: Record<string, OnnxValue>; input: Tensor } {
    const feeds: Record<string, OnnxValue> = {};
    params.forEach((t, i) => (feeds[`p${i}`] = t));
    const x = this.model.inputValues(rows);
    const input = x ? this.tensor('float32', x, [rows.length, this.shape.inputDim]) : this.tensor('int32', rows, [rows.length]);
    feeds[x ? 'x' : 'idx'] = input;
    return { feeds, input };
  }

  forward(rows: Int32Array): Float32Array {
    return this.outputsWith(this.paramTensors, rows);
  }

  forwardOf(weights: Float32Array[], rows: Int32Array): Float32Array {
    const params = weights.map((w, i) => this.tensor('float32', w, this.model.weights[i].shape));
    try {
      return this.outputsWith(params, rows);
    } finally {
      for (const t of params) this.dispose1(t);
    }
  }

  /** The sampling graph's outputs of `rows` with the given parameter tensors. */
  private outputsWith(params: Tensor[], rows: Int32Array): Float32Array {
    const { feeds, input } = this.inputFeeds(rows, params);
    const { out } = this.run(this.sampling, feeds, ['out']);
    const data = out.data as Float32Array;
    this.dispose1(out);
    this.dispose1(input);
    return data;
  }

  forwardForTraining(rows: Int32Array): NativePass {
    const { feeds, input } = this.inputFeeds(rows);
    const names = ['out', ...Array.from({ length: this.shape.layers }, (_, l) => activation(l + 1))];
    const result = this.run(this.training, feeds, names);
    const outputs = result.out.data as Float32Array;
    this.dispose1(result.out);
    const features = this.shape.inputDim > 0 ? input : null;
    if (!features) this.dispose1(input);
    return { rows, outputs, width: this.shape.outputs, activations: names.slice(1).map((n) => result[n]), input: features };
  }

  keepRows(): KeptRows {
    const s = this.shape;
    return new KeptRows({
      widths: { outputs: s.outputs, hidden: s.hidden, layers: s.layers, input: s.inputDim },
      forwardInto: (rows, into) => this.forwardInto(rows, into),
      passOver: (rows, views) => this.passOver(rows, views),
    });
  }

  /** The training forward, its outputs and activations written into the given views (preallocated run outputs). */
  private forwardInto(rows: Int32Array, into: RowViews): void {
    const { feeds, input } = this.inputFeeds(rows);
    const s = this.shape;
    const n = rows.length;
    const fetches: Record<string, Tensor> = { out: this.tensor('float32', into.outputs, [n, s.outputs]) };
    into.activations.forEach((h, l) => (fetches[activation(l + 1)] = this.tensor('float32', h, [n, s.hidden])));
    try {
      // The binding writes into the fetched tensors' memory and hands back tensors of its own: both are disposed.
      const result = this.training.run(feeds, fetches, {});
      this.live += Object.keys(result).length;
      for (const t of Object.values(result)) this.dispose1(t);
      if (into.input) into.input.set(input.data as Float32Array);
    } finally {
      for (const t of Object.values(fetches)) this.dispose1(t);
      this.dispose1(input);
    }
  }

  /** A training pass around rows already forwarded with the current weights (views of a KeptRows table). */
  private passOver(rows: Int32Array, views: RowViews): NativePass {
    const s = this.shape;
    const activations = views.activations.map((h) => this.tensor('float32', h, [rows.length, s.hidden]));
    const input = views.input ? this.tensor('float32', views.input, [rows.length, s.inputDim]) : null;
    return { rows, outputs: views.outputs, width: s.outputs, activations, input };
  }

  backward(pass: ForwardPass, dOutputs: Float32Array): void {
    const p = pass as NativePass;
    const s = this.shape;
    const n = p.rows.length;
    const dout = this.tensor('float32', dOutputs, [n, s.outputs]);
    const feeds: Record<string, OnnxValue> = { dout };
    p.activations.forEach((h, l) => (feeds[activation(l + 1)] = h));
    for (const i of backwardParameters(s)) feeds[`p${i}`] = this.paramTensors[i];
    if (p.input) feeds.x = p.input;
    const names = this.params.map((_, i) => gradientName(s, i));
    const result = this.run(this.differentiate, feeds, names);
    names.forEach((name, i) => {
      const g = result[name].data as Float32Array;
      if (name === 'dz0') this.scatterRows(p.rows, g);
      else this.grads[i].set(g);
      this.dispose1(result[name]);
    });
    this.dispose1(dout);
    this.release(pass);
  }

  /** The gather's adjoint: row r of dz_0 is added into row rows[r] of dW_0 (states may repeat). */
  private scatterRows(rows: Int32Array, dz: Float32Array): void {
    const g = this.grads[0];
    const h = dz.length / Math.max(1, rows.length);
    g.fill(0);
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r] * h;
      for (let k = 0; k < h; k++) g[base + k] += dz[r * h + k];
    }
  }

  release(pass: ForwardPass): void {
    const p = pass as NativePass;
    for (const h of p.activations) this.dispose1(h);
    if (p.input) this.dispose1(p.input);
    p.activations = [];
    p.input = null;
  }

  gradients(): Float32Array[] {
    return this.grads.map((g) => g.slice());
  }

  step(): void {
    this.adam.step(this.params, this.grads);
  }

  weights(): Float32Array[] {
    return this.params.map((p) => p.slice());
  }

  async adamState(): Promise<AdamState> {
    return this.adam.state();
  }

  async restoreAdam(state: AdamState): Promise<void> {
    this.adam.restore(state);
  }

  liveObjects(): number {
    return this.live;
  }

  dispose(): void {
    for (const t of this.paramTensors) this.dispose1(t);
    this.paramTensors.length = 0;
    for (const s of [this.sampling, this.training, this.differentiate]) s.dispose();
  }
}
