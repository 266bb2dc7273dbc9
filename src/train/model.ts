/**
 * The policy network: for a batch of DAG states, one row of raw outputs
 *   [ forward logits over the action space | stop logit | log F(s) | backward logits over the action space (learned P_B) ].
 * Either an MLP over encode(s) (a one-hot of the state id when encode is absent: its first layer is then a row
 * lookup, which is the same product without the huge one-hot matrix) or a table with one free row per state.
 * Weights are drawn from the seeded Rng, so equal seeds give equal networks.
 */
import * as tf from '@tensorflow/tfjs';
import { matMul, take } from './ops';
import { Rng } from '../../shared/rng';

export interface ModelConfig {
  kind: 'mlp' | 'tabular';
  nStates: number;
  nActions: number;
  /** Width of encode(s); 0 means one-hot of the state id. */
  inputDim: number;
  hidden: number;
  layers: number;
  learnedBackward: boolean;
  /**
   * How the stop logit is formed from the network's stop output (heads.ts, StopLogit); checkpoints written before
   * the choice existed are 'free'.
   */
  stopLogit: 'reward' | 'free';
}

export function outputWidth(c: Pick<ModelConfig, 'nActions' | 'learnedBackward'>): number {
  return c.nActions + 2 + (c.learnedBackward ? c.nActions : 0);
}

/** The network a run's options configure, for a DAG of nStates states and nActions actions. */
export function modelConfigOf(
  c: { policy?: 'mlp' | 'tabular'; hidden: number; layers: number; backward: 'uniform' | 'learned'; stopLogit: ModelConfig['stopLogit'] },
  nStates: number,
  nActions: number,
  inputDim: number,
): ModelConfig {
  const learnedBackward = c.backward === 'learned';
  return { kind: c.policy ?? 'mlp', nStates, nActions, inputDim, hidden: c.hidden, layers: c.layers, learnedBackward, stopLogit: c.stopLogit };
}

/** Features [rows.length * inputDim] of the given states, computed on demand (DAGs too large to encode up front). */
export type FeatureRows = (rows: Int32Array) => Float32Array;

/** Shapes of the trained weights in model order (log Z, a scalar, comes after them): a checkpoint must match them. */
export function weightShapes(config: ModelConfig): number[][] {
  const width = outputWidth(config);
  if (config.kind === 'tabular') return [[config.nStates, width]];
  const shapes: number[][] = [];
  let fanIn = config.inputDim > 0 ? config.inputDim : config.nStates;
  for (let l = 0; l < config.layers; l++) {
    shapes.push([fanIn, config.hidden], [config.hidden]);
    fanIn = config.hidden;
  }
  shapes.push([fanIn, width], [width]);
  return shapes;
}

let modelCount = 0;

/** A variable holding a copy of `t`; `t` itself is disposed so that nothing leaks. */
function ownedVariable(t: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(t, true, name);
  t.dispose();
  return v;
}

export class PolicyModel {
  readonly config: ModelConfig;
  /** Trained by the policy optimizer. */
  readonly weights: tf.Variable[];
  /** log Z, trained by its own optimizer (Malkin et al. 2022 use a larger learning rate for it). */
  readonly logZ: tf.Variable;
  private readonly features: tf.Tensor2D | null;
  private readonly featureRows: FeatureRows | null;
  private readonly featureTable: Float32Array | null;

  /**
   * `features` [nStates, inputDim] when the MLP reads encode(s), or a function giving the rows of a batch (states
   * expanded on demand); null for one-hot and tabular models.
   */
  constructor(config: ModelConfig, features: Float32Array | FeatureRows | null, seed: number, initial?: tf.Tensor[]) {
    this.config = config;
    const rng = new Rng(seed);
    // tfjs registers variables by name globally: a prefix keeps two models (e.g. a checkpoint check) apart.
    const prefix = `policy${modelCount++}`;
    const shapes = weightShapes(config);
    // PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases; zeros for a table.
    this.weights = shapes.map((shape, i) => {
      if (initial) return tf.variable(initial[i], true, `${prefix}/w${i}`);
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      if (config.kind === 'mlp') {
        const fanIn = shape.length === 2 ? shape[0] : shapes[i - 1][0];
        const limit = 1 / Math.sqrt(fanIn);
        for (let k = 0; k < size; k++) values[k] = rng.symmetric(limit);
      }
      return ownedVariable(tf.tensor(values, shape), `${prefix}/w${i}`);
    });
    this.logZ = ownedVariable(initial ? tf.reshape(initial[shapes.length], []) : tf.scalar(0), `${prefix}/logZ`);
    const wantsFeatures = config.kind === 'mlp' && config.inputDim > 0;
    this.featureRows = wantsFeatures && typeof features === 'function' ? features : null;
    this.featureTable = wantsFeatures && features instanceof Float32Array ? features : null;
    this.features = this.featureTable ? tf.tensor2d(this.featureTable, [config.nStates, config.inputDim]) : null;
  }

  /** Raw outputs [rows.length, width] for the given state ids (all states when rows is null). */
  forward(rows: Int32Array | null): tf.Tensor2D {
    return tf.tidy(() => {
      if (this.config.kind === 'tabular') {
        return (rows ? take(this.weights[0], rows) : this.weights[0]) as tf.Tensor2D;
      }
      let h: tf.Tensor2D;
      if (this.featureRows || this.features) {
        if (!rows && !this.features) throw new Error('a model with on-demand features forwards given rows only');
        const x = rows ? this.inputRows(rows)! : this.features!;
        h = tf.add(matMul(x, this.weights[0] as tf.Tensor2D), this.weights[1]);
      } else {
        // One-hot input: onehot(s) W1 is row s of W1. take() differentiates by scatter-add.
        const rowsOfW = rows ? (take(this.weights[0], rows) as tf.Tensor2D) : (this.weights[0] as tf.Tensor2D);
        h = tf.add(rowsOfW, this.weights[1]);
      }
      let w = 2;
      for (let l = 1; l <= this.config.layers; l++) {
        h = tf.relu(h);
        h = tf.add(matMul(h, this.weights[w] as tf.Tensor2D), this.weights[w + 1]);
        w += 2;
      }
      return h;
    });
  }

  /** forward(rows) read back as values, row-major (what the sampler reads of a tfjs network). */
  outputValues(rows: Int32Array): Float32Array {
    const out = this.forward(rows);
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  /** The features [rows.length, inputDim] of the given states (the caller disposes them); null without features. */
  inputRows(rows: Int32Array): tf.Tensor2D | null {
    if (this.featureRows) return tf.tensor2d(this.featureRows(rows), [rows.length, this.config.inputDim]);
    const table = this.features;
    if (table) return tf.tidy(() => take(table, rows) as tf.Tensor2D);
    return null;
  }

  /** The same features as plain values, row-major (what the native engine feeds its graphs); null without features. */
  inputValues(rows: Int32Array): Float32Array | null {
    if (this.featureRows) return this.featureRows(rows);
    const table = this.featureTable;
    if (!table) return null;
    const d = this.config.inputDim;
    const x = new Float32Array(rows.length * d);
    for (let i = 0; i < rows.length; i++) x.set(table.subarray(rows[i] * d, rows[i] * d + d), i * d);
    return x;
  }

  /** Every trainable tensor, logZ last (the checkpoint order). */
  allVariables(): tf.Variable[] {
    return [...this.weights, this.logZ];
  }

  dispose(): void {
    for (const v of this.allVariables()) v.dispose();
    this.features?.dispose();
  }
}
