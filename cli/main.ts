#!/usr/bin/env node
/**
 * The `gfn` command line (build entry `cli` -> dist/cli.js). Each command is a function `(argv) => exit code`
 * in COMMANDS, parsing its arguments with cli/args.ts; a UsageError is printed with the command's usage (exit 2),
 * error diagnostics exit 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, ValidationResult } from '../shared/diagnostics';
import { LOG_FORM_BEYOND } from '../shared/format';
import { validateFile } from '../src/sandbox/host';
import { parseCommandArgs, parseNumberFlag, UsageError, usageErrorText, usageText, type FlagSpec } from './args';
import { flagOfOption, helpLine, INDENT, settingFlag } from './trainOptions';
import { MAX_STATES_OPTION } from '../src/dag/explore';
import { CALL_TIME_LIMIT_OPTION, MEMORY_LIMIT_OPTION } from '../src/sandbox/limits';
import { TRAIN_HELP, trainCommand } from './train';
import { REPORT_HELP, reportCommand } from './report';
import { INIT_HELP, initCommand } from './init';
import { COMPARE_HELP, compareCommand } from './compare';

type Command = (argv: string[]) => Promise<number>;

/** The flags of gfn validate, from the declarations of the state budget and the sandbox's limits. */
const VALIDATE_FLAGS = {
  json: { type: 'boolean', help: 'Print exactly one JSON object: {ok, summary, diagnostics}.' },
  'max-states': settingFlag(MAX_STATES_OPTION),
  'time-limit': settingFlag(CALL_TIME_LIMIT_OPTION),
  'memory-limit': settingFlag(MEMORY_LIMIT_OPTION),
} satisfies Record<string, FlagSpec & { metavar?: string; help: string }>;

const VALIDATE_HELP = [
  'validate FILE [--json] [--max-states N] [--time-limit MS] [--memory-limit MB]',
  `${INDENT}Compile and explore a .gfn.ts environment in the sandbox and report its diagnostics.`,
  `${INDENT}FILE IS EXECUTED (in a sandbox process with the limits below): run it only on files you trust.`,
  ...Object.entries(VALIDATE_FLAGS).map(([name, f]) => helpLine(`--${name}${'metavar' in f ? ` ${f.metavar}` : ''}`, f.help)),
  `${INDENT}Exit code: 1 when there is an error diagnostic, else 0.`,
].join('\n');

/** One entry per command; other engines add theirs here, e.g. `train: { run: trainCommand, help: TRAIN_HELP }`. */
const COMMANDS: Record<string, { run: Command; help: string }> = {
  train: { run: trainCommand, help: TRAIN_HELP },
  compare: { run: compareCommand, help: COMPARE_HELP },
  report: { run: (argv) => reportCommand(argv), help: REPORT_HELP },
  init: { run: (argv) => Promise.resolve(initCommand(argv, () => usage('init'))), help: INIT_HELP },
  validate: { run: validateCommand, help: VALIDATE_HELP },
};

/** The usage of `command`, or of every command. */
export function usage(command?: string): string {
  const entries = command && Object.hasOwn(COMMANDS, command) ? [COMMANDS[command].help] : Object.values(COMMANDS).map((c) => c.help);
  return usageText(entries, !command);
}

export { UsageError };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    (command === undefined ? process.stderr : process.stdout).write(`${usage()}\n`);
    return command === undefined ? 2 : 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command].run : undefined;
  if (!run) {
    process.stderr.write(usageErrorText(null, `unknown command '${command}'`, usage()));
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(usageErrorText(command, error.message, usage(command)));
      return 2;
    }
    process.stderr.write(`gfn ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

interface ValidateArgs {
  file: string;
  json: boolean;
  maxStates?: number;
  callTimeLimitMs?: number;
  memoryLimitMb?: number;
}

export function parseValidateArgs(argv: string[]): ValidateArgs | 'help' {
  const parsed = parseCommandArgs('validate', argv, VALIDATE_FLAGS);
  if (parsed.help) return 'help';
  const args: Omit<ValidateArgs, 'file'> = { json: false };
  for (const { name, flag, value } of parsed.options) {
    if (name === 'json') args.json = true;
    else if (name === 'max-states') args.maxStates = parseNumberFlag({ ...MAX_STATES_OPTION, flag }, value!);
    else if (name === 'time-limit') args.callTimeLimitMs = parseNumberFlag({ ...CALL_TIME_LIMIT_OPTION, flag }, value!);
    else if (name === 'memory-limit') args.memoryLimitMb = parseNumberFlag({ ...MEMORY_LIMIT_OPTION, flag }, value!);
  }
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError('validate needs a FILE (a .gfn.ts)');
  if (files.length > 1) throw new UsageError(`validate takes one FILE, got ${files.length}: ${files.join(' ')}`);
  const file = files[0];
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (!fs.statSync(file).isFile()) throw new UsageError(`not a file: ${file}`);
  return { file, ...args };
}

async function validateCommand(argv: string[]): Promise<number> {
  const args = parseValidateArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${usage('validate')}\n`);
    return 0;
  }
  const result = await validateFile(args.file, { ...args, nameOption: flagOfOption });
  process.stdout.write(args.json ? `${JSON.stringify(jsonReport(result))}\n` : textReport(args.file, result));
  return result.ok ? 0 : 1;
}

/** The `--json` shape: {ok, summary: {states, edges, terminals, logZ, maxDepth, complete}, diagnostics}. */
export function jsonReport(result: ValidationResult): unknown {
  const s = result.summary;
  return {
    ok: result.ok,
    summary: s && { states: s.states, edges: s.edges, terminals: s.terminals, logZ: s.logZ, maxDepth: s.maxDepth, complete: s.complete },
    diagnostics: result.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column })),
  };
}

/** `file:line:col: severity code: message` lines (related locations indented), then a one-line summary. */
export function textReport(file: string, result: ValidationResult): string {
  const shown = path.relative(process.cwd(), file) || file;
  const lines: string[] = [];
  for (const d of result.diagnostics) {
    lines.push(`${shown}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
    for (const r of d.related ?? []) lines.push(`  ${shown}:${r.line}:${r.column}: note: ${r.message}`);
  }
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function summaryLine(result: ValidationResult): string {
  const by = (severity: Diagnostic['severity']) => result.diagnostics.filter((d) => d.severity === severity).length;
  const problems = `${count(by('error'), 'error')}, ${count(by('warning'), 'warning')}`;
  const s = result.summary;
  if (!s) return `${result.ok ? 'ok' : 'failed'}: ${problems}`;
  // Z itself only while it is of a size to read (and a double holds it): log Z = 800 is not followed by Z = Infinity.
  const zValue = s.logZ === null || Math.abs(s.logZ) > LOG_FORM_BEYOND ? '' : ` (Z = ${Number(Math.exp(s.logZ).toPrecision(6))})`;
  const z = s.logZ === null ? 'log Z unavailable' : `log Z = ${s.logZ.toFixed(6)}${zValue}`;
  const shape = `${count(s.states, 'state')}, ${count(s.edges, 'edge')}, ${count(s.terminals, 'terminal')}, max depth ${s.maxDepth}`;
  return `${result.ok ? 'ok' : 'failed'}: ${s.name}: ${shape}, ${z}${s.complete ? '' : ', incomplete'}; ${problems}`;
}

// Run when executed (dist/cli.js), not when imported by tests.
if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gfn: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
