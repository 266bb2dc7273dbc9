/**
 * The extension's settings, in one place: a typed reader of every gflownet.* setting and the one
 * onDidChangeConfiguration handler, which tells the parts that care (diagnostics re-validate on a new budget or
 * limit, the runs view re-reads on a new runs folder) that what they read has changed. The settings are declared
 * once (extension/settingDeclarations.ts, extension/trainSettings.ts); values come from the user's settings.json,
 * so each one is checked and a bad one falls back to its default with a warning in the log (VS Code's schema only
 * warns in the editor). The model is rust-analyzer's config.ts.
 */
import * as vscode from 'vscode';
import type { TrainConfig } from '../shared/trainConfig';
import { readSettings, type SettingKey, type Settings } from './settingDeclarations';
import { settingName, SettingListeners, touchedSettings } from './settingChanges';
import { SECTION, trainConfigFromSettings } from './trainSettings';

export type { Settings, SettingKey } from './settingDeclarations';
export { settingName } from './settingChanges';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** Every non-training setting, typed, and what was wrong with them (their defaults are used). */
export function readConfig(): { settings: Settings; problems: string[] } {
  const c = section();
  return readSettings((setting) => c.get<unknown>(setting));
}

/** The non-training settings, typed (the problems are logged by Config when they change). */
export function settings(): Settings {
  return readConfig().settings;
}

/** The training configuration of GFlowNet: Train, from the settings, and what was wrong with them (defaults used). */
export function trainSettings(overrides: Partial<TrainConfig> = {}): { config: TrainConfig; problems: string[] } {
  const c = section();
  return trainConfigFromSettings((setting) => c.get<unknown>(setting), overrides);
}

/**
 * The one onDidChangeConfiguration handler. Each part registers the settings it reads with `onChange`; a change of
 * any of them calls it once (extension/settingChanges.ts). A bad new value is logged as it is made.
 */
export class Config implements vscode.Disposable {
  private readonly listeners = new SettingListeners();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => this.changed(touchedSettings((name) => e.affectsConfiguration(name))));
    for (const problem of readConfig().problems) log.warn(problem);
  }

  /** Calls `listener` after a change of any of `keys`. */
  onChange(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
    return this.listeners.add(keys, listener);
  }

  private changed(touched: SettingKey[]): void {
    if (touched.length === 0) return;
    for (const problem of readConfig().problems) if (touched.some((key) => problem.startsWith(`${settingName(key)} `))) this.log.warn(problem);
    this.listeners.notify(touched);
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }
}
