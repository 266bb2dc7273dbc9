/**
 * The gflownet.train.* settings, both ways, from the training configuration (src/train/config.ts) and the objective
 * registry: the JSON schema package.json contributes (test/unit/train/registry.test.ts checks that they agree;
 * `npm run registry` writes it), and the reading of the user's values into a TrainConfig. No vscode import, so unit
 * tests cover both; extension/config.ts passes VS Code's configuration in.
 */
import type { TrainConfig } from '../shared/trainConfig';
import { optionNotes, resolveTrainConfig, TRAIN_OPTION_LIST, type TrainChoices } from '../src/train/config';
import { checkOptionValue, type ChoiceOption, type NumberOption } from '../shared/options';

/** The settings' section: a setting 'train.seed' is gflownet.train.seed. */
export const SECTION = 'gflownet';

type Schema = Record<string, unknown>;

function choiceSchema(o: ChoiceOption): Schema {
  return {
    type: 'string',
    enum: [...o.values],
    ...(o.descriptions ? { enumDescriptions: o.descriptions.map((d) => d.charAt(0).toUpperCase() + d.slice(1)) } : {}),
    default: o.default,
    description: `${o.description} ${optionNotes(o, 'setting')}`.trim(),
  };
}

function numberSchema(o: NumberOption): Schema {
  const type = o.integer ? 'integer' : 'number';
  const schema: Schema = { type: o.default === null ? [type, 'null'] : type, default: o.settingDefault ?? o.default };
  for (const key of ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'] as const) if (o[key] !== undefined) schema[key] = o[key];
  if (o.not !== undefined) schema.not = { const: o.not };
  schema.description = `${o.description} ${optionNotes(o, 'setting')}`.trim();
  return schema;
}

/** `contributes.configuration.properties` entries of the training options, keyed 'gflownet.train.…'. */
export function trainSettingsSchema(): Record<string, Schema> {
  const properties: Record<string, Schema> = {};
  for (const o of TRAIN_OPTION_LIST) {
    if (o.setting) properties[`${SECTION}.${o.setting}`] = o.kind === 'choice' ? choiceSchema(o) : numberSchema(o);
  }
  return properties;
}

/** Why a setting's value cannot be used, or null (integers are floored: settings.json may hold 12.0 or 12.5). */
function problemOf(o: NumberOption | ChoiceOption, value: unknown): { value?: unknown; problem?: string } {
  if (o.kind === 'choice') {
    return o.values.includes(value as string) ? { value } : { problem: `must be one of ${o.values.join(', ')}` };
  }
  if (typeof value !== 'number') return { problem: `must be ${o.integer ? 'an integer' : 'a number'}` };
  const v = o.integer ? Math.floor(value) : value;
  const problem = checkOptionValue(o, v);
  return problem ? { problem } : { value: v };
}

/**
 * The training configuration from the settings, `get('train.seed')` returning the user's value (or the contributed
 * default), then `overrides`. An unset value (null or undefined) takes its default; an invalid one too, with a
 * problem to show. Defaults that depend on other options (epsilon, the report cadence) follow the overrides.
 */
export function trainConfigFromSettings(
  get: (setting: string) => unknown,
  overrides: TrainChoices = {},
): { config: TrainConfig; problems: string[] } {
  const choices: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const o of TRAIN_OPTION_LIST) {
    if (!o.setting) continue;
    const raw = get(o.setting);
    const { value, problem } = raw === undefined || raw === null ? {} : problemOf(o, raw);
    if (problem) problems.push(`${SECTION}.${o.setting} ${problem}, got ${JSON.stringify(raw)}: using its default`);
    if (value !== undefined) choices[o.key] = value;
    else if (o.kind === 'number' && o.settingDefault !== undefined) choices[o.key] = o.settingDefault;
  }
  return { config: resolveTrainConfig({ ...(choices as TrainChoices), ...overrides }), problems };
}
