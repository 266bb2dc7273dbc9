/**
 * Integration tests of the runs in the workspace and the "GFlowNet" view of the activity bar, in a trusted
 * workspace: a Train writes its run to .gflownet/runs/<stem>/ and the view lists it under its environment with its
 * TV; a run written by someone else (a copy) shows up through the file watcher; open in the panel draws the run's
 * graph; re-run trains again with the run's settings (not the current ones); compare posts the Comparison of the
 * selected runs; the report is written with gfn report's code; delete asks first, and refuses a run that trains.
 * Prompts are answered through the test API (present only in ExtensionMode.Test).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GfnStudioApi, GfnStudioTesting, RunsTreeEntry } from '../../extension/extension';
import { formatNumber } from '../../shared/format';
import type { Comparison } from '../../shared/comparison';
import type { TrainSummary } from '../../shared/trainSummary';
import { assert, sleep, studio, waitFor, workspaceUri, type TestCase } from './util';

const config = () => vscode.workspace.getConfiguration('gflownet');
const setSetting = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);

function testing(api: GfnStudioApi): GfnStudioTesting {
  assert(api.testing, 'the test API is present (the extension host runs in ExtensionMode.Test)');
  return api.testing;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

const smileyEntry = (tree: RunsTreeEntry[]) => tree.find((e) => e.file === workspaceUri('smiley.gfn.ts').fsPath);

const runInTree = async (api: GfnStudioApi, dir: string) => smileyEntry(await api.runsTree())?.runs.find((r) => r.dir === dir);

/** Waits until the runs view shows the run `dir` under smiley.gfn.ts. */
function waitForRunInTree(api: GfnStudioApi, dir: string) {
  return waitFor(`the runs view to list ${path.basename(dir)}`, () => runInTree(api, dir), 20_000);
}

/** Waits until the runs view no longer shows the run `dir`. */
function waitForRunGone(api: GfnStudioApi, dir: string) {
  return waitFor(`the runs view to drop ${path.basename(dir)}`, async () => ((await runInTree(api, dir)) ? undefined : true), 20_000);
}

/** The runs of the tests below, in the order they are made. */
const made: { dir: string; summary: TrainSummary }[] = [];

export const runsTests: TestCase[] = [
  {
    name: 'runs view: a Train writes its run to .gflownet/runs/smiley/<time>-tb/ and the view lists it under smiley.gfn.ts with its TV',
    async run() {
      const api = await studio();
      const uri = workspaceUri('smiley.gfn.ts');
      await setSetting('train.iterations', 120);
      try {
        const summary = await vscode.commands.executeCommand<TrainSummary | undefined>('gflownet.train', uri);
        assert(summary && summary.tv !== null, 'Train returned a summary with an exact TV');
        const dir = api.lastRun?.dir;
        assert(dir, 'the last run names its directory');
        const runs = workspaceUri('.gflownet', 'runs', 'smiley').fsPath;
        assert(path.dirname(dir) === runs, `the run is in ${runs}, got ${dir}`);
        assert(/^\d{8}-\d{6}-tb(-\d+)?$/.test(path.basename(dir)), `named <YYYYMMDD-HHMMSS>-tb, got ${path.basename(dir)}`);
        for (const f of ['summary.json', 'metrics.jsonl', 'graph.json', 'flows.json', 'environment.json', 'model/model.json']) {
          assert(await exists(vscode.Uri.file(path.join(dir, f))), `the run directory holds ${f}`);
        }
        const environment = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(dir, 'environment.json'))))) as { file: string };
        assert(path.resolve(dir, environment.file) === uri.fsPath, `environment.json names smiley.gfn.ts, got ${environment.file}`);
        const run = await waitForRunInTree(api, dir);
        const entry = smileyEntry(await api.runsTree());
        console.log(`  METRIC runs view: ${entry?.label} (${entry?.description}) › ${run.label} · ${run.description}`);
        assert(run.label === `tb · TV ${formatNumber(summary.tv)} · log Z ${formatNumber(summary.logZ)}`, `the run's label is objective · TV · log Z, got ${run.label}`);
        assert(run.description.startsWith('120 iterations · '), `its description gives the iterations and the age, got ${run.description}`);
        assert((await api.runsTree())[0].file === uri.fsPath, 'the environment just trained comes first in the view');
        assert(run.tooltip.includes(`Backend: ${summary.backend}`) && run.tooltip.includes('Seed: 1'), `the tooltip holds the full summary, got ${run.tooltip}`);
        assert(run.contextValue === 'gflownet.run', `a finished run, got ${run.contextValue}`);
        made.push({ dir, summary });
      } finally {
        await setSetting('train.iterations', undefined);
      }
    },
  },
  {
    name: 'runs view: a run written by someone else (copied into the runs folder) appears through the file watcher; delete asks first',
    async run() {
      const api = await studio();
      const hooks = testing(api);
      const [first] = made;
      assert(first, 'the previous test made a run');
      // An older name: a run of another day, as `gfn train --out` or a git pull would bring it.
      const copy = path.join(path.dirname(first.dir), '20200101-000000-tb');
      const reloads = api.runsReloads;
      await vscode.workspace.fs.copy(vscode.Uri.file(first.dir), vscode.Uri.file(copy));
      await waitForRunInTree(api, copy);
      assert(api.runsReloads > reloads, 'the view read the runs folder again on its own (a watcher event)');
      const asked: string[][] = [];
      try {
        hooks.setDeletePrompt(async (dirs) => (asked.push(dirs), false));
        const kept = await vscode.commands.executeCommand<string[]>('gflownet.runs.delete', copy);
        assert(kept.length === 0 && (await exists(vscode.Uri.file(copy))), 'a declined confirmation deletes nothing');
        hooks.setDeletePrompt(async (dirs) => (asked.push(dirs), true));
        const deleted = await vscode.commands.executeCommand<string[]>('gflownet.runs.delete', copy);
        assert(deleted.length === 1 && deleted[0] === copy, `the run is deleted, got ${JSON.stringify(deleted)}`);
        assert(!(await exists(vscode.Uri.file(copy))), 'its directory is gone');
        assert(asked.length === 2 && asked.every((d) => d.length === 1 && d[0] === copy), `asked twice about the run, got ${JSON.stringify(asked)}`);
        await waitForRunGone(api, copy);
        assert(await exists(vscode.Uri.file(first.dir)), 'the other run stays');
      } finally {
        hooks.setDeletePrompt(undefined);
      }
    },
  },
  {
    name: 'runs view: open in the panel draws the run (graph, flows, curves from the run directory)',
    async run() {
      const api = await studio();
      const [first] = made;
      assert(first, 'the first test made a run');
      const before = api.lastRender?.at ?? 0;
      const nodes = await vscode.commands.executeCommand<number | undefined>('gflownet.runs.open', first.dir);
      assert(nodes === 42, `the run's graph of 42 states is shown, got ${nodes}`);
      const render = await waitFor('the panel to draw the opened run', () => (api.lastRender && api.lastRender.at > before ? api.lastRender : undefined), 30_000);
      assert(render.nodes === 42, `the panel drew the 42 states of smiley, got ${render.nodes}`);
    },
  },
  {
    name: 'runs view: a new gflownet.runsFolder is read at once (the one settings handler, extension/config.ts), and the old one again when it is reset',
    async run() {
      const api = await studio();
      assert(made.length > 0, 'the first test made a run');
      const dir = made[0].dir;
      await waitForRunInTree(api, dir);
      try {
        await setSetting('runsFolder', '.gflownet/elsewhere');
        await waitForRunGone(api, dir);
      } finally {
        await setSetting('runsFolder', undefined);
      }
      await waitForRunInTree(api, dir);
    },
  },
  {
    name: 'runs view: re-run trains a second run with the run\'s settings (not the current ones); compare posts both; the report is written',
    async run() {
      const api = await studio();
      const hooks = testing(api);
      const [first] = made;
      assert(first, 'the first test made a run');
      // Settings changed since: the re-run must ignore them.
      await setSetting('train.iterations', 30);
      await setSetting('train.seed', 7);
      try {
        const summary = await vscode.commands.executeCommand<TrainSummary | undefined>('gflownet.runs.rerun', first.dir);
        assert(summary, 'the re-run returned a summary');
        const second = api.lastRun?.dir;
        assert(second && second !== first.dir && path.dirname(second) === path.dirname(first.dir), `a new run directory beside the first, got ${second}`);
        const canonical = (c: object) => JSON.stringify(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
        assert(canonical(summary.config) === canonical(first.summary.config), `the same configuration: ${JSON.stringify(summary.config)} vs ${JSON.stringify(first.summary.config)}`);
        assert(summary.iterations === 120, `the run's 120 iterations, not the setting's 30, got ${summary.iterations}`);
        // Same settings and seed, same file: the same numbers (the trainer is deterministic for a seed).
        console.log(`  re-run: TV ${summary.tv} vs ${first.summary.tv}, log Z ${summary.logZ} vs ${first.summary.logZ}`);
        await waitForRunInTree(api, second);
        made.push({ dir: second, summary });

        const comparison = await vscode.commands.executeCommand<{ runs: { loss: string; seed: number; dir: string; summary: TrainSummary | null }[] } | undefined>(
          'gflownet.runs.compare', undefined, [first.dir, second]);
        assert(comparison, 'Compare returned the comparison');
        const posted = api.lastComparison;
        assert(posted && JSON.stringify(posted) === JSON.stringify(comparison), 'the comparison the command built was posted to the panel');
        assert(posted.name === 'smiley faces', `the comparison names the environment (graph.json), got ${posted.name}`);
        assert(posted.file === workspaceUri('smiley.gfn.ts').fsPath, `the comparison names smiley.gfn.ts, got ${posted.file}`);
        assert(posted.runs.length === 2 && posted.runs.every((r) => r.loss === 'tb' && r.seed === 1 && r.curve.length > 0 && r.status === 'done'), `two finished tb runs of seed 1 with curves, got ${JSON.stringify(posted.runs.map((r) => [r.loss, r.seed, r.curve.length, r.status]))}`);
        assert(posted.runs.map((r) => r.dir).join(',') === [path.basename(first.dir), path.basename(second)].join(','), `dirs relative to the runs folder, got ${posted.runs.map((r) => r.dir).join(',')}`);
        assert(posted.runs[1].summary?.tv === summary.tv, 'each run carries its summary');

        const opened: vscode.Uri[] = [];
        hooks.setReportOpener(async (report) => opened.push(report));
        try {
          const report = await vscode.commands.executeCommand<vscode.Uri | undefined>('gflownet.runs.openReport', vscode.Uri.file(second));
          assert(report && report.fsPath === path.join(second, 'report.html'), `report.html in the run directory, got ${report?.fsPath}`);
          assert(opened.length === 1 && opened[0].fsPath === report.fsPath, 'the report was handed to the opener');
          const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(report));
          assert(html.includes(': run report</title>') && html.includes('id="gfn-data"'), 'the page is gfn report\'s, with the run embedded');
        } finally {
          hooks.setReportOpener(undefined);
        }
      } finally {
        await setSetting('train.iterations', undefined);
        await setSetting('train.seed', undefined);
      }
    },
  },
  {
    name: 'runs view: delete refuses a run that is training (its lock is held) and leaves it whole',
    async run() {
      const api = await studio();
      const hooks = testing(api);
      const uri = workspaceUri('smiley.gfn.ts');
      await setSetting('train.iterations', 1_000_000);
      await setSetting('train.reportEvery', 10);
      hooks.setDeletePrompt(async () => true);
      const known = new Set(made.map((m) => m.dir));
      const stemDir = workspaceUri('.gflownet', 'runs', 'smiley').fsPath;
      const listDirs = () => (fs.existsSync(stemDir) ? fs.readdirSync(stemDir).map((d) => path.join(stemDir, d)) : []);
      const before = new Set(listDirs());
      const newDirs = () => listDirs().filter((d) => !before.has(d));
      const started = Date.now();
      const long = vscode.commands.executeCommand<TrainSummary | undefined>('gflownet.train', uri);
      // When each step towards the run in the view was first seen (ms after Train), for the log and a failure.
      const progress0 = api.progressCount;
      const reloads0 = api.runsReloads;
      const timeline = new Map<string, number>();
      const mark = (event: string, happened: boolean) => {
        if (happened && !timeline.has(event)) timeline.set(event, Date.now() - started);
      };
      let seen = '';
      const times = () => `${[...timeline].map(([e, t]) => `${e} ${t} ms`).join(', ')}; view reloads ${api.runsReloads - reloads0}`;
      try {
        const running = await waitFor('the training run in the view', async () => {
          mark('training', api.training);
          mark('first progress', api.progressCount > progress0);
          const dirs = newDirs();
          mark('run directory', dirs.length > 0);
          mark('run files', dirs.some((d) => fs.existsSync(path.join(d, 'environment.json')) || fs.existsSync(path.join(d, 'metrics.jsonl'))));
          const runs = smileyEntry(await api.runsTree())?.runs ?? [];
          seen = `the view lists ${runs.map((r) => `${path.basename(r.dir)} [${r.contextValue}${known.has(r.dir) ? ', made earlier' : ''}] ${r.description}`).join('; ') || 'no run'}; new directories ${dirs.map((d) => `${path.basename(d)}: ${fs.readdirSync(d).join(' ')}`).join('; ')}`;
          return runs.find((r) => !known.has(r.dir) && r.contextValue === 'gflownet.run.unfinished');
        }, 60_000).catch((error: unknown) => {
          throw new Error(`${error instanceof Error ? error.message : String(error)}: ${times()}; last seen: ${seen}`);
        });
        mark('in the view', true);
        console.log(`  METRIC training run in the runs view: ${times()}`);
        assert(running.description.includes('no summary'), `a run without summary says so, got ${running.label} · ${running.description}`);
        const deleted = await vscode.commands.executeCommand<string[]>('gflownet.runs.delete', running.dir);
        assert(deleted.length === 0, `a training run is not deleted, got ${JSON.stringify(deleted)}`);
        assert(await exists(vscode.Uri.file(path.join(running.dir, 'metrics.jsonl'))), 'its files stay');
        assert(api.training, 'the run still trains');
        // A run that has reported hundreds of times (every 10 iterations) stops at once: its reports reach the screen
        // batched (extension/reportRelay.ts), so no backlog of them holds the Stop.
        await waitFor('300 reports of the run', () => (api.progressCount >= progress0 + 300 ? true : undefined), 120_000);
        const stopAt = Date.now();
        await vscode.commands.executeCommand('gflownet.stopTraining');
        const stopped = await long;
        console.log(`  METRIC stop after ${api.progressCount - progress0} reports: the run ended ${Date.now() - stopAt} ms after Stop`);
        assert(stopped && api.lastRun?.dir === running.dir, 'the stopped run is the one that was refused');
        // Stopped, its lock is released: now it can go.
        const now = await vscode.commands.executeCommand<string[]>('gflownet.runs.delete', running.dir);
        assert(now.length === 1 && !(await exists(vscode.Uri.file(running.dir))), 'after the stop, the run is deleted');
      } finally {
        // Stop the run even where it started after a failure above: a 1,000,000-iteration run left going would hold
        // every later test.
        const settled = Promise.resolve(long).then(() => true, () => true);
        while (!(await Promise.race([settled, sleep(250).then(() => false)]))) {
          if (api.training) await vscode.commands.executeCommand('gflownet.stopTraining');
        }
        hooks.setDeletePrompt(undefined);
        await setSetting('train.iterations', undefined);
        await setSetting('train.reportEvery', undefined);
        await sleep(200);
      }
    },
  },
  {
    name: 'Compare Objectives: the picked objectives x gflownet.compare.seeds train into .gflownet/runs/smiley/<time>-compare/, the panel gets the comparison, the runs view lists it, opens it and deletes it with its runs',
    async run() {
      const api = await studio();
      const hooks = testing(api);
      const uri = workspaceUri('smiley.gfn.ts');
      await setSetting('train.iterations', 150);
      await setSetting('train.reportEvery', 25);
      await setSetting('compare.seeds', 2);
      hooks.setObjectivePicker(async () => ['tb', 'kl']);
      try {
        const comparison = await vscode.commands.executeCommand<Comparison | undefined>('gflownet.compareObjectives', uri);
        assert(comparison, 'Compare Objectives returned the comparison');
        assert(
          JSON.stringify(comparison.runs.map((r) => [r.loss, r.seed, r.status])) === JSON.stringify([['tb', 1, 'done'], ['tb', 2, 'done'], ['kl', 1, 'done'], ['kl', 2, 'done']]),
          `2 objectives x 2 seeds, all done: ${JSON.stringify(comparison.runs.map((r) => [r.loss, r.seed, r.status, r.error]))}`,
        );
        assert(comparison.runs.every((r) => r.curve.length === 6 && r.summary?.iterations === 150), 'each run has its 6 points and its summary');
        assert(Math.abs((comparison.trueLogZ ?? NaN) - Math.log(12)) < 1e-9, `true log Z ${comparison.trueLogZ}`);
        const posted = api.lastComparison;
        assert(posted && posted.runs.length === 4 && posted.runs.every((r) => r.status === 'done'), 'the panel got the finished comparison');
        const entry = await waitFor('the comparison in the runs view', async () => smileyEntry(await api.runsTree())?.comparisons.find((c) => /-compare$/.test(c.dir)), 20_000);
        assert(path.dirname(entry.dir) === workspaceUri('.gflownet', 'runs', 'smiley').fsPath, `under the runs folder: ${entry.dir}`);
        assert(await exists(vscode.Uri.file(path.join(entry.dir, 'comparison.json'))), 'comparison.json is written');
        assert(await exists(vscode.Uri.file(path.join(entry.dir, 'kl-seed2', 'summary.json'))), 'each run has its own run directory');
        assert(/^compare tb, kl · best (tb|kl) TV /.test(entry.label) && /4 runs, 2 seeds each/.test(entry.description), `${entry.label} · ${entry.description}`);
        const reopened = await vscode.commands.executeCommand<Comparison | undefined>('gflownet.runs.openComparison', entry.dir);
        assert(reopened && reopened.runs.length === 4 && api.lastComparison?.runs.length === 4, 'the runs view opens the saved comparison in the panel');
        // Delete removes the comparison with its runs, after the prompt, and the view drops it.
        hooks.setDeletePrompt(async () => true);
        const deleted = await vscode.commands.executeCommand<string[]>('gflownet.runs.delete', entry.dir);
        assert(deleted.length === 1 && !(await exists(vscode.Uri.file(entry.dir))), `the comparison is deleted: ${JSON.stringify(deleted)}`);
        await waitFor('the comparison gone from the runs view', async () => (smileyEntry(await api.runsTree())?.comparisons.some((c) => c.dir === entry.dir) ? undefined : true), 20_000);
      } finally {
        hooks.setObjectivePicker(undefined);
        hooks.setDeletePrompt(undefined);
        await setSetting('train.iterations', undefined);
        await setSetting('train.reportEvery', undefined);
        await setSetting('compare.seeds', undefined);
      }
    },
  },
];
