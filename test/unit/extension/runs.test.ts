/**
 * What the runs view writes about runs (extension/runDescription.ts) and the comparison it posts for selected runs
 * (src/compare/fromRuns.ts), on run directories written by real, short trainings of smiley.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { explore } from '../../../src/dag/explore';
import { readMetrics, readRunJson } from '../../../src/run/runStore';
import { runTraining } from '../../../src/train/session';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainConfig } from '../../../shared/trainConfig';
import type { TrainSummary } from '../../../shared/trainSummary';
import { DirectoryWatches } from '../../../extension/directoryWatches';
import { comparisonFromRuns } from '../../../src/compare';
import { describeRun, runTooltip, timeAgo, type StoredRun } from '../../../extension/runDescription';
import { trainConfig } from '../train/helpers';

const root = mkdtempSync(join(tmpdir(), 'gfn-runs-view-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const smileyDag = explore(smiley).dag;
const file = join(root, 'smiley.gfn.ts');

async function train(name: string, overrides: Partial<TrainConfig>): Promise<string> {
  const outDir = join(root, 'smiley', name);
  const config = trainConfig({ iterations: 20, hidden: 8, reportEvery: 5, ...overrides });
  const messages: FromSandbox[] = [];
  await runTraining(smiley, smileyDag, { type: 'train', file, config, outDir }, { post: (m) => messages.push(m), isCancelled: () => false });
  const last = messages.at(-1);
  if (last?.type !== 'done') throw new Error(`training ${name} did not finish: ${JSON.stringify(last)}`);
  return outDir;
}

const summaryOf = (dir: string) => readRunJson(dir, 'summary')!.value as TrainSummary;

let tb: string;
let db: string;
beforeAll(async () => {
  tb = await train('20261202-010000-tb', { loss: 'tb', seed: 1 });
  db = await train('20261202-010100-db', { loss: 'db', seed: 2 });
});

describe('runs view: the line and the tooltip of a run', () => {
  const at = new Date(2026, 11, 2, 12, 0, 0);
  const ago = (seconds: number) => new Date(at.getTime() - seconds * 1000);

  it('ages: just now, seconds, minutes, hours, days, then the date', () => {
    expect(timeAgo(ago(2), at)).toBe('just now');
    expect(timeAgo(ago(42), at)).toBe('42 s ago');
    expect(timeAgo(ago(5 * 60 + 59), at)).toBe('5 min ago');
    expect(timeAgo(ago(3 * 3600), at)).toBe('3 h ago');
    expect(timeAgo(ago(86_400), at)).toBe('1 day ago');
    expect(timeAgo(ago(9 * 86_400), at)).toBe('9 days ago');
    expect(timeAgo(new Date(Date.UTC(2026, 5, 1, 12)), at)).toBe('2026-06-01');
  });

  it('objective · TV · log Z (the label), then iterations · age (the dimmed description), from summary.json', () => {
    const summary = summaryOf(tb);
    const run: StoredRun = { dir: tb, name: '20261202-010000-tb', summary, environment: file, time: ago(300) };
    const fmt = (x: number) => String(Number(x.toPrecision(4)));
    expect(describeRun(run, at)).toEqual({ label: `tb · TV ${fmt(summary.tv!)} · log Z ${fmt(summary.logZ)}`, description: '20 iterations · 5 min ago' });
    // What a default-width side bar shows whole (about 35 characters): TV and log Z are never cut.
    expect(describeRun({ ...run, summary: { ...summary, tv: 0.008852, logZ: -2.4849 } }, at).label).toBe('tb · TV 0.008852 · log Z -2.485');
    expect(describeRun(run, at).label.length).toBeLessThanOrEqual(35);
    const tooltip = runTooltip(run);
    expect(tooltip).toContain('Objective: tb (trajectory balance)');
    expect(tooltip).toContain(`Backend: ${summary.backend}, threads ${summary.threads}`);
    expect(tooltip).toContain('Seed: 1');
    expect(tooltip).toContain(`Trajectories: ${summary.trajectories} in `);
    expect(tooltip).toContain(' per second)');
    expect(tooltip).toContain(`Environment: ${file}`);
  });

  it('a stopped run says how far it went; a missing TV is the missing glyph; a run without summary says so', () => {
    const summary = summaryOf(tb);
    const stopped: StoredRun = { dir: tb, name: 'x', summary: { ...summary, iterations: 7, tv: null }, environment: null, time: ago(10) };
    const line = describeRun(stopped, at);
    expect(line.label).toMatch(/^tb · TV – · log Z [\d.-]+$/);
    expect(line.description).toBe('stopped at 7 of 20 iterations · 10 s ago');
    expect(runTooltip(stopped)).toContain('Environment: – (not recorded)');
    const running: StoredRun = { dir: tb, name: '20261202-010000-subtb-2', summary: null, environment: file, time: ago(0) };
    expect(describeRun(running, at)).toEqual({ label: 'subtb', description: 'no summary: training, or stopped before its end · just now' });
  });
});

describe('runs view: Compare Selected Runs builds the protocol Comparison from run directories', () => {
  it('one run per directory, with its summary, seed and curve from metrics.jsonl; dirs relative to the base', () => {
    const comparison = comparisonFromRuns([tb, db], 'smiley faces', file, join(root, 'smiley'));
    expect(comparison.name).toBe('smiley faces');
    expect(comparison.file).toBe(file);
    expect(comparison.trueLogZ).toBeCloseTo(Math.log(12), 9);
    expect(comparison.config).toEqual(summaryOf(tb).config);
    expect(comparison.runs.map((r) => [r.loss, r.seed, r.dir, r.status])).toEqual([
      ['tb', 1, '20261202-010000-tb', 'done'],
      ['db', 2, '20261202-010100-db', 'done'],
    ]);
    const metrics = readMetrics(db) as { iteration: number; tv: number; logZ: number; loss: number; seconds: number; trajectories: number; modesFound: number; modes: number }[];
    expect(comparison.runs[1].curve).toEqual(metrics.map((m) => ({ iteration: m.iteration, trajectories: m.trajectories, seconds: m.seconds, tv: m.tv, logZ: m.logZ, loss: m.loss, modesFound: m.modesFound, modes: m.modes })));
    // Modes per point, for the race to find them all (near-max modes of an enumerated DAG here).
    expect(comparison.runs[1].curve.every((p) => typeof p.modesFound === 'number' && typeof p.modes === 'number')).toBe(true);
    expect(comparison.runs[1].curve.map((p) => p.iteration)).toEqual([5, 10, 15, 20]);
    expect(comparison.runs[0].summary).toEqual(summaryOf(tb));
  });

  it('refuses a run without summary.json, naming it', () => {
    expect(() => comparisonFromRuns([tb, join(root, 'nothing')], 'smiley', file, root)).toThrow(`${join(root, 'nothing', 'summary.json')}: missing`);
  });
});

describe('runs view: the folders it watches one by one (extension/directoryWatches.ts)', () => {
  /** Resolves once `count()` is above `from`; the test's timeout catches a watcher that never fires. */
  const grown = (count: () => number, from: number) =>
    new Promise<void>((resolve) => {
      const poll = () => (count() > from ? resolve() : setTimeout(poll, 20));
      poll();
    });

  it('sees a run directory created in a watched folder, and nothing once the folder is no longer listed', async () => {
    const folder = join(root, 'watched');
    mkdirSync(folder);
    let events = 0;
    let controlEvents = 0;
    const names: (string | null)[] = [];
    const watches = new DirectoryWatches((name) => {
      events++;
      names.push(name);
    });
    // A second set that keeps watching the folder: once it has seen the next run directory, the first would have too.
    const control = new DirectoryWatches(() => controlEvents++);
    try {
      watches.set([folder, join(root, 'absent')]);
      expect(watches.size).toBe(1);
      mkdirSync(join(folder, '20261202-010203-tb'));
      await grown(() => events, 0);
      // The runs view tells what changed by its name (a training run's metrics.jsonl does not change the view).
      expect(names).toContain('20261202-010203-tb');
      watches.set([]);
      expect(watches.size).toBe(0);
      control.set([folder]);
      const before = events;
      mkdirSync(join(folder, '20261202-010204-tb'));
      await grown(() => controlEvents, 0);
      expect(events).toBe(before);
    } finally {
      watches.dispose();
      control.dispose();
    }
  });
});
