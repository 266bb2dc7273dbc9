/**
 * The `gflownet.*` settings, read into the engine's types. Values come from the user's settings.json, so each one
 * is checked and a bad one falls back to its default (VS Code's schema only warns in the editor). The training
 * settings are declared by the training configuration (extension/trainSettings.ts).
 */
import * as vscode from 'vscode';
import type { TrainConfig } from '../shared/protocol';
import { SECTION, trainConfigFromSettings } from './trainSettings';

export type ValidateTrigger = 'onType' | 'onSave';

export interface ValidateSettings {
  trigger: ValidateTrigger;
  debounceMs: number;
  stateBudget: number;
  callTimeLimitMs: number;
  memoryLimitMb: number;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
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

/** The default of gflownet.runsFolder: a dot folder, out of the way of the user's files but shown by the explorer. */
export const DEFAULT_RUNS_FOLDER = '.gflownet/runs';

/** gflownet.runsFolder: where runs go, relative to the workspace folder of the trained .gfn.ts. */
export function runsFolderSetting(): string {
  const value = section().get<unknown>('runsFolder');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_RUNS_FOLDER;
}

/** The training configuration of GFlowNet: Train, from the settings, and what was wrong with them (defaults used). */
export function trainSettings(overrides: Partial<TrainConfig> = {}): { config: TrainConfig; problems: string[] } {
  const c = section();
  return trainConfigFromSettings((setting) => c.get<unknown>(setting), overrides);
}
