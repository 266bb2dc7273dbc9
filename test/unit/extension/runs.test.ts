/**
 * What the runs view writes about runs (extension/runDescription.ts) and the comparison it posts for selected runs
 * (extension/runComparison.ts), on run directories written by real, short trainings of smiley.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { explore } from '../../../src/dag/explore';
import { readMetrics, readRunJson } from '../../../src/run/runStore';
import { runTraining } from '../../../src/train/session';
import type { FromWorker, TrainConfig, TrainSummary } from '../../../shared/protocol';
import { comparisonFromRunDirs } from '../../../extension/runComparison';
import { describeRun, runTooltip, timeAgo, type StoredRun } from '../../../extension/runDescription';
import { trainConfig } from '../train/helpers';

const root = mkdtempSync(join(tmpdir(), 'gfn-runs-view-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const smileyDag = explore(smiley).dag;
const file = join(root, 'smiley.gfn.ts');

async function train(name: string, overrides: Partial<TrainConfig>): Promise<string> {
  const outDir = join(root, 'smiley', name);
  const config = trainConfig({ iterations: 20, hidden: 8, reportEvery: 5, ...overrides });
  const messages: FromWorker[] = [];
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

  it('objective · iterations · TV · log Z · age, with the numbers of summary.json', () => {
    const summary = summaryOf(tb);
    const run: StoredRun = { dir: tb, name: '20261202-010000-tb', summary, environment: file, time: ago(300) };
    const fmt = (x: number) => String(Number(x.toPrecision(4)));
    expect(describeRun(run, at)).toBe(`tb · 20 iterations · TV ${fmt(summary.tv!)} · log Z ${fmt(summary.logZ)} · 5 min ago`);
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
    expect(describeRun(stopped, at)).toMatch(/^tb · stopped at 7 of 20 iterations · TV – · log Z .* · 10 s ago$/);
    expect(runTooltip(stopped)).toContain('Environment: – (not recorded)');
    const running: StoredRun = { dir: tb, name: '20261202-010000-subtb-2', summary: null, environment: file, time: ago(0) };
    expect(describeRun(running, at)).toBe('subtb · no summary: training, or stopped before its end · just now');
  });
});

describe('runs view: Compare Selected Runs builds the protocol Comparison from run directories', () => {
  it('one run per directory, with its summary, seed and curve from metrics.jsonl; dirs relative to the base', () => {
    const comparison = comparisonFromRunDirs([tb, db], 'smiley faces', file, join(root, 'smiley'));
    expect(comparison.name).toBe('smiley faces');
    expect(comparison.file).toBe(file);
    expect(comparison.trueLogZ).toBeCloseTo(Math.log(12), 9);
    expect(comparison.config).toEqual(summaryOf(tb).config);
    expect(comparison.runs.map((r) => [r.loss, r.seed, r.dir, r.status])).toEqual([
      ['tb', 1, '20261202-010000-tb', 'done'],
      ['db', 2, '20261202-010100-db', 'done'],
    ]);
    const metrics = readMetrics(db) as { iteration: number; tv: number; logZ: number; loss: number; seconds: number; trajectories: number }[];
    expect(comparison.runs[1].curve).toEqual(metrics.map((m) => ({ iteration: m.iteration, trajectories: m.trajectories, seconds: m.seconds, tv: m.tv, logZ: m.logZ, loss: m.loss })));
    expect(comparison.runs[1].curve.map((p) => p.iteration)).toEqual([5, 10, 15, 20]);
    expect(comparison.runs[0].summary).toEqual(summaryOf(tb));
  });

  it('refuses a run without summary.json, naming it', () => {
    expect(() => comparisonFromRunDirs([tb, join(root, 'nothing')], 'smiley', file, root)).toThrow(`${join(root, 'nothing')} has no summary.json`);
  });
});
