/**
 * The argument parser of every `gfn` command (Node's util.parseArgs) and the one style of usage errors: a command
 * throws UsageError, which is printed as `gfn COMMAND: message`, a blank line and the command's usage, exit code 2.
 * Values are taken as given (`--alpha -1`, `--out=x`), unknown options and missing values are UsageErrors.
 */
import { parseArgs } from 'node:util';
import { parseChoice, parseOptionValue, type ChoiceOption, type NumberRange } from '../shared/options';

/** A usage error: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** 'string' takes a value (`--out DIR` or `--out=DIR`), 'boolean' none. */
  type: 'string' | 'boolean';
  short?: string;
  /** The end of "--out needs ..." when the value is missing (default 'a value'). */
  needs?: string;
  /** Refuse a value that starts with '-' (it is more likely a forgotten value than a file name). */
  noDashValue?: boolean;
}

export interface ParsedArgs {
  /** Options in the order given: [flag as written, value] (value undefined for boolean flags). */
  options: { name: string; flag: string; value: string | undefined }[];
  positionals: string[];
  help: boolean;
}

/** Parses `argv` for `command`; -h / --help anywhere asks for the help. */
export function parseCommandArgs(command: string, argv: string[], flags: Record<string, FlagSpec>): ParsedArgs {
  const help: FlagSpec = { type: 'boolean', short: 'h' };
  const options = Object.fromEntries(
    Object.entries({ ...flags, help }).map(([name, f]) => [
      name,
      f.short ? { type: f.type, short: f.short } : { type: f.type },
    ]),
  );
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const parsed: ParsedArgs = { options: [], positionals: [], help: false };
  for (const token of tokens) {
    if (token.kind === 'positional') parsed.positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') {
      parsed.help = true;
      continue;
    }
    const spec = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (!spec) throw new UsageError(`unknown option '${token.rawName}' for ${command}`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value, got '${token.value}'`);
      parsed.options.push({ name: token.name, flag: token.rawName, value: undefined });
      continue;
    }
    if (token.value === undefined || (spec.noDashValue && !token.inlineValue && token.value.startsWith('-'))) {
      throw new UsageError(`${token.rawName} needs ${spec.needs ?? 'a value'}`);
    }
    parsed.options.push({ name: token.name, flag: token.rawName, value: token.value });
  }
  return parsed;
}

/** A number flag's value in its range, or a UsageError: `--batch must be a positive integer, got 'x'`. */
export function parseNumberFlag(range: NumberRange & { flag: string }, text: string): number {
  return parseOptionValue(range, text, (message) => new UsageError(message));
}

/** A choice flag's value, or a UsageError listing the choices. */
export function parseChoiceFlag<V extends string>(option: ChoiceOption<string, V>, text: string): V {
  return parseChoice(option, text, (message) => new UsageError(message));
}

/** The usage of one command (its help entry) or of all, under the same heading. */
export function usageText(entries: string[], all: boolean): string {
  const body = entries.map((h) => `  ${h}`).join('\n');
  return all
    ? `Usage: gfn <command> [options]\n\nCommands:\n${body}\n\nOptions:\n  -h, --help           show this help`
    : `Usage: gfn <command> [options]\n\n${body}\n\n\`gfn --help\` lists every command.`;
}

/** The text of a usage error of `command` (or of gfn itself): message, blank line, usage. */
export function usageErrorText(command: string | null, message: string, usage: string): string {
  return `gfn${command ? ` ${command}` : ''}: ${message}\n\n${usage}\n`;
}
