/**
 * Fuzz test of validation through the real sandbox (`validateFile` of src/sandbox/host.ts), against an independent
 * brute-force enumeration (fuzz/oracle.ts).
 *
 * Group 1 (N_TABLES environments): random tables of 2..40 states (integers or strings) with actions to other states,
 * mostly forward (DAGs), sometimes back edges and self-loops (cycles); canStop flags; rewards from a mix of 0,
 * positive (1e-30 .. 1e30, Number.MIN_VALUE, Number.MAX_VALUE), negative, NaN, +-Infinity and non-numbers; user
 * functions (actions, step, reward, canStop, key, render) that throw an Error or a string for some states; states
 * unreachable from s0; two actions with one child; declared `actionSpace` (sometimes missing an action); `key`
 * (sometimes merging two states, sometimes throwing); non-deterministic steps; state budgets (`maxStates`).
 * Each table is embedded as JSON in the text of a `.gfn.ts` and validated with `validateFile(path, { contents })`.
 *
 * Group 2 (N_EXOTIC environments): states built of Set, Map, BigInt, Date and typed arrays. Two states with the same
 * contents are one state whatever the insertion order of their Sets and Maps.
 *
 * The environments come from fuzz/generate.ts (group 1) and fuzz/exotic.ts (group 2); fuzz/oracle.ts lists the
 * documented rules its oracle follows. Besides the codes, the test checks which functions the user-exception
 * messages name, the kinds and counts of invalid rewards, the count of zero rewards, and that a reported cycle is
 * made of edges of the table.
 *
 * Engine behaviour that looks wrong keeps its assertion in a test of its own, named "[questionable: ...]".
 *
 * A failure prints the group, index, seed and generated table. To reproduce: GFN_FUZZ_ONLY=table:104 runs one
 * environment, GFN_FUZZ_SOURCE=table:104 prints its .gfn.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../../shared/diagnostics';
import { SandboxPool, validateFile } from '../../../src/sandbox/host';
import { exoticOracle, exoticSource, generateExotic } from './fuzz/exotic';
import { generateTable, seedOf, tableSource } from './fuzz/generate';
import { closeLogZ, compare, isQuestionable, oracle, Q_ZERO_ALL, type Expected } from './fuzz/oracle';

const N_TABLES = 500;
const CHUNKS = 5;
const N_EXOTIC = 50;
const CONCURRENCY = 2;
/** The default limits are generous: 2 s per call is far above what a table lookup needs even on a busy machine. */
const VALIDATE_OPTIONS = { memoryLimitMb: 256 } as const;

/**
 * Runs f over items, `concurrency` at a time. Each lane has its SandboxPool: a sandbox process is started for the
 * lane's next validation while the current one runs (each validation still gets a fresh process).
 */
async function pool<T, R>(items: readonly T[], concurrency: number, f: (item: T, sandboxes: SandboxPool) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    const sandboxes = new SandboxPool();
    try {
      while (next < items.length) {
        const i = next++;
        results[i] = await f(items[i], sandboxes);
      }
    } finally {
      sandboxes.dispose();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
  return results;
}

/**
 * Reproduction: GFN_FUZZ_ONLY=table:104,exotic:3 runs only those environments (the others pass vacuously), and
 * GFN_FUZZ_SOURCE=table:104 prints the generated .gfn.ts of one.
 */
const ONLY = process.env.GFN_FUZZ_ONLY?.split(',').map((x) => x.trim());
const selected = (group: 'table' | 'exotic', index: number) => !ONLY || ONLY.includes(`${group}:${index}`);

/** Where the .gfn.ts paths point (nothing is written there: the text goes in `contents`). */
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gfn-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  index: number;
  seed: number;
  diffs: string[];
  table: unknown;
  expected?: unknown;
  diagnostics?: unknown;
}

function failureReport(group: string, failures: Outcome[], total: number): string {
  if (failures.length === 0) return '';
  const lines = [`${failures.length} of ${total} ${group} environments disagree with the oracle (indices ${failures.map((f) => f.index).join(', ')}).`];
  for (const f of failures.slice(0, 4)) {
    lines.push(
      `--- ${group} #${f.index} (seed ${f.seed}):`,
      ...f.diffs.map((d) => `  ${d}`),
      `  table: ${JSON.stringify(f.table)}`,
      ...(f.expected ? [`  expected: ${JSON.stringify(f.expected)}`] : []),
      ...(f.diagnostics ? [`  diagnostics: ${JSON.stringify(f.diagnostics)}`] : []),
    );
  }
  if (failures.length > 4) lines.push(`(${failures.length - 4} more not shown)`);
  return lines.join('\n');
}

function expectedForPrint(e: Expected): unknown {
  const { edgeSet, codes, threw, invalid, ...rest } = e;
  void edgeSet;
  return { ...rest, codes: [...codes], threw: [...threw], invalid: Object.fromEntries(invalid) };
}

async function runTable(index: number, sandboxes?: SandboxPool): Promise<Outcome> {
  const table = generateTable(index);
  const seed = seedOf(1, index);
  const expected = oracle(table);
  let result: ValidationResult;
  try {
    result = await validateFile(path.join(dir, `table-${index}.gfn.ts`), {
      ...VALIDATE_OPTIONS,
      pool: sandboxes,
      contents: tableSource(table),
      ...(table.maxStates ? { maxStates: table.maxStates } : {}),
    });
  } catch (error) {
    return { index, seed, diffs: [`validateFile rejected: ${String(error)}`], table };
  }
  const diffs = compare(result, expected);
  return diffs.length ? { index, seed, diffs, table, expected: expectedForPrint(expected), diagnostics: result.diagnostics } : { index, seed, diffs, table };
}

const printSource = process.env.GFN_FUZZ_SOURCE?.split(':');
if (printSource) {
  const i = Number(printSource[1]);
  console.log(printSource[0] === 'exotic' ? exoticSource(generateExotic(i)) : tableSource(generateTable(i)));
}

describe(`fuzz: ${N_TABLES} random tables through the sandbox against a brute-force oracle`, () => {
  it('the generator covers what it should', () => {
    const tally: Record<string, number> = { unreachable: 0, twoActionsOneChild: 0, cycle: 0, userException: 0, invalidReward: 0, zeroReward: 0, outside: 0, nondet: 0, budget: 0, keyed: 0, merged: 0, withLogZ: 0, render: 0, noState: 0 };
    for (let i = 0; i < N_TABLES; i++) {
      const t = generateTable(i);
      const e = oracle(t);
      tally.cycle += +e.codes.has('error:cycle');
      tally.userException += +e.codes.has('error:user-exception');
      tally.invalidReward += +e.codes.has('error:invalid-reward');
      tally.zeroReward += +e.codes.has('warning:zero-reward');
      tally.outside += +e.codes.has('error:action-outside-space');
      tally.nondet += +e.codes.has('error:nondeterministic-step');
      tally.budget += +!e.complete;
      tally.keyed += +t.key;
      tally.merged += +(t.key && new Set(t.rows.map((r) => r.key)).size < t.rows.length);
      tally.withLogZ += +(e.logZ !== null);
      tally.render += +e.renderThrew;
      tally.noState += +(e.states === 0);
      for (const fn of e.threw) tally[`threw ${fn}`] = (tally[`threw ${fn}`] ?? 0) + 1;
      tally.unreachable += +(e.states < new Set(t.key ? t.rows.map((r) => r.key) : t.values.map((v) => JSON.stringify(v))).size);
      tally.twoActionsOneChild += +t.rows.some((r) => r.acts !== 'not-array' && new Set(r.acts.map((x) => x.to)).size < r.acts.length);
    }
    if (process.env.GFN_FUZZ_TALLY) console.log(JSON.stringify(tally));
    for (const fn of ['actions', 'step', 'reward', 'canStop', 'key']) expect(tally[`threw ${fn}`], `threw ${fn}: ${JSON.stringify(tally)}`).toBeGreaterThan(3);
    for (const [what, count] of Object.entries(tally)) expect(count, `${what}: ${JSON.stringify(tally)}`).toBeGreaterThan(3);
  });

  const perChunk = Math.ceil(N_TABLES / CHUNKS);
  for (let c = 0; c < CHUNKS; c++) {
    const from = c * perChunk;
    const to = Math.min(N_TABLES, from + perChunk);
    // About 10 s on an idle 2-core machine; 30-40 s when other jobs load it (load average 13).
    it(`tables ${from}..${to - 1}`, { timeout: 120_000 }, async () => {
      const indices = Array.from({ length: to - from }, (_, i) => from + i).filter((i) => selected('table', i));
      const outcomes = await pool(indices, CONCURRENCY, runTable);
      const failures = outcomes.filter((o) => o.diffs.some((d) => !isQuestionable(d)));
      expect(failures.length, failureReport('table', failures, indices.length)).toBe(0);
    });
  }

  it(`${Q_ZERO_ALL}: the count of zero-reward is the number of zero rewards`, { timeout: 60_000 }, async () => {
    const indices = Array.from({ length: N_TABLES }, (_, i) => i).filter((i) => {
      if (!selected('table', i)) return false;
      const e = oracle(generateTable(i));
      return e.zero > 0 && e.positive === 0 && e.invalid.size === 0 && e.rewardThrew > 0;
    });
    expect(indices.length, 'the generator makes such tables').toBeGreaterThan(ONLY ? -1 : 0);
    const outcomes = await pool(indices, CONCURRENCY, runTable);
    const failures = outcomes.filter((o) => o.diffs.some(isQuestionable));
    expect(failures.length, failureReport('table', failures, indices.length)).toBe(0);
  });
});

async function runExotic(index: number, sandboxes?: SandboxPool): Promise<Outcome> {
  const table = generateExotic(index);
  const seed = seedOf(2, index);
  const e = exoticOracle(table);
  let result: ValidationResult;
  try {
    result = await validateFile(path.join(dir, `exotic-${index}.gfn.ts`), { ...VALIDATE_OPTIONS, pool: sandboxes, contents: exoticSource(table) });
  } catch (error) {
    return { index, seed, diffs: [`validateFile rejected: ${String(error).slice(0, 300)}`], table };
  }
  const diffs: string[] = [];
  const s = result.summary;
  if (!s) diffs.push('summary is null');
  else {
    for (const f of ['states', 'edges', 'terminals', 'maxDepth'] as const) if (s[f] !== e[f]) diffs.push(`summary.${f}: got ${s[f]}, expected ${e[f]}`);
    if (!s.complete) diffs.push('summary.complete is false');
    if (!closeLogZ(s.logZ, e.logZ)) diffs.push(`summary.logZ: got ${s.logZ}, expected ${e.logZ}`);
  }
  if (!result.ok || result.diagnostics.length > 0) diffs.push(`expected ok without diagnostics, got ok=${result.ok}: ${result.diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ').slice(0, 400)}`);
  return { index, seed, diffs, table, ...(diffs.length ? { expected: e } : {}) };
}

describe(`fuzz: ${N_EXOTIC} environments with Set, Map, BigInt, Date and typed-array states`, () => {
  it('states are identified by contents (Set and Map regardless of insertion order)', { timeout: 120_000 }, async () => {
    const indices = Array.from({ length: N_EXOTIC }, (_, i) => i).filter((i) => selected('exotic', i));
    const outcomes = await pool(indices, CONCURRENCY, runExotic);
    const failures = outcomes.filter((o) => o.diffs.length > 0);
    expect(failures.length, failureReport('exotic', failures, indices.length)).toBe(0);
  });
});
