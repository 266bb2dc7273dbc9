/**
 * DIR/comparison.json (shared/comparison.ts Comparison): its name, its atomic write and its checked read. The runs it
 * lists are run directories of src/run/runStore.ts, named `<loss>-seed<seed>` inside DIR by `gfn compare`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, StoreError, writeFileAtomic } from '../run/atomicFile';
import { subdirectories } from '../run/runFolder';
import type { Comparison, ComparisonRunStatus } from '../../shared/comparison';
import type { ObjectiveName } from '../../shared/objectives';
import { OBJECTIVE_NAMES } from '../../shared/objectives';

export const COMPARISON_FILE = 'comparison.json';
/** The page `gfn compare` writes beside comparison.json. */
export const COMPARISON_PAGE = 'comparison.html';

export function comparisonPath(dir: string): string {
  return join(dir, COMPARISON_FILE);
}

/** A folder holding comparison.json (a folder of runs, not a run). */
export function isComparisonDir(dir: string): boolean {
  return existsSync(comparisonPath(dir));
}

/** The run directories inside a comparison folder, listed from the disk (so a damaged comparison.json can still go). */
export function comparisonRunDirs(dir: string): string[] {
  return subdirectories(dir).map((name) => join(dir, name));
}

/** The run directory of one objective and seed, relative to the comparison's directory. */
export function runDirName(loss: ObjectiveName, seed: number): string {
  return `${loss}-seed${seed}`;
}

/** Replaces DIR/comparison.json in one step: a reader (or a kill) never sees half of it. */
export function writeComparison(dir: string, comparison: Comparison): void {
  writeFileAtomic(comparisonPath(dir), `${JSON.stringify(comparison, null, 2)}\n`);
}

const STATUSES: readonly ComparisonRunStatus[] = ['queued', 'running', 'done', 'cancelled', 'failed'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Throws a StoreError naming the file and the field: `runs[2].curve[5].tv must be a number or null`. */
export function checkComparison(value: unknown, file: string): Comparison {
  const fail = (what: string): never => {
    throw new StoreError(`${file}: ${what}`, file);
  };
  if (!isObject(value)) fail('not a comparison (expected a JSON object with name, file, config, runs)');
  const c = value as Record<string, unknown>;
  if (typeof c.name !== 'string') fail('name must be a string');
  if (typeof c.file !== 'string') fail('file must be a string');
  if (c.trueLogZ !== null && !isNumber(c.trueLogZ)) fail('trueLogZ must be a number or null');
  if (!isObject(c.config)) fail('config must be an object (the training settings)');
  if (!Array.isArray(c.runs)) fail('runs must be an array');
  (c.runs as unknown[]).forEach((run, i) => {
    const at = `runs[${i}]`;
    if (!isObject(run)) fail(`${at} must be an object`);
    const r = run as Record<string, unknown>;
    if (!OBJECTIVE_NAMES.includes(r.loss as ObjectiveName)) fail(`${at}.loss must be one of ${OBJECTIVE_NAMES.join('|')}, got ${JSON.stringify(r.loss)}`);
    if (!isNumber(r.seed)) fail(`${at}.seed must be a number`);
    if (typeof r.dir !== 'string') fail(`${at}.dir must be a string`);
    if (!STATUSES.includes(r.status as ComparisonRunStatus)) fail(`${at}.status must be one of ${STATUSES.join('|')}`);
    if (r.error !== undefined && typeof r.error !== 'string') fail(`${at}.error must be a string`);
    if (r.summary !== null && !(isObject(r.summary) && isNumber(r.summary.iterations) && isNumber(r.summary.seconds))) {
      fail(`${at}.summary must be null or a run summary (with iterations and seconds)`);
    }
    if (!Array.isArray(r.curve)) fail(`${at}.curve must be an array`);
    (r.curve as unknown[]).forEach((p, j) => checkCurvePoint(p, `${at}.curve[${j}]`, fail));
  });
  return value as Comparison;
}

/** A CurvePoint's fields, as metrics.jsonl and comparison.json hold them. */
export function checkCurvePoint(p: unknown, at: string, fail: (what: string) => never): void {
  if (!isObject(p)) fail(`${at} must be an object`);
  const q = p;
  for (const k of ['iteration', 'trajectories', 'seconds', 'logZ', 'loss'] as const) if (!isNumber(q[k])) fail(`${at}.${k} must be a number`);
  if (q.tv !== null && !isNumber(q.tv)) fail(`${at}.tv must be a number or null`);
  // Absent in comparisons stored before modes were kept per point.
  if (q.modesFound !== undefined && q.modesFound !== null && !isNumber(q.modesFound)) fail(`${at}.modesFound must be a number or null`);
  if (q.modes !== undefined && q.modes !== null && !isNumber(q.modes)) fail(`${at}.modes must be a number or null`);
}

/** DIR/comparison.json of `gfn compare`, checked; a StoreError naming the file otherwise. */
export function readComparison(dir: string): Comparison {
  const file = comparisonPath(dir);
  if (!existsSync(file)) throw new StoreError(`${file}: missing; is ${dir} the --out directory of \`gfn compare\`?`, file);
  return checkComparison(readJson(file), file);
}
