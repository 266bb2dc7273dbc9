/**
 * How a training option is declared: its flag, its setting, its range and its default. The objective registry
 * (objectives.ts) declares the options of objectives with these, the training configuration (src/train/config.ts)
 * the others; the CLI parses flags with `parseOptionValue`, the extension checks settings with `checkOptionValue`,
 * and both say what is wrong with `rangeText`, so a range is written once. Pure data and functions.
 */

/** The values a number may take (the JSON-schema keywords of the setting). */
export interface NumberRange {
  integer?: boolean;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  /** A single value the option may not take (alpha = 1). */
  not?: number;
}

export interface NumberOption<K extends string = string> extends NumberRange {
  kind: 'number';
  /** The field of TrainConfig. */
  key: K;
  /** `gfn train` flag, e.g. '--lr', and the name of its value in the help. */
  flag: `--${string}`;
  metavar: string;
  /** The VS Code setting under gflownet., e.g. 'train.learningRate'; absent: CLI only. */
  setting?: string;
  /** null: resolved from the other options when unset (`unset` says how; src/train/config.ts resolveTrainConfig). */
  default: number | null;
  unset?: string | (() => string);
  /** The extension's default when it differs from `gfn train`'s (said in `description`). */
  settingDefault?: number;
  /** The value that means "not used" (epsilon 0, temperature 1, replay 0): objectives that refuse it accept only this. */
  off?: number;
  /** One sentence, for the help and the setting's description. */
  description: string;
}

export interface ChoiceOption<K extends string = string, V extends string = string> {
  kind: 'choice';
  key: K;
  flag: `--${string}`;
  metavar: string;
  setting?: string;
  values: readonly V[];
  /** One per value, for the settings' dropdown and the help. */
  descriptions?: readonly string[];
  default: V;
  description: string;
}

export type OptionSpec = NumberOption | ChoiceOption;

/** What an unset option (default null) becomes, in words. */
export function unsetText(o: NumberOption): string {
  return typeof o.unset === 'function' ? o.unset() : (o.unset ?? 'unset');
}

/** What a valid value is, in words: 'a positive integer', 'a number in [0, 1]', 'a number other than 1'... */
export function rangeText(o: NumberRange): string {
  const two = !o.integer && (o.minimum !== undefined || o.exclusiveMinimum !== undefined) && (o.maximum !== undefined || o.exclusiveMaximum !== undefined);
  if (two) {
    const lower = o.minimum !== undefined ? `[${o.minimum}` : `(${o.exclusiveMinimum}`;
    const upper = o.maximum !== undefined ? `${o.maximum}]` : `${o.exclusiveMaximum})`;
    return `${lower === '[0' && upper === '1)' ? 'a fraction' : 'a number'} in ${lower}, ${upper}`;
  }
  if (o.integer) {
    if (o.minimum === 1 || o.exclusiveMinimum === 0) return 'a positive integer';
    if (o.minimum !== undefined) return `an integer >= ${o.minimum}`;
    return 'an integer';
  }
  if (o.exclusiveMinimum === 0) return 'a positive number';
  if (o.minimum !== undefined) return `a number >= ${o.minimum}`;
  if (o.exclusiveMinimum !== undefined) return `a number > ${o.exclusiveMinimum}`;
  if (o.not !== undefined) return `a number other than ${o.not}`;
  return 'a number';
}

/** rangeText with the upper bound of one-sided ranges: 'a positive integer, at most 4096'. */
export function rangeHelp(o: NumberRange): string {
  const text = rangeText(o);
  if (text.includes(' in ')) return text;
  if (o.maximum !== undefined) return `${text}, at most ${o.maximum}`;
  return o.exclusiveMaximum !== undefined ? `${text}, below ${o.exclusiveMaximum}` : text;
}

/** Why `value` is not valid for `o` ('must be ...'), or null when it is. */
export function checkOptionValue(o: NumberRange, value: number): string | null {
  const fits =
    Number.isFinite(value) &&
    (!o.integer || Number.isSafeInteger(value)) &&
    (o.minimum === undefined || value >= o.minimum) &&
    (o.exclusiveMinimum === undefined || value > o.exclusiveMinimum) &&
    (o.not === undefined || value !== o.not);
  const twoSided = rangeText(o).includes(' in ');
  const above = (o.maximum !== undefined && value > o.maximum) || (o.exclusiveMaximum !== undefined && value >= o.exclusiveMaximum);
  if (!fits || (twoSided && above)) return `must be ${rangeText(o)}`;
  if (above) return o.maximum !== undefined ? `must be at most ${o.maximum}` : `must be less than ${o.exclusiveMaximum}`;
  return null;
}

/** A flag's text value as a number for `o`; throws `fail(message)` with the flag's message when it is not valid. */
export function parseOptionValue(o: NumberRange & { flag: string }, text: string, fail: (message: string) => Error): number {
  const value = text.trim() === '' ? NaN : Number(text);
  const problem = checkOptionValue(o, value);
  if (problem) throw fail(`${o.flag} ${problem}, got '${text}'`);
  return value;
}

/** A choice flag's value; throws `fail` naming the allowed values. */
export function parseChoice<V extends string>(o: ChoiceOption<string, V>, text: string, fail: (message: string) => Error): V {
  const found = o.values.find((v) => v === text);
  if (found === undefined) throw fail(`${o.flag} must be one of ${o.values.join('|')}, got '${text}'`);
  return found;
}

/**
 * A setting that is not a training option (the state budget, the sandbox's limits, validation, the runs folder,
 * the seeds of a comparison): declared with the same fields as a training option, next to the engine concept it
 * sets, but with a flag only where the CLI has one and a setting only where the extension has one. The extension's
 * settings schema (extension/settingDeclarations.ts) and the CLI's flags and help are generated from it.
 */
interface Exposed {
  /** The `gfn` flag, absent where the CLI has none (the validate trigger). */
  flag?: `--${string}`;
  metavar?: string;
}
export type NumberSetting<K extends string = string> = Omit<NumberOption<K>, 'flag' | 'metavar' | 'default' | 'unset'> & Exposed & { default: number };
export type ChoiceSetting<K extends string = string, V extends string = string> = Omit<ChoiceOption<K, V>, 'flag' | 'metavar'> & Exposed;
export interface TextSetting<K extends string = string> extends Exposed {
  kind: 'text';
  key: K;
  setting?: string;
  default: string;
  description: string;
}
export type SettingSpec = NumberSetting | ChoiceSetting | TextSetting;
