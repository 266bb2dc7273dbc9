/**
 * What the runs view (extension/runsView.ts) writes about a run: its one-line label and its tooltip. Pure code with
 * no vscode import, so unit tests cover it (test/unit/extension/runDescription.test.ts); numbers through
 * shared/format.ts, like the panel and the report, so a TV reads the same everywhere.
 */
import { formatNumber, MISSING } from '../shared/format';
import { modesText } from '../shared/discovery';
import { OBJECTIVES } from '../shared/objectives';
import type { TrainSummary } from '../shared/trainSummary';

/** A run directory as the view shows it, read through src/run/runStore.ts. */
export interface StoredRun {
  dir: string;
  /** The run directory's own name (`20261202-012301-tb`). */
  name: string;
  /** summary.json; null while the run trains, or when it was killed before writing it. */
  summary: TrainSummary | null;
  /** The .gfn.ts it trained (environment.json), absolute; null for a run that predates the record. */
  environment: string | null;
  /** When it ended (summary.json), else when its directory last changed. */
  time: Date;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 days ago"; a date after a month, where "ago" stops helping. */
export function timeAgo(then: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days <= 31) return `${plural(days, 'day')} ago`;
  return then.toISOString().slice(0, 10);
}

/** The objective of a run without a summary, from its directory name (`...-tb`, `...-tb-2`); null when not ours. */
function lossOfName(name: string): string | null {
  const match = /^\d{8}-\d{6}-(.+?)(?:-\d+)?$/.exec(name);
  return match && match[1] in OBJECTIVES ? match[1] : null;
}

/**
 * The run's line in the tree, in two parts: `label` (bright) `tb · TV 0.008852 · log Z 2.487`, what tells runs apart,
 * and `description` (dimmed) `600 iterations · 5 min ago`. Read together: objective · TV · log Z · iterations · age.
 * TV comes before the iterations because a side bar of the default width cuts the line at about 35 characters
 * (seen in test-results/runs-view.png): what is cut should be what matters least. A run stopped early says how far
 * it went; one without a summary says so, since nothing else about it is known yet. Numbers are written as the
 * panel's side bar writes them (4 significant digits: TV 0.008852, where 3 would switch to 8.9e-3).
 */
export function describeRun(run: StoredRun, now: Date): { label: string; description: string } {
  const when = timeAgo(run.time, now);
  const s = run.summary;
  if (!s) return { label: lossOfName(run.name) ?? run.name, description: `no summary: training, or stopped before its end · ${when}` };
  const planned = s.config?.iterations;
  const iterations = planned !== undefined && s.iterations < planned ? `stopped at ${s.iterations} of ${planned} iterations` : plural(s.iterations, 'iteration');
  // A run that ended with a training diagnosis (src/train/diagnosis.ts) says so first.
  const warned = s.diagnosis && s.diagnosis.length > 0 ? `⚠ ${s.diagnosis.map((d) => d.code).join(', ')} · ` : '';
  return { label: [s.loss, `TV ${formatNumber(s.tv)}`, `log Z ${formatNumber(s.logZ)}`].join(' · '), description: `${warned}${iterations} · ${when}` };
}

/** The full summary, one fact a line, for the tree item's tooltip. */
export function runTooltip(run: StoredRun): string {
  const s = run.summary;
  const lines = [run.name];
  if (!s) {
    lines.push('No summary.json: the run is training, or it was stopped before its end.');
  } else {
    const objective = OBJECTIVES[s.loss];
    // Runs stored before the reward exponent trained with R itself.
    const beta = s.config?.beta ?? 1;
    lines.push(
      `Objective: ${s.loss}${objective ? ` (${objective.title})` : ''}`,
      `Iterations: ${s.iterations}${s.config ? ` of ${s.config.iterations}, batch ${s.config.batchSize}` : ''}`,
      `Trajectories: ${s.trajectories} in ${formatNumber(s.seconds)} s (${formatNumber(s.trajectoriesPerSecond)} per second)`,
      `Backend: ${s.backend}, threads ${s.threads ?? MISSING}`,
      `Seed: ${s.config?.seed ?? MISSING}`,
      `Reward exponent: ${beta}${beta === 1 ? '' : ` (the target is R^${beta} / Z, log Z below is of R^${beta})`}`,
      `log Z: ${formatNumber(s.logZ)} (exact ${formatNumber(s.trueLogZ)})`,
      `TV: ${formatNumber(s.tv)}, JSD: ${formatNumber(s.jsd)}`,
      `Modes found: ${modesText(s)}${s.distinctSampled === undefined ? '' : `, distinct objects sampled: ${s.distinctSampled}`}`,
    );
    for (const d of s.diagnosis ?? []) lines.push(`Diagnosis ${d.code}: ${d.message}.`);
  }
  lines.push(`Environment: ${run.environment ?? `${MISSING} (not recorded)`}`, `Directory: ${run.dir}`);
  return lines.join('\n');
}
