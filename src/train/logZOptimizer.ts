/**
 * log Z's optimizer: Adam (engine/adam.ts, tf.train.adam's formulas) on the one scalar, in JS, writing the value back
 * into the model's log Z variable after each step. The variable stays the one truth (evaluation, averaging and
 * checkpoints read it, a caller may assign it): each step starts from its value. A tfjs
 * optimizer cost about a dozen kernel dispatches per step for one number. Its state has tfjs's getWeights() layout
 * (the count, m, v), so checkpoints written before, by tf.train.adam, resume here.
 */
import * as tf from '@tensorflow/tfjs';
import { adamTensors, adamValues, type NamedTensor } from './checkpoint';
import { Adam } from './engine/adam';

export class LogZOptimizer {
  private readonly value = new Float32Array(1);
  private readonly gradient = new Float32Array(1);
  private readonly adam: Adam;

  constructor(
    private readonly variable: tf.Variable,
    learningRate: number,
  ) {
    this.adam = new Adam({ initial: learningRate, decay: 0 }, [1]);
  }

  /** log Z now (the variable's value). */
  get current(): number {
    return (this.variable.dataSync() as Float32Array)[0];
  }

  step(gradient: number): void {
    this.value[0] = this.current;
    this.gradient[0] = gradient;
    this.adam.step([this.value], [this.gradient]);
    tf.tidy(() => this.variable.assign(tf.scalar(this.value[0])));
  }

  /** Adam's state as a checkpoint stores it (fresh tensors the caller disposes). */
  state(): NamedTensor[] {
    return adamTensors(this.adam.state(), [[]]);
  }

  restore(named: NamedTensor[]): void {
    this.adam.restore(adamValues(named));
  }
}
