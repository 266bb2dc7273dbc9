/**
 * The Comparison (shared/protocol.ts) of runs the user selected in the runs view, read from their directories through
 * src/run/runStore.ts. It belongs with `gfn compare` in src/compare/ (whose `comparisonFromRuns(runDirs, name, file)`
 * is written on a parallel branch of issue 10); it lives here until that module is merged, and the runs view then
 * calls that one instead. No vscode import: the unit tests read real run directories with it.
 */
import { relative } from 'node:path';
import type { Comparison, ComparisonRun, CurvePoint, TrainProgress, TrainSummary } from '../shared/protocol';
import { readMetrics, readRunJson, StoreError } from '../src/run/runStore';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readSummary(dir: string): TrainSummary | null {
  const found = readRunJson(dir, 'summary');
  if (!found) return null;
  const s = found.value;
  if (!isObject(s) || typeof s.loss !== 'string' || typeof s.iterations !== 'number' || !isObject(s.config)) {
    throw new StoreError(`${found.file}: not a run summary (expected loss, iterations and config)`, found.file);
  }
  return s as unknown as TrainSummary;
}

/** The points of metrics.jsonl, as comparison.json stores them. */
function curveOf(dir: string): CurvePoint[] {
  return readMetrics(dir)
    .filter((p): p is TrainProgress => isObject(p) && typeof p.iteration === 'number')
    .map((p) => ({ iteration: p.iteration, trajectories: p.trajectories, seconds: p.seconds, tv: p.tv, logZ: p.logZ, loss: p.loss }));
}

/**
 * The comparison of finished runs of one environment (`name`, `file`). `dir`s are written relative to `base` (the
 * folder of the environment's runs), as comparison.json writes them relative to its own folder. The shared `config`
 * is the first run's: runs picked by hand may differ in more than loss and seed, and each run keeps its own summary.
 * A run without summary.json (training, or killed) has no final numbers to compare: it is refused by name.
 */
export function comparisonFromRunDirs(runDirs: string[], name: string, file: string, base: string): Comparison {
  if (runDirs.length === 0) throw new Error('no run to compare');
  const runs: ComparisonRun[] = runDirs.map((dir) => {
    const summary = readSummary(dir);
    if (!summary) throw new StoreError(`${dir} has no summary.json (still training, or stopped before its end): nothing to compare yet`, dir);
    const stopped = summary.iterations < summary.config.iterations;
    return { loss: summary.loss, seed: summary.config.seed, dir: relative(base, dir) || '.', summary, curve: curveOf(dir), status: stopped ? 'cancelled' : 'done' };
  });
  const first = runs[0].summary!;
  return { name, file, trueLogZ: first.trueLogZ, config: first.config, runs };
}
