/**
 * A comparison of run directories that already exist (the runs view's "compare selected"): each run's summary.json
 * and metrics.jsonl, read through src/run/runStore.ts. Only runs that ended can be compared: the objective and the
 * seed are in the summary's config.
 */
import { relative } from 'node:path';
import { StoreError } from '../run/atomicFile';
import { readMetrics, readRunJson, runPaths } from '../run/runStore';
import type { Comparison, ComparisonRun, CurvePoint } from '../../shared/comparison';
import type { TrainSummary } from '../../shared/trainSummary';
import { OBJECTIVE_NAMES } from '../../shared/objectives';
import { checkCurvePoint } from './comparisonFile';
import { curvePoint } from './runComparison';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readSummary(dir: string): TrainSummary {
  const found = readRunJson(dir, 'summary');
  const file = runPaths(dir).summary;
  if (!found) throw new StoreError(`${file}: missing: the run has not ended (still training, or killed before its end); compare runs that ended`, file);
  const s = found.value;
  if (!isObject(s) || typeof s.iterations !== 'number' || !isObject(s.config) || typeof s.config.seed !== 'number' || !OBJECTIVE_NAMES.includes(s.config.loss as never)) {
    throw new StoreError(`${file}: not a run summary (expected iterations and config with loss and seed)`, file);
  }
  return s as unknown as TrainSummary;
}

function readCurve(dir: string): CurvePoint[] {
  const file = runPaths(dir).metrics;
  return readMetrics(dir).map((line, i) => {
    checkCurvePoint(line, `line ${i + 1}`, (what) => {
      throw new StoreError(`${file}:${i + 1}: ${what.replace(/^line \d+\.?/, '') || 'not a progress line'}`, file);
    });
    return curvePoint(line as never);
  });
}

/**
 * A Comparison of existing run directories (of `gfn train --out`, `gfn compare`, or the extension), in the order
 * given. `name` and `file` name the environment; `relativeTo` (say, where the comparison will be saved) makes each
 * run's `dir` relative to it, else `dir` is the path as given. A run is `done`, or `cancelled` when it was stopped
 * before its configured iterations. Throws a StoreError naming the file when a run has no summary (it has not ended)
 * or a file is damaged.
 */
export function comparisonFromRuns(runDirs: string[], name: string, file: string, relativeTo?: string): Comparison {
  if (runDirs.length === 0) throw new Error('comparisonFromRuns needs at least one run directory');
  const runs = runDirs.map((dir): ComparisonRun => {
    const summary = readSummary(dir);
    return {
      loss: summary.config.loss,
      seed: summary.config.seed,
      dir: relativeTo === undefined ? dir : relative(relativeTo, dir),
      summary,
      curve: readCurve(dir),
      status: summary.iterations < summary.config.iterations ? 'cancelled' : 'done',
    };
  });
  const trueLogZ = runs.find((r) => r.summary?.trueLogZ !== null && r.summary?.trueLogZ !== undefined)?.summary?.trueLogZ ?? null;
  return { name, file, trueLogZ, config: runs[0].summary!.config, runs };
}
