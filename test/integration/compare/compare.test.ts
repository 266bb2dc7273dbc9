/**
 * `gfn compare` end to end (dist/cli.js, built by npm run build): TB, KL and DB x 2 seeds on the smiley example, the
 * comparison.json it writes, its run directories read back by `gfn report` and by comparisonFromRuns, its page in
 * headless Chromium (the plotted series counted against the file); then a comparison cancelled mid-way and failing
 * runs. The settings are the smallest at which every objective's TV falls on smiley (measured: with
 * --hidden 32 or fewer than 1000 iterations DB collapses onto a few faces, TV 0.7-0.83, and TB and KL often rise too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, watchPage } from '../../ui/chromium.mjs';
import { reportCommand } from '../../../cli/report';
import { comparisonFromRuns, readComparison, runComparison } from '../../../src/compare';
import { band, objectivesOf } from '../../../shared/comparison';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/train/config';
import type { Comparison } from '../../../shared/comparison';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const bundlePath = join(root, 'dist/webview.js');
const results = join(root, 'test-results');
const smiley = join(root, 'examples/smiley.gfn.ts');
const SETTINGS = ['--iterations', '1000', '--batch', '16', '--report-every', '50'];
let dir: string;

/** Runs dist/cli.js; `whenRunning` may signal the process once it is under way. */
function gfn(args: string[], whenRunning?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
    whenRunning?.(child);
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gfn-compare-'));
  mkdirSync(results, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(cli))('gfn compare', () => {
  let out: string;
  let comparison: Comparison;

  it('trains TB, KL and DB x 2 seeds on smiley: every TV curve falls, 6 runs with summaries', async () => {
    out = join(dir, 'smiley');
    const run = await gfn(['compare', smiley, '--losses', 'tb,kl,db', '--seeds', '2', ...SETTINGS, '--out', out]);
    console.log(`gfn compare tb,kl,db x 2 seeds, 1000 iterations: ${(run.ms / 1000).toFixed(1)} s\n${run.stdout}`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // One line per run as it ends, then the table with a row per run and a mean row per objective.
    for (const loss of ['tb', 'kl', 'db']) for (const seed of [1, 2]) expect(run.stdout).toMatch(new RegExp(`^${loss} seed ${seed}: done, 1000 iterations`, 'm'));
    expect(run.stdout).toMatch(/^objective +seed +status +TV +log Z +vs true +traj@0.05 +s@0.05 +traj@0.02 +s@0.02 +modes +iter@all modes$/m);
    expect(run.stdout).toMatch(/^tb +mean /m);
    comparison = readComparison(out);
    expect(comparison.name).toBe('smiley faces');
    expect(comparison.trueLogZ).toBeCloseTo(Math.log(12), 6);
    expect(comparison.runs.map((r) => `${r.loss}-${r.seed}`)).toEqual(['tb-1', 'tb-2', 'kl-1', 'kl-2', 'db-1', 'db-2']);
    for (const r of comparison.runs) {
      expect(r.status).toBe('done');
      expect(r.summary?.iterations).toBe(1000);
      expect(r.summary?.config).toMatchObject({ loss: r.loss, seed: r.seed });
      // Every 50 iterations: 20 points, trajectories = iteration x batch.
      expect(r.curve).toHaveLength(20);
      expect(r.curve.every((p) => p.trajectories === p.iteration * 16)).toBe(true);
      const first = r.curve[0].tv!;
      const last = r.curve.at(-1)!.tv!;
      expect(last, `${r.loss} seed ${r.seed}: TV ${first} -> ${last}`).toBeLessThan(first);
    }
    // Each objective keeps its own default exploration: DB and TB explore (epsilon 0.1), KL is on-policy.
    expect(comparison.runs.find((r) => r.loss === 'db')?.summary?.config.epsilon).toBe(0.1);
    expect(comparison.runs.find((r) => r.loss === 'tb')?.summary?.config.epsilon).toBe(0.1);
  });

  it('leaves run directories that gfn report and comparisonFromRuns read', async () => {
    for (const r of comparison.runs) {
      const errors: string[] = [];
      const page = join(dir, `${r.dir}.html`);
      const code = await reportCommand([join(out, r.dir), '--out', page], { out: () => undefined, err: (l) => errors.push(l), bundlePath });
      expect(errors).toEqual([]);
      expect(code).toBe(0);
    }
    const again = comparisonFromRuns(comparison.runs.map((r) => join(out, r.dir)), comparison.name, comparison.file, out);
    expect(again.trueLogZ).toBe(comparison.trueLogZ);
    expect(again.runs.map((r) => [r.loss, r.seed, r.dir, r.status, r.curve.length])).toEqual(comparison.runs.map((r) => [r.loss, r.seed, r.dir, 'done', 20]));
    expect(again.runs[0].curve).toEqual(comparison.runs[0].curve);
    // A directory that is not an ended run is refused with the file named.
    expect(() => comparisonFromRuns([dir], 'x', 'x')).toThrow(/summary\.json: missing: the run has not ended/);
  });

  it('refuses an existing comparison without --overwrite (exit 2)', async () => {
    const run = await gfn(['compare', smiley, '--losses', 'tb', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds an earlier comparison \(comparison\.json\): pass --overwrite/);
    const usage = await gfn(['compare', smiley, '--losses', 'tb,xyz', '--out', join(dir, 'u')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--losses must be one of/);
  });

  it('draws the comparison in Chromium: 3 objectives, points as in the curves, the true log Z line', async () => {
    const file = join(out, 'comparison.html');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'nonce-[^']+'/);
    const browser: Browser = await launchChromium();
    try {
      const problems: string[] = [];
      const page = watchPage(await browser.newPage({ viewport: { width: 1600, height: 1000 } }), problems);
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => document.body.dataset.compareRenders !== undefined, null, { timeout: 20_000 });
      const drawn = await page.evaluate(() => {
        const chart = (id: string) => document.querySelector(`svg[data-chart="${id}"]`);
        const means = (id: string) =>
          Array.from(chart(id)?.querySelectorAll('path.mean') ?? []).map((p) => [p.getAttribute('data-series'), Number(p.getAttribute('data-points'))]);
        return {
          tvTrajectories: means('tv-trajectories'),
          tvSeconds: means('tv-seconds'),
          logZ: means('logz'),
          bands: chart('tv-trajectories')?.querySelectorAll('path.band').length,
          trueLogZ: chart('logz')?.querySelectorAll('path[data-series="true-logZ"]').length,
          thresholds: chart('tv-seconds')?.querySelectorAll('path.threshold').length,
          rows: Array.from(document.querySelectorAll('.compare-table tbody tr')).map((r) => r.getAttribute('data-objective')),
          graphHidden: getComputedStyle(document.getElementById('main')!).display === 'none',
          width: document.querySelector('svg[data-chart="tv-trajectories"]')?.getBoundingClientRect().width ?? 0,
        };
      });
      // The mean over seeds has one point per reported iteration: what shared/comparison.ts band makes of the file.
      const expected = objectivesOf(comparison).map((loss) => [loss, band(comparison.runs.filter((r) => r.loss === loss), (p) => p.trajectories, (p) => p.tv).length]);
      expect(expected).toEqual([['tb', 20], ['kl', 20], ['db', 20]]);
      expect(drawn.tvTrajectories).toEqual(expected);
      expect(drawn.tvSeconds).toEqual(expected);
      expect(drawn.logZ).toEqual(expected);
      expect(drawn.bands).toBe(3);
      expect(drawn.trueLogZ).toBe(1);
      expect(drawn.thresholds).toBe(2);
      expect(drawn.rows).toEqual(['tb', 'kl', 'db']);
      expect(drawn.graphHidden).toBe(true);
      // Two charts side by side at 1600 px, each drawn 1:1.
      expect(drawn.width).toBeGreaterThan(700);
      // Every column of the table is in view at 1600x1000, the modes columns included (they were cut off at the
      // right): the last chart gives the table room (webview/compare/view.ts makeRoomForTable), nothing scrolls.
      const table = await page.evaluate(() => {
        const box = (e: Element | null) => {
          const r = e?.getBoundingClientRect();
          return r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom } : null;
        };
        const wrap = document.querySelector('.compare-table-wrap')!;
        return {
          heads: Array.from(document.querySelectorAll('.compare-table thead th'), (th) => ({ text: th.textContent ?? '', ...box(th)! })),
          modes: Array.from(document.querySelectorAll('.compare-table [data-modes]'), (td) => box(td)!),
          scrolls: wrap.scrollWidth > wrap.clientWidth,
          view: { width: window.innerWidth, height: window.innerHeight },
        };
      });
      expect(table.view).toEqual({ width: 1600, height: 1000 });
      expect(table.heads.filter((h) => h.text.startsWith('Modes found') || h.text.startsWith('To all modes'))).toHaveLength(2);
      expect(table.modes).toHaveLength(3);
      for (const b of [...table.heads, ...table.modes]) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(1600);
        expect(b.bottom).toBeLessThanOrEqual(1000);
      }
      expect(table.scrolls).toBe(false);
      await page.screenshot({ path: join(results, 'compare-page.png') });
      // A `comparison` message later (the extension, while runs train) redraws with its points.
      const fewer: Comparison = { ...comparison, runs: comparison.runs.map((r) => ({ ...r, curve: r.curve.slice(0, 5), status: 'running' as const })) };
      await page.evaluate((c) => window.postMessage({ type: 'comparison', comparison: c }, '*'), fewer);
      await page.waitForFunction(() => document.body.dataset.compareRenders !== '1');
      const updated = await page.evaluate(() =>
        Array.from(document.querySelectorAll('svg[data-chart="tv-trajectories"] path.mean')).map((p) => Number(p.getAttribute('data-points'))),
      );
      expect(updated).toEqual([5, 5, 5]);
      expect(problems).toEqual([]);

      // A page with a flow graph (a run's report) that is sent a comparison: the Compare tab appears and comes
      // forward; the Flow graph tab switches back.
      const report = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      report.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await report.goto(`file://${join(dir, 'tb-seed1.html')}`);
      await report.waitForFunction(() => document.body.dataset.renderMs !== undefined, null, { timeout: 20_000 });
      await report.evaluate((c) => window.postMessage({ type: 'comparison', comparison: c }, '*'), comparison);
      await report.waitForFunction(() => document.body.dataset.compareRenders !== undefined);
      const shown = () => report.evaluate(() => ({
        compare: getComputedStyle(document.getElementById('compare')!).display !== 'none',
        graph: getComputedStyle(document.getElementById('main')!).display !== 'none',
        selected: document.querySelector('#views [aria-selected=true]')?.textContent,
      }));
      expect(await shown()).toEqual({ compare: true, graph: false, selected: 'Compare' });
      await report.click('#view-graph');
      expect(await shown()).toEqual({ compare: false, graph: true, selected: 'Flow graph' });
      await report.click('#view-compare');
      expect(await shown()).toEqual({ compare: true, graph: false, selected: 'Compare' });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('cancelled mid-way (SIGINT) leaves a valid comparison.json: running runs saved, queued ones cancelled', async () => {
    const cancelled = join(dir, 'cancelled');
    const firstMetrics = join(cancelled, 'tb-seed1', 'metrics.jsonl');
    const run = await gfn(['compare', smiley, '--losses', 'tb,kl', '--seeds', '2', '--iterations', '20000', '--report-every', '50', '--concurrency', '2', '--out', cancelled], (child) => {
      const poll = setInterval(() => {
        if (existsSync(firstMetrics) && readFileSync(firstMetrics, 'utf8').includes('\n')) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 50);
      child.on('close', () => clearInterval(poll));
    });
    expect(run.code).toBe(130);
    const c = readComparison(cancelled);
    expect(c.runs.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    // The two that were training stopped early and saved their summary; the two queued never started.
    const started = c.runs.filter((r) => r.summary !== null);
    expect(started).toHaveLength(2);
    for (const r of started) expect(r.summary!.iterations).toBeLessThan(20000);
    expect(c.runs.filter((r) => r.summary === null).every((r) => r.curve.length === 0)).toBe(true);
    expect(existsSync(join(cancelled, 'comparison.html'))).toBe(true);
  });

  it('a failing environment gives failed runs with a one-line message; a run that cannot start fails alone', async () => {
    const broken = join(dir, 'broken');
    const c = await runComparison({
      file: join(root, 'examples/broken/user-exception.gfn.ts'), losses: ['tb', 'db'], seeds: [1], outDir: broken,
      config: { ...DEFAULT_TRAIN_CONFIG, iterations: 20 },
    });
    expect(c.runs.map((r) => r.status)).toEqual(['failed', 'failed']);
    for (const r of c.runs) {
      expect(r.error).toMatch(/^line 9: .*no "ab" allowed/);
      expect(r.error).not.toContain('\n');
    }
    expect(readComparison(broken).runs.map((r) => r.error)).toEqual(c.runs.map((r) => r.error));

    // The others go on: db's run directory is taken by a file, tb trains.
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'db-seed1'), 'not a directory');
    const updates: string[] = [];
    const m = await runComparison({
      // Two at once whatever the machine (the default is one per core: on one core db would wait for tb to end).
      file: smiley, losses: ['tb', 'db'], seeds: [1], outDir: mixed, concurrency: 2, config: { ...DEFAULT_TRAIN_CONFIG, iterations: 40, hidden: 16, reportEvery: 10 },
      onUpdate: (u) => updates.push(u.runs.map((r) => r.status).join(',')),
    });
    expect(m.runs.map((r) => r.status)).toEqual(['done', 'failed']);
    expect(m.runs[1].error).toMatch(/db-seed1/);
    expect(m.runs[0].curve).toHaveLength(4);
    expect(updates).toContain('running,failed');
  });
});
