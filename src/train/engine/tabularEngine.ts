/**
 * The native engine of a tabular policy (one free row of outputs per state): a forward is a copy of rows and the
 * backward a scatter-add of d loss / d outputs into them, so there is no arithmetic for onnxruntime to speed up and
 * it runs in plain JS on Float32Arrays, with the same Adam (adam.ts).
 */
import type { PolicyModel } from '../model';
import { Adam, type AdamState, type LearningRate } from './adam';
import type { ForwardPass, PolicyEngine } from './engine';

export class TabularEngine implements PolicyEngine {
  readonly kind = 'native' as const;
  private readonly table: Float32Array;
  private readonly grad: Float32Array;
  private readonly width: number;
  private readonly adam: Adam;

  constructor(model: PolicyModel, learningRate: LearningRate) {
    this.table = Float32Array.from(model.weights[0].dataSync() as Float32Array);
    this.width = (model.weights[0].shape as [number, number])[1];
    this.grad = new Float32Array(this.table.length);
    this.adam = new Adam(learningRate, [this.table.length]);
  }

  forward(rows: Int32Array): Float32Array {
    const w = this.width;
    const out = new Float32Array(rows.length * w);
    for (let r = 0; r < rows.length; r++) out.set(this.table.subarray(rows[r] * w, rows[r] * w + w), r * w);
    return out;
  }

  forwardForTraining(rows: Int32Array): ForwardPass {
    return { rows, outputs: this.forward(rows), width: this.width };
  }

  backward(pass: ForwardPass, dOutputs: Float32Array): void {
    const w = this.width;
    this.grad.fill(0);
    for (let r = 0; r < pass.rows.length; r++) {
      const base = pass.rows[r] * w;
      for (let k = 0; k < w; k++) this.grad[base + k] += dOutputs[r * w + k];
    }
  }

  release(): void {}

  gradients(): Float32Array[] {
    return [this.grad.slice()];
  }

  step(): void {
    this.adam.step([this.table], [this.grad]);
  }

  weights(): Float32Array[] {
    return [this.table.slice()];
  }

  async adamState(): Promise<AdamState> {
    return this.adam.state();
  }

  async restoreAdam(state: AdamState): Promise<void> {
    this.adam.restore(state);
  }

  liveObjects(): number {
    return 0;
  }

  dispose(): void {}
}
