/**
 * `logReward`, the reward given as log R(x), through the real sandbox (validateFile) and `gfn validate --json`:
 * log Z of rewards no double holds (log R around +800 and -800) against a log-sum-exp written here; exactly one of
 * `reward` and `logReward`; -Infinity is a zero reward; NaN and +Infinity are invalid rewards naming the state, on the
 * logReward line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourceLocation } from '../../../shared/diagnostics';
import { validateFile } from '../../../src/sandbox/host';

const root = path.join(__dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gfn-logreward-'));

/** A .gfn.ts of bit strings of length 3 whose reward is the given property (its source text). */
function bitsFile(name: string, reward: string): string {
  const file = path.join(dir, `${name}.gfn.ts`);
  writeFileSync(file, [
    "import { defineEnvironment } from 'gflownet-studio';",
    '',
    'const ones = (x: string) => x.split(\'\').filter((c) => c === \'1\').length;',
    '',
    'export default defineEnvironment({',
    `  name: '${name}',`,
    "  initial: '',",
    "  actions: (s) => (s.length < 3 ? ['0', '1'] : []),",
    '  step: (s, a) => s + a,',
    `  ${reward}`,
    '});',
    '',
  ].join('\n'));
  return file;
}

/** 1-based position of `needle` in the file (a plain search, not the engine's). */
function where(file: string, needle: string): SourceLocation {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

function at(d: Diagnostic): SourceLocation {
  return { line: d.line, column: d.column };
}

/** log sum_i exp(v_i), the largest factored out: the test's own, not the engine's. */
function logSumExp(values: number[]): number {
  const m = Math.max(...values);
  return m + Math.log(values.reduce((sum, v) => sum + Math.exp(v - m), 0));
}

const OBJECTS = ['000', '001', '010', '011', '100', '101', '110', '111'];
const ones = (x: string) => x.split('').filter((c) => c === '1').length;

describe('logReward: log Z of rewards a double cannot hold', () => {
  it.each([
    ['huge', 800, 'logReward: (x) => 800 + 3 * ones(x),'],
    ['tiny', -800, 'logReward: (x) => -800 + 3 * ones(x),'],
  ])('log R around %s (%d): validate gives the log-sum-exp of the log-rewards, without a diagnostic', async (name, base, reward) => {
    expect(Math.exp(base)).toBe(base > 0 ? Infinity : 0); // R itself is out of a double's reach
    const result = await validateFile(bitsFile(name, reward));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    const expected = logSumExp(OBJECTS.map((x) => base + 3 * ones(x)));
    expect(result.summary?.logZ).toBeCloseTo(expected, 9);
    expect(result.summary).toMatchObject({ states: 15, terminals: 8, complete: true });
  });

  const cli = path.join(root, 'dist/cli.js');
  it.skipIf(!existsSync(cli))('gfn validate: --json carries that log Z; the text line gives log Z without an infinite Z', () => {
    const file = bitsFile('cli-huge', 'logReward: (x) => 800 + 3 * ones(x),');
    const json = spawnSync(process.execPath, [cli, 'validate', file, '--json'], { cwd: root, encoding: 'utf8' });
    expect(json.status).toBe(0);
    const expected = logSumExp(OBJECTS.map((x) => 800 + 3 * ones(x)));
    expect(JSON.parse(json.stdout).summary.logZ).toBeCloseTo(expected, 9);
    const text = spawnSync(process.execPath, [cli, 'validate', file], { cwd: root, encoding: 'utf8' });
    expect(text.stdout.trim()).toBe(`ok: cli-huge: 15 states, 14 edges, 8 terminals, max depth 3, log Z = ${expected.toFixed(6)}; 0 errors, 0 warnings`);
  });
});

describe('logReward: zero and invalid log-rewards', () => {
  it('-Infinity is a zero reward: a zero-reward warning on logReward, log Z of the others', async () => {
    const file = bitsFile('zeros', "logReward: (x) => (x.startsWith('0') ? -Infinity : ones(x)),");
    const result = await validateFile(file);
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ severity: 'warning', code: 'zero-reward' });
    expect(d.message).toBe('logReward is -Infinity (reward 0) for 4 of 8 terminal states (e.g. "000"; "001"; "010"): they are never sampled');
    expect(at(d)).toEqual(where(file, 'logReward:'));
    expect(result.summary?.logZ).toBeCloseTo(logSumExp(OBJECTS.filter((x) => x.startsWith('1')).map(ones)), 12);
  });

  it('-Infinity everywhere: nothing to sample, log Z unavailable', async () => {
    const result = await validateFile(bitsFile('all-zero', 'logReward: () => -Infinity,'));
    expect(result.diagnostics.map((d) => d.message)).toEqual(['logReward is -Infinity (reward 0) for all 8 terminal states: Z = 0, there is nothing to sample']);
    expect(result.summary?.logZ).toBeNull();
  });

  it('NaN and +Infinity are invalid-reward errors on the logReward line, naming the state; finite negatives are fine', async () => {
    const file = bitsFile('invalid', "logReward: (x) => (x === '011' ? NaN : x === '110' ? Infinity : -5 - ones(x)),");
    const result = await validateFile(file);
    expect(result.ok).toBe(false);
    const invalid = result.diagnostics.filter((d) => d.code === 'invalid-reward');
    expect(invalid.map((d) => d.message)).toEqual([
      'logReward is NaN for 1 of 8 terminal states, e.g. "011" -> NaN. log-rewards must be numbers below Infinity (-Infinity is a zero reward)',
      'logReward is infinite for 1 of 8 terminal states, e.g. "110" -> Infinity. log-rewards must be numbers below Infinity (-Infinity is a zero reward)',
    ]);
    for (const d of invalid) expect(at(d)).toEqual(where(file, 'logReward:'));
    expect(result.diagnostics).toHaveLength(2);
  });

  it('a logReward that is not a number is refused as such, on its line', async () => {
    const file = bitsFile('string', "logReward: (x) => (x === '111' ? 'big' : 1) as number,");
    const result = await validateFile(file);
    const [d] = result.diagnostics;
    expect(d.message).toMatch(/^logReward is not a number for 1 of 8 terminal states, e\.g\. "111" -> "big"/);
    expect(at(d)).toEqual(where(file, 'logReward:'));
  });

  it('an exception in logReward sits where it was thrown, naming logReward and the state', async () => {
    const file = bitsFile('throws', "logReward: (x) => { if (x === '101') throw new Error('no'); return 0; },");
    const result = await validateFile(file);
    const [d] = result.diagnostics;
    expect(d.code).toBe('user-exception');
    expect(d.message).toBe('logReward threw Error: no in logReward(state "101")');
    expect(at(d)).toEqual(where(file, "new Error('no')"));
    expect(d.related?.[0].message).toBe('`logReward` is declared here');
  });
});

describe('exactly one of reward and logReward', () => {
  /** The location of defineEnvironment's object as the loader reports environment-wide problems. */
  const exportAt = (file: string) => where(file, 'export default');

  it('neither: invalid-environment on the environment, saying what to write', async () => {
    const file = bitsFile('neither', '');
    const result = await validateFile(file);
    expect(result.ok).toBe(false);
    expect(result.summary).toBeNull();
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ severity: 'error', code: 'invalid-environment' });
    expect(d.message).toBe('the reward is missing: write `reward: (x) => number` (R(x) >= 0) or `logReward: (x) => number` (log R(x), for rewards too large or too small for a number)');
    expect(at(d)).toEqual(exportAt(file));
  });

  it('both: invalid-environment on the environment, asking to keep one', async () => {
    // defineEnvironment's type refuses both; a file may still pass them (no type checking in the sandbox).
    const file = bitsFile('both', 'reward: (x) => ones(x), logReward: (x) => ones(x),');
    const result = await validateFile(file);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ severity: 'error', code: 'invalid-environment' });
    expect(d.message).toBe('`reward` and `logReward` are both given: keep exactly one, `reward` (R(x)) or `logReward` (log R(x))');
    expect(at(d)).toEqual(exportAt(file));
    expect(result.diagnostics).toHaveLength(1);
  });

  it('a logReward that is not a function: on its property', async () => {
    const file = bitsFile('not-function', 'logReward: 3,');
    const [d] = (await validateFile(file)).diagnostics;
    expect(d).toMatchObject({ code: 'invalid-environment' });
    expect(d.message).toBe('`logReward` is a number, not a function: write `logReward: (x) => number`');
    expect(at(d)).toEqual(where(file, 'logReward: 3'));
  });
});
