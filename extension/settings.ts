/**
 * The `gflownet.*` settings, read into the engine's types. Values come from the user's settings.json, so each one
 * is checked and a bad one falls back to its default (VS Code's schema only warns in the editor).
 */
import * as vscode from 'vscode';
import type { BackendName, ObjectiveName, TrainConfig } from '../shared/protocol';
import { defaultEpsilon } from '../src/train/defaults';

export type ValidateTrigger = 'onType' | 'onSave';

export interface ValidateSettings {
  trigger: ValidateTrigger;
  debounceMs: number;
  stateBudget: number;
  callTimeLimitMs: number;
  memoryLimitMb: number;
}

const OBJECTIVES: readonly ObjectiveName[] = ['tb', 'db', 'fm', 'subtb', 'zvar'];
const BACKENDS: readonly BackendName[] = ['wasm', 'cpu', 'node'];

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('gflownet');
}

function numberSetting(config: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number, integer: boolean): number {
  const value = config.get<unknown>(key);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) return fallback;
  return integer ? Math.floor(value) : value;
}

function oneOf<T extends string>(config: vscode.WorkspaceConfiguration, key: string, allowed: readonly T[], fallback: T): T {
  const value = config.get<unknown>(key);
  return allowed.find((v) => v === value) ?? fallback;
}

export function validateSettings(): ValidateSettings {
  const c = section();
  return {
    trigger: oneOf<ValidateTrigger>(c, 'validate.trigger', ['onType', 'onSave'], 'onType'),
    debounceMs: numberSetting(c, 'validate.debounceMs', 300, 0, true),
    stateBudget: numberSetting(c, 'stateBudget', 1_000_000, 1, true),
    callTimeLimitMs: numberSetting(c, 'callTimeLimitMs', 2000, 10, true),
    memoryLimitMb: numberSetting(c, 'memoryLimitMb', 2048, 64, true),
  };
}

/** The training configuration of GFlowNet: Train, from the settings. */
export function trainSettings(): TrainConfig {
  const c = section();
  const loss = oneOf(c, 'train.objective', OBJECTIVES, 'tb');
  return {
    loss,
    iterations: numberSetting(c, 'train.iterations', 1000, 1, true),
    batchSize: numberSetting(c, 'train.batchSize', 16, 1, true),
    learningRate: numberSetting(c, 'train.learningRate', 1e-3, Number.MIN_VALUE, false),
    learningRateLogZ: numberSetting(c, 'train.learningRateLogZ', 0.1, Number.MIN_VALUE, false),
    hidden: numberSetting(c, 'train.hiddenSize', 256, 1, true),
    layers: numberSetting(c, 'train.hiddenLayers', 2, 0, true),
    backward: oneOf(c, 'train.backward', ['uniform', 'learned'] as const, 'uniform'),
    // Unset (null): the objective's default exploration (src/train/defaults.ts).
    epsilon: Math.min(1, numberSetting(c, 'train.epsilon', defaultEpsilon(loss), 0, false)),
    temperature: 1,
    seed: numberSetting(c, 'train.seed', 1, Number.MIN_SAFE_INTEGER, true),
    lambda: 0.9,
    alpha: 0.5,
    replay: 0,
    backend: oneOf(c, 'train.backend', BACKENDS, 'wasm'),
    samples: numberSetting(c, 'train.samples', 200, 0, true),
    reportEvery: numberSetting(c, 'train.reportEvery', 25, 1, true),
  };
}
