/**
 * Who is told of a settings change: the pure part of extension/config.ts's one onDidChangeConfiguration handler
 * (no vscode import, so unit tests drive it). Each part registers the settings it reads; a change calls it once.
 */
import { SETTING_OPTIONS, type SettingKey } from './settingDeclarations';
import { SECTION } from './trainSettings';

/** The setting name of a key ('maxStates' -> 'gflownet.stateBudget'), as the user sees it. */
export function settingName(key: SettingKey): string {
  return `${SECTION}.${SETTING_OPTIONS[key].setting}`;
}

/** The settings a change touches, from VS Code's `affectsConfiguration(name)`. */
export function touchedSettings(affects: (name: string) => boolean): SettingKey[] {
  if (!affects(SECTION)) return [];
  return (Object.keys(SETTING_OPTIONS) as SettingKey[]).filter((key) => affects(settingName(key)));
}

export class SettingListeners {
  private readonly entries = new Set<{ keys: readonly SettingKey[]; listener: () => void }>();

  /** Calls `listener` after a change of any of `keys`; dispose to stop. */
  add(keys: readonly SettingKey[], listener: () => void): { dispose(): void } {
    const entry = { keys, listener };
    this.entries.add(entry);
    return { dispose: () => this.entries.delete(entry) };
  }

  /** Tells each listener whose settings are among `touched`, once. */
  notify(touched: readonly SettingKey[]): void {
    for (const { keys, listener } of [...this.entries]) if (keys.some((key) => touched.includes(key))) listener();
  }

  clear(): void {
    this.entries.clear();
  }
}
