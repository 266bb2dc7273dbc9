/** The policy-network engines (engine.ts) and the one function that picks one for a network. */
import type { PolicyModel } from '../model';
import type { EngineKind, PolicyEngine } from './engine';
import { NativeEngine, type NativeOptions } from './nativeEngine';
import { TabularEngine } from './tabularEngine';
import { TfjsEngine } from './tfjsEngine';

export type { EngineKind, ForwardPass, KeptSamplingRows, PolicyEngine } from './engine';
export type { AdamState, LearningRate } from './adam';
import type { LearningRate } from './adam';
export type { NativeOptions } from './nativeEngine';

/** The engine of `kind` training `model` (whose variables hold its initial weights) with Adam at `learningRate`. */
export function createEngine(kind: EngineKind, model: PolicyModel, learningRate: LearningRate, native: NativeOptions): PolicyEngine {
  if (kind === 'tfjs') return new TfjsEngine(model, learningRate);
  return model.config.kind === 'tabular' ? new TabularEngine(model, learningRate) : new NativeEngine(model, learningRate, native);
}
