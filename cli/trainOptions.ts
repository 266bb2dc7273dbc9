/**
 * The training flags of the CLI, one table for every command that trains (`gfn train`, `gfn compare`): the flag of
 * each option of src/train/config.ts, its parsing into TrainChoices, and its help entry. The other declared flags
 * (--max-states, --time-limit, --memory-limit, --seeds: shared/options.ts NumberSetting) get theirs from `settingFlag`.
 */
import { optionNotes, TRAIN_OPTION_LIST, type TrainChoices } from '../src/train/config';
import { OBJECTIVE_NAMES, objective, ownOptions } from '../shared/objectives';
import { rangeHelp, type ChoiceOption, type NumberOption, type NumberSetting } from '../shared/options';
import { parseChoiceFlag, parseNumberFlag, type FlagSpec } from './args';
import { MAX_STATES_OPTION } from '../src/dag/explore';
import { CALL_TIME_LIMIT_OPTION, MEMORY_LIMIT_OPTION } from '../src/sandbox/limits';
import { SEEDS_OPTION } from '../src/compare/options';

/** Training options by flag name ('lr' for --lr). */
export const OPTION_OF_FLAG = new Map<string, NumberOption | ChoiceOption>(TRAIN_OPTION_LIST.map((o) => [o.flag.slice(2), o]));
const STRING: FlagSpec = { type: 'string' };
/** The parser's spec of every training flag (all take a value). */
export const TRAIN_FLAGS: Record<string, FlagSpec> = Object.fromEntries([...OPTION_OF_FLAG.keys()].map((name) => [name, STRING]));

const HELP_WIDTH = 118;
export const INDENT = '      ';
const COLUMN = 22;

/** `head` then `text` wrapped under the description column. */
export function helpLine(head: string, text: string, indent = INDENT, column = COLUMN): string {
  const lines: string[] = [];
  let line = `${indent}${head.padEnd(column - 1)} `;
  if (head.length >= column) line = `${indent}${head} `;
  for (const word of text.split(' ')) {
    if (line.length + word.length > HELP_WIDTH && line.trim().length > head.length) {
      lines.push(line.trimEnd());
      line = `${indent}${' '.repeat(column)}`;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

export function optionHelp(o: NumberOption | ChoiceOption): string {
  const head = `${o.flag} ${o.metavar}`;
  const values = o.kind === 'choice' && o.descriptions ? o.values.map((v, i) => `${v} (${o.descriptions![i]})`) : o.kind === 'choice' ? o.values : [];
  const range = o.kind === 'number' ? ` Range: ${rangeHelp(o)}.` : o.key === 'loss' ? '' : ` One of ${values.join(', ')}.`;
  return helpLine(head, `${o.description}${range} ${optionNotes(o, 'flag')}`);
}

/** The objectives under --loss: title, default exploration and own options (the registry). */
export function objectivesHelp(): string {
  return OBJECTIVE_NAMES.map((name) => {
    const s = objective(name);
    const notes = [s.onPolicy ? 'on-policy' : `epsilon ${s.defaultEpsilon}`, ...ownOptions(name).map((o) => o.flag)].join(', ');
    return `${INDENT}    ${name.padEnd(12)}${s.title.padEnd(36)}${notes}`;
  }).join('\n');
}

/** The help entries of the training options, the objectives listed under --loss (omitting those in `except`). */
export function trainOptionsHelp(except: readonly string[] = []): string[] {
  return TRAIN_OPTION_LIST.filter((o) => !except.includes(o.key)).map((o) => (o.key === 'loss' ? `${optionHelp(o)}\n${objectivesHelp()}` : optionHelp(o)));
}

/** A training option's flag value into `choices`. */
export function choose(choices: TrainChoices, option: NumberOption | ChoiceOption, text: string): void {
  const set = choices as Record<string, unknown>;
  if (option.kind === 'choice') set[option.key] = parseChoiceFlag(option, text);
  // 0 iterations only samples a resumed policy: checked by the command, once it knows whether it resumes.
  else if (option.key === 'iterations' && text.trim() !== '' && Number(text) === 0) set.iterations = 0;
  else set[option.key] = parseNumberFlag(option, text);
}

/** The declared flags that are not training options: --max-states, --time-limit, --memory-limit, --seeds. */
const OTHER_FLAGS: readonly NumberFlag[] = [MAX_STATES_OPTION, CALL_TIME_LIMIT_OPTION, MEMORY_LIMIT_OPTION, SEEDS_OPTION];

/** How the CLI names an option in an engine message (shared/optionRefs.ts): by its flag, '--lr' for learningRate. */
export function flagOfOption(key: string): string | undefined {
  return [...TRAIN_OPTION_LIST, ...OTHER_FLAGS].find((o) => o.key === key)?.flag;
}

/** A declared number flag that is not a training option, e.g. MAX_STATES_OPTION. */
export type NumberFlag = NumberSetting & { flag: `--${string}`; metavar: string };

/** The parser's spec and help text of a declared flag: its description, range and default, as in its setting. */
export function settingFlag(o: NumberFlag): FlagSpec & { metavar: string; help: string } {
  return { type: 'string', metavar: o.metavar, help: `${o.description} Range: ${rangeHelp(o)}. Default ${o.default}.` };
}
