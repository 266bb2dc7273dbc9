/**
 * Every gflownet.* setting that is not a training option, declared once: the engine's (state budget, sandbox
 * limits, seeds of a comparison) where the engine concept lives, the extension's own (validation trigger and
 * debounce, runs folder) here. From the declarations come package.json's schema (`npm run registry` writes it,
 * test/integration/shared/settings.test.ts checks it) and the typed reading of the user's values (`readSettings`); the
 * training settings are extension/trainSettings.ts's. No vscode import: extension/config.ts passes VS Code's
 * configuration in.
 */
import { MAX_STATES_OPTION } from '../src/dag/explore';
import { CALL_TIME_LIMIT_OPTION, MEMORY_LIMIT_OPTION } from '../src/sandbox/limits';
import { SEEDS_OPTION } from '../src/compare/options';
import { checkOptionValue, type ChoiceSetting, type NumberSetting, type SettingSpec, type TextSetting } from '../shared/options';
import { SECTION } from './trainSettings';
import { TRAIN_OPTION_LIST } from '../src/train/config';

export const VALIDATE_TRIGGER_OPTION = {
  kind: 'choice', key: 'validateTrigger', setting: 'validate.trigger', values: ['onType', 'onSave'],
  descriptions: ['Validate while typing, after a pause (gflownet.validate.debounceMs)', 'Validate when the file is saved'],
  default: 'onType', description: 'When .gfn.ts files are validated.',
} as const satisfies ChoiceSetting<'validateTrigger', 'onType' | 'onSave'>;

export const DEBOUNCE_OPTION = {
  kind: 'number', key: 'debounceMs', setting: 'validate.debounceMs', integer: true, minimum: 0, maximum: 10_000, default: 300,
  description: 'Pause after the last keystroke before validating (trigger onType).',
} as const satisfies NumberSetting<'debounceMs'>;

/** A dot folder: out of the way of the user's files but shown by the explorer. */
export const RUNS_FOLDER_OPTION = {
  kind: 'text', key: 'runsFolder', setting: 'runsFolder', default: '.gflownet/runs',
  description:
    "Where GFlowNet: Train writes each run (one folder per run, `<file stem>/<YYYYMMDD-HHMMSS>-<objective>/`), relative to the workspace folder of the trained .gfn.ts; an absolute path is used as it is. Files outside every workspace folder keep their runs in the extension's storage. The GFlowNet view of the activity bar lists them.",
} as const satisfies TextSetting<'runsFolder'>;

/** Every non-training setting, in the order of the settings UI. */
export const SETTING_OPTIONS = {
  validateTrigger: VALIDATE_TRIGGER_OPTION,
  debounceMs: DEBOUNCE_OPTION,
  maxStates: MAX_STATES_OPTION,
  callTimeLimitMs: CALL_TIME_LIMIT_OPTION,
  memoryLimitMb: MEMORY_LIMIT_OPTION,
  runsFolder: RUNS_FOLDER_OPTION,
  seeds: SEEDS_OPTION,
} as const;

export type SettingKey = keyof typeof SETTING_OPTIONS;
export const SETTING_LIST: readonly SettingSpec[] = Object.values(SETTING_OPTIONS);

/** The settings' values, typed: `trigger` is 'onType' | 'onSave', the numbers are numbers. */
export type Settings = {
  [K in SettingKey]: (typeof SETTING_OPTIONS)[K] extends { kind: 'choice'; values: readonly (infer V)[] } ? V
    : (typeof SETTING_OPTIONS)[K] extends { kind: 'number' } ? number
      : string;
};

type Schema = Record<string, unknown>;

/** One `contributes.configuration.properties` entry. */
export function settingSchema(o: SettingSpec): Schema {
  if (o.kind === 'text') return { type: 'string', default: o.default, description: o.description };
  if (o.kind === 'choice') {
    return { type: 'string', enum: [...o.values], ...(o.descriptions ? { enumDescriptions: [...o.descriptions] } : {}), default: o.default, description: o.description };
  }
  const schema: Schema = { type: o.integer ? 'integer' : 'number', default: o.settingDefault ?? o.default };
  for (const key of ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'] as const) if (o[key] !== undefined) schema[key] = o[key];
  schema.description = o.description;
  return schema;
}

/** The schema of every non-training setting, keyed 'gflownet.…'. */
export function settingsSchema(): Record<string, Schema> {
  return Object.fromEntries(SETTING_LIST.filter((o) => o.setting).map((o) => [`${SECTION}.${o.setting}`, settingSchema(o)]));
}

/**
 * How the extension names an option in an engine message (shared/optionRefs.ts): by its setting,
 * 'the setting gflownet.train.learningRate' for learningRate; undefined for an option without a setting.
 */
export function settingOfOption(key: string): string | undefined {
  const o = [...TRAIN_OPTION_LIST, ...SETTING_LIST].find((d) => d.key === key);
  return o?.setting ? `the setting ${SECTION}.${o.setting}` : undefined;
}

/** The value of one setting, or why it cannot be used (integers are floored: settings.json may hold 12.5). */
function valueOf(o: SettingSpec, raw: unknown): { value: unknown; problem?: string } {
  if (o.kind === 'text') {
    return typeof raw === 'string' && raw.trim() !== '' ? { value: raw.trim() } : { value: o.default, problem: 'must be a non-empty path' };
  }
  if (o.kind === 'choice') return (o.values as readonly unknown[]).includes(raw) ? { value: raw } : { value: o.default, problem: `must be one of ${o.values.join(', ')}` };
  const fallback = o.settingDefault ?? o.default;
  if (typeof raw !== 'number') return { value: fallback, problem: `must be ${o.integer ? 'an integer' : 'a number'}` };
  const v = o.integer ? Math.floor(raw) : raw;
  const problem = checkOptionValue(o, v);
  return problem ? { value: fallback, problem } : { value: v };
}

/**
 * The settings from `get('stateBudget')` (the user's value or the contributed default): an unset one takes its
 * default, an invalid one too, with a problem naming the setting to show.
 */
export function readSettings(get: (setting: string) => unknown): { settings: Settings; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, o] of Object.entries(SETTING_OPTIONS) as [SettingKey, SettingSpec][]) {
    const raw = get(o.setting!);
    if (raw === undefined || raw === null) {
      values[key] = o.kind === 'number' ? (o.settingDefault ?? o.default) : o.default;
      continue;
    }
    const { value, problem } = valueOf(o, raw);
    if (problem) problems.push(`${SECTION}.${o.setting} ${problem}, got ${JSON.stringify(raw)}: using its default`);
    values[key] = value;
  }
  return { settings: values as Settings, problems };
}
