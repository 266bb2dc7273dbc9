/**
 * A comparison of runs (DIR/comparison.json of `gfn compare`, GFlowNet: Compare Objectives, the runs view), and the
 * numbers it is read by: time to a TV threshold, and per objective the mean and spread over seeds. Pure, so that
 * `gfn compare`'s table and the panel's Compare view (webview/compare/) print the same figures.
 */
import type { ObjectiveName } from './objectives';
import type { TrainConfig } from './trainConfig';
import type { TrainSummary } from './trainSummary';

/** One point of a run's curve, as comparison.json stores it. */
export interface CurvePoint {
  iteration: number;
  trajectories: number;
  seconds: number;
  tv: number | null;
  logZ: number;
  loss: number;
  /** Modes found by then (DiscoveryFigures); null without a rule for modes, absent in comparisons stored before it. */
  modesFound?: number | null;
  /** How many modes there are (DiscoveryFigures.modes); null when unknown. */
  modes?: number | null;
}

export type ComparisonRunStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ComparisonRun {
  loss: ObjectiveName;
  seed: number;
  /** The run directory (src/run/runStore.ts), relative to the comparison's directory. */
  dir: string;
  /** summary.json of the run once it ended; null before. */
  summary: TrainSummary | null;
  curve: CurvePoint[];
  status: ComparisonRunStatus;
  /** One line, when the run failed. */
  error?: string;
}

/** DIR/comparison.json of `gfn compare`: every objective x seed on one environment, with the same settings. */
export interface Comparison {
  /** The environment's name and file. */
  name: string;
  file: string;
  /** log Z of the environment when exact; null otherwise. */
  trueLogZ: number | null;
  /** The settings shared by every run (loss and seed are per run). */
  config: TrainConfig;
  runs: ComparisonRun[];
}

/** The TV levels the table reports the time to (the 0.05 and 0.02). */
export const TV_THRESHOLDS = [0.05, 0.02] as const;

/** Where a curve first reaches `tv <= threshold`, or null if it never does (or has no exact TV). */
export function timeToTv(curve: readonly CurvePoint[], threshold: number): { trajectories: number; seconds: number } | null {
  const hit = curve.find((p) => p.tv !== null && p.tv <= threshold);
  return hit ? { trajectories: hit.trajectories, seconds: hit.seconds } : null;
}

/**
 * Where a curve has first found every mode (modes found = the number of modes), or null if it never does or the
 * number is unknown: the race of objectives on mode discovery where the TV is unknown (Malkin et al. 2022, sec. 5).
 */
export function timeToAllModes(curve: readonly CurvePoint[]): { iteration: number; trajectories: number; seconds: number } | null {
  const hit = curve.find((p) => typeof p.modes === 'number' && p.modes > 0 && typeof p.modesFound === 'number' && p.modesFound >= p.modes);
  return hit ? { iteration: hit.iteration, trajectories: hit.trajectories, seconds: hit.seconds } : null;
}

/** Modes found at the end (the summary's once the run ended: it counts the final samples too), null without a rule. */
export function finalModesFound(run: ComparisonRun): number | null {
  if (run.summary) return run.summary.modesFound;
  return run.curve.at(-1)?.modesFound ?? null;
}

/** How many modes the runs' environment has, when known. */
export function modeCount(runs: readonly ComparisonRun[]): number | null {
  for (const r of runs) {
    const n = r.summary?.modes ?? r.curve.at(-1)?.modes;
    if (typeof n === 'number') return n;
  }
  return null;
}

/** Mean, smallest and largest of some numbers; null for none. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
  count: number;
}

export function spread(values: readonly number[]): Spread | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return { mean: finite.reduce((a, b) => a + b, 0) / finite.length, min: Math.min(...finite), max: Math.max(...finite), count: finite.length };
}

/** Time to one threshold over the seeds: means over the seeds that reached it, and how many did. */
export interface Reached {
  threshold: number;
  reached: number;
  of: number;
  trajectories: number | null;
  seconds: number | null;
}

/** One objective's row of the table: every figure over its seeds. */
export interface ObjectiveRow {
  loss: ObjectiveName;
  seeds: number[];
  /** The last TV of each run's curve (the final one once the run ended). */
  tv: Spread | null;
  logZ: Spread | null;
  reached: Reached[];
  /** Modes found at the end over the seeds; null when the runs have no rule for modes. */
  modesFound: Spread | null;
  /** How many modes there are; null when unknown. */
  modes: number | null;
  /** Iterations, trajectories and seconds to find every mode, means over the seeds that did; null when the number is unknown. */
  allModes: (Omit<Reached, 'threshold'> & { iterations: number | null }) | null;
  /** How many runs are in each status, e.g. {done: 2}. */
  statuses: Partial<Record<ComparisonRunStatus, number>>;
  /** The one-line errors of its failed runs. */
  errors: string[];
}

/** The last point of a curve with an exact TV, and the last log Z (the summary's once the run ended). */
function finalTv(run: ComparisonRun): number | null {
  if (run.summary && run.summary.tv !== null) return run.summary.tv;
  for (let i = run.curve.length - 1; i >= 0; i--) if (run.curve[i].tv !== null) return run.curve[i].tv;
  return null;
}

function finalLogZ(run: ComparisonRun): number | null {
  return run.summary?.logZ ?? run.curve.at(-1)?.logZ ?? null;
}

/** The objectives of a comparison in the order of their first run. */
export function objectivesOf(comparison: Comparison): ObjectiveName[] {
  return [...new Set(comparison.runs.map((r) => r.loss))];
}

/** The table: one row per objective, in the order of the comparison's runs. */
export function objectiveRows(comparison: Comparison, thresholds: readonly number[] = TV_THRESHOLDS): ObjectiveRow[] {
  return objectivesOf(comparison).map((loss) => {
    const runs = comparison.runs.filter((r) => r.loss === loss);
    const statuses: Partial<Record<ComparisonRunStatus, number>> = {};
    for (const r of runs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const reached = thresholds.map((threshold) => {
      const hits = runs.map((r) => timeToTv(r.curve, threshold)).filter((h) => h !== null);
      return {
        threshold,
        reached: hits.length,
        of: runs.length,
        trajectories: spread(hits.map((h) => h.trajectories))?.mean ?? null,
        seconds: spread(hits.map((h) => h.seconds))?.mean ?? null,
      };
    });
    const modes = modeCount(runs);
    const allModeHits = runs.map((r) => timeToAllModes(r.curve)).filter((h) => h !== null);
    return {
      loss,
      seeds: runs.map((r) => r.seed),
      tv: spread(runs.map(finalTv).filter((v) => v !== null)),
      logZ: spread(runs.map(finalLogZ).filter((v) => v !== null)),
      reached,
      modesFound: spread(runs.map(finalModesFound).filter((v) => v !== null)),
      modes,
      allModes: modes === null ? null : {
        reached: allModeHits.length,
        of: runs.length,
        iterations: spread(allModeHits.map((h) => h.iteration))?.mean ?? null,
        trajectories: spread(allModeHits.map((h) => h.trajectories))?.mean ?? null,
        seconds: spread(allModeHits.map((h) => h.seconds))?.mean ?? null,
      },
      statuses,
      errors: runs.flatMap((r) => (r.error ? [r.error] : [])),
    };
  });
}

/** One point of an objective's band: x and y means over the seeds at one iteration, and y's smallest and largest. */
export interface BandPoint {
  iteration: number;
  x: number;
  mean: number;
  min: number;
  max: number;
  /** How many seeds have this iteration. */
  count: number;
}

/**
 * The mean curve over seeds and its min-max band. Seeds share the report cadence, so points are matched by iteration;
 * x is the mean of the seeds' x there (trajectories agree across seeds, seconds do not). While runs train some
 * seeds are further along: a point is the mean over the seeds that have reached its iteration.
 */
export function band(runs: readonly ComparisonRun[], x: (p: CurvePoint) => number, y: (p: CurvePoint) => number | null): BandPoint[] {
  const byIteration = new Map<number, { xs: number[]; ys: number[] }>();
  for (const run of runs) {
    for (const p of run.curve) {
      const v = y(p);
      if (v === null || !Number.isFinite(v)) continue;
      const slot = byIteration.get(p.iteration) ?? { xs: [], ys: [] };
      slot.xs.push(x(p));
      slot.ys.push(v);
      byIteration.set(p.iteration, slot);
    }
  }
  return [...byIteration.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([iteration, { xs, ys }]) => ({
      iteration,
      x: xs.reduce((a, b) => a + b, 0) / xs.length,
      mean: ys.reduce((a, b) => a + b, 0) / ys.length,
      min: Math.min(...ys),
      max: Math.max(...ys),
      count: ys.length,
    }));
}

/** The objective with the lowest mean final TV (the comparison's winner so far); undefined before any TV. */
export function lowestFinalTv(rows: readonly ObjectiveRow[]): ObjectiveRow | undefined {
  return rows.filter((r) => r.tv !== null).sort((a, b) => a.tv!.mean - b.tv!.mean)[0];
}
