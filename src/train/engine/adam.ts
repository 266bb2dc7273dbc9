/**
 * Adam (Kingma & Ba 2015, Algorithm 1) over Float32Arrays, with the semantics of tf.train.adam(lr) that the
 * TensorFlow.js engine uses, so that both engines train alike and share checkpoints:
 *   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,
 *   w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),   t = 1, 2, ... the step,
 * b1 = 0.9, b2 = 0.999 and eps = 1e-7 (tfjs's float32 backend epsilon). Its state is tfjs's getWeights() order: the
 * step count, then every first moment, then every second moment, in parameter order.
 */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-7;

/**
 * The policy's learning rate: `initial` at the start, decaying as 1 / sqrt(1 + t / decay) over Adam's steps t (decay
 * 0: constant). Horizon-free (it does not depend on the run's length) and keyed to Adam's own step count, which
 * checkpoints keep, so a resumed run continues the schedule. docs/objectives.md has the measurements behind it.
 */
export interface LearningRate {
  initial: number;
  decay: number;
}

export function learningRateAt(rate: LearningRate, t: number): number {
  return rate.decay > 0 ? rate.initial / Math.sqrt(1 + t / rate.decay) : rate.initial;
}

/** Adam's state as plain arrays: the steps taken and the moments [m_0..m_k, v_0..v_k]. */
export interface AdamState {
  iterations: number;
  moments: Float32Array[];
}

export class Adam {
  private readonly first: Float32Array[];
  private readonly second: Float32Array[];
  private iterations = 0;

  constructor(
    private readonly learningRate: LearningRate,
    sizes: readonly number[],
  ) {
    this.first = sizes.map((n) => new Float32Array(n));
    this.second = sizes.map((n) => new Float32Array(n));
  }

  /** One step on every parameter with its gradient (same order and sizes as the constructor's). */
  step(parameters: Float32Array[], gradients: Float32Array[]): void {
    const t = this.iterations + 1;
    // lr (m / c1) / (sqrt(v / c2) + eps) with the two bias corrections as factors: one division per weight, not three.
    const rate = learningRateAt(this.learningRate, t);
    const stepSize = rate / (1 - ADAM_BETA1 ** t);
    const inverse2 = 1 / (1 - ADAM_BETA2 ** t);
    for (let p = 0; p < parameters.length; p++) {
      const w = parameters[p];
      const g = gradients[p];
      const m = this.first[p];
      const v = this.second[p];
      for (let k = 0; k < w.length; k++) {
        const gk = g[k];
        const mk = ADAM_BETA1 * m[k] + (1 - ADAM_BETA1) * gk;
        const vk = ADAM_BETA2 * v[k] + (1 - ADAM_BETA2) * gk * gk;
        m[k] = mk;
        v[k] = vk;
        w[k] -= (stepSize * mk) / (Math.sqrt(vk * inverse2) + ADAM_EPSILON);
      }
    }
    this.iterations = t;
  }

  state(): AdamState {
    // Before the first step tfjs has no moments yet: its getWeights() then holds the count alone.
    return { iterations: this.iterations, moments: this.iterations === 0 && this.first.every((m) => m.every((x) => x === 0)) ? [] : [...this.first, ...this.second].map((m) => m.slice()) };
  }

  /** Restores a state of the same parameters (sizes checked by the caller's shapes); an empty state keeps zeros. */
  restore(state: AdamState): void {
    this.iterations = state.iterations;
    if (state.moments.length === 0) return;
    const n = this.first.length;
    if (state.moments.length !== 2 * n) throw new Error(`Adam's state has ${state.moments.length} moments, the network needs ${2 * n}`);
    state.moments.forEach((m, i) => (i < n ? this.first[i] : this.second[i - n]).set(m));
  }
}
