/**
 * The "GFlowNet" view of the activity bar: environments (the workspace's .gfn.ts files, and any file that has runs)
 * and under each its comparisons (GFlowNet: Compare Objectives, gfn compare) and its runs, newest first. The tree is read from the disk (src/run/runFolder.ts lists the run
 * directories, src/run/runStore.ts reads them) and read again when a file watcher sees a runs folder or a .gfn.ts
 * change, so runs written by `gfn train`, a git checkout or another window show up as well as the extension's own.
 * VS Code's watchers see the runs folder appear; the folders that exist are watched one by one as well
 * (extension/directoryWatches.ts says why).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../shared/comparison';
import type { TrainSummary } from '../shared/trainSummary';
import { lowestFinalTv, objectiveRows } from '../shared/comparison';
import { formatNumber } from '../shared/format';
import { isComparisonDir, readComparison } from '../src/compare';
import { environmentStem, listRunDirectories, stemDirectories } from '../src/run/runFolder';
import { earlierRunFiles, readEnvironment, readRunJson, RUN_FILES, runTime } from '../src/run/runStore';
import { DirectoryWatches } from './directoryWatches';
import type { Config } from './config';
import { describeRun, runTooltip, type StoredRun } from './runDescription';
import type { RunLocation } from './runLocation';

export const RUNS_VIEW_ID = 'gflownet.runs';

export interface EnvironmentNode {
  kind: 'environment';
  /** The .gfn.ts, absolute; null for runs that do not record theirs (then grouped by the folder's stem). */
  file: string | null;
  stem: string;
  runs: RunNode[];
  comparisons: ComparisonNode[];
}

/** A folder with comparison.json: every objective x seed of one comparison, opened as a whole in the Compare view. */
export interface ComparisonNode {
  kind: 'comparison';
  dir: string;
  comparison: Comparison;
  time: Date;
  environment: EnvironmentNode;
}

export interface RunNode {
  kind: 'run';
  run: StoredRun;
  environment: EnvironmentNode;
}

export type RunsViewNode = EnvironmentNode | RunNode | ComparisonNode;

/**
 * Watcher events come in bursts (a run writes several files): one reload per burst, at most one per this delay. A
 * run that trains writes metrics.jsonl every report, so the events of its directory never pause: the reload is
 * timed from the first event of a burst, not postponed by each new one (a debounce would wait for the run's end).
 */
const REFRESH_DELAY_MS = 300;

function readRun(dir: string, log: vscode.LogOutputChannel): StoredRun | undefined {
  // A directory the store does not recognise (an empty one being created, a user's folder) is not a run.
  if (earlierRunFiles(dir).length === 0) return undefined;
  let summary: TrainSummary | null = null;
  let environment: string | null = null;
  try {
    summary = (readRunJson(dir, 'summary')?.value as TrainSummary | undefined) ?? null;
    environment = readEnvironment(dir);
  } catch (error) {
    // A damaged file is named in the log; the run still shows, without what could not be read.
    log.warn(`runs view: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { dir, name: path.basename(dir), summary, environment, time: runTime(dir) };
}

export class RunsView implements vscode.TreeDataProvider<RunsViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: Promise<EnvironmentNode[]> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly folders = new DirectoryWatches((name) => this.entryChanged(name));
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;
  /** Reloads since activation, for the tests: a watcher event must lead to one. */
  reloads = 0;

  constructor(
    private readonly location: RunLocation,
    private readonly log: vscode.LogOutputChannel,
    config: Config,
  ) {
    this.watch();
    this.disposables.push(
      config.onChange(['runsFolder'], () => {
        this.watch();
        this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        this.refresh();
      }),
    );
    // "5 min ago" ages: redraw the labels every minute (without reading the disk again).
    const tick = setInterval(() => this.changed.fire(undefined), 60_000);
    this.disposables.push({ dispose: () => clearInterval(tick) });
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    // A runs folder inside a workspace folder is watched as a glob of that folder, which exists: a watcher based on
    // the runs folder itself would miss it being created by the first Train. The storage's is created first.
    const patterns: vscode.GlobPattern[] = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const relative = path.relative(folder.uri.fsPath, this.location.rootOf(folder));
      const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      return inside ? new vscode.RelativePattern(folder, `${relative.split(path.sep).join('/')}/**`) : new vscode.RelativePattern(vscode.Uri.file(this.location.rootOf(folder)), '**');
    });
    try {
      fs.mkdirSync(this.location.fallback, { recursive: true });
      patterns.push(new vscode.RelativePattern(vscode.Uri.file(this.location.fallback), '**'));
    } catch (error) {
      this.log.warn(`runs view: cannot watch ${this.location.fallback}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const soon = (uri: vscode.Uri) => this.entryChanged(path.basename(uri.fsPath));
    this.watchers = patterns.flatMap((pattern) => {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      return [w, w.onDidCreate(soon), w.onDidDelete(soon), w.onDidChange(soon)];
    });
    // Environments: only files appearing or going away change the list, not their edits.
    const files = vscode.workspace.createFileSystemWatcher('**/*.gfn.ts', false, true, false);
    this.watchers.push(files, files.onDidCreate(soon), files.onDidDelete(soon));
  }

  /** A file or folder named `name` changed in a watched folder. */
  private entryChanged(name: string | null): void {
    // A training run appends metrics.jsonl at every report and the view shows none of it: only its other files
    // (environment.json when it starts, summary.json when it ends) change what the view lists.
    if (name !== RUN_FILES.metrics) this.refreshSoon();
  }

  private refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }

  /** Reads the runs folders again and redraws the tree. */
  refresh(): void {
    this.model = undefined;
    this.changed.fire(undefined);
  }

  /** The environments with their runs, as the tree shows them (read once per refresh). */
  environments(): Promise<EnvironmentNode[]> {
    this.model ??= this.load();
    return this.model;
  }

  private async load(): Promise<EnvironmentNode[]> {
    this.reloads += 1;
    const byKey = new Map<string, EnvironmentNode>();
    const node = (file: string | null, stem: string): EnvironmentNode => {
      const key = file ?? `stem:${stem}`;
      let found = byKey.get(key);
      if (!found) byKey.set(key, (found = { kind: 'environment', file, stem, runs: [], comparisons: [] }));
      return found;
    };
    const files = await vscode.workspace.findFiles('**/*.gfn.ts', '{**/node_modules/**,**/.gflownet/**}', 1000);
    for (const uri of files) node(uri.fsPath, environmentStem(uri.fsPath));
    // The folders whose entries may still change: the runs folders, their stems, and runs without a summary yet.
    const watched: string[] = [];
    for (const root of this.location.roots()) {
      let listed: { stem: string; dir: string }[];
      try {
        listed = listRunDirectories(root);
      } catch (error) {
        this.log.warn(`runs view: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (fs.existsSync(root)) watched.push(root, ...stemDirectories(root));
      for (const { stem, dir } of listed) {
        if (isComparisonDir(dir)) {
          const comparison = this.readComparison(dir);
          if (!comparison) continue;
          const environment = node(comparison.file || null, stem);
          environment.comparisons.push({ kind: 'comparison', dir, comparison, time: fs.statSync(dir).mtime, environment });
          continue;
        }
        const run = readRun(dir, this.log);
        if (!run?.summary) watched.push(dir);
        if (!run) continue;
        const environment = node(run.environment, stem);
        environment.runs.push({ kind: 'run', run, environment });
      }
    }
    this.folders.set(watched);
    const nodes = [...byKey.values()];
    for (const n of nodes) {
      n.runs.sort((a, b) => b.run.time.getTime() - a.run.time.getTime() || b.run.name.localeCompare(a.run.name));
      n.comparisons.sort((a, b) => b.time.getTime() - a.time.getTime());
    }
    // Environments with runs first, the most recently run on top (where the user just trained), then the others by
    // name: a workspace with many files (examples/broken/ has twenty) would otherwise push the runs out of sight.
    const label = (n: EnvironmentNode) => (n.file ? vscode.workspace.asRelativePath(n.file) : n.stem);
    const latest = (n: EnvironmentNode) => Math.max(n.runs[0]?.run.time.getTime() ?? -Infinity, n.comparisons[0]?.time.getTime() ?? -Infinity);
    return nodes.sort((a, b) => latest(b) - latest(a) || label(a).localeCompare(label(b)));
  }

  async getChildren(element?: RunsViewNode): Promise<RunsViewNode[]> {
    if (!element) return this.environments();
    return element.kind === 'environment' ? [...element.comparisons, ...element.runs] : [];
  }

  getParent(element: RunsViewNode): RunsViewNode | undefined {
    return element.kind === 'environment' ? undefined : element.environment;
  }

  getTreeItem(element: RunsViewNode): vscode.TreeItem {
    if (element.kind === 'environment') return environmentItem(element);
    return element.kind === 'run' ? runItem(element, new Date()) : comparisonItem(element);
  }

  /** A damaged comparison.json is named in the log and left out, like a damaged run file. */
  private readComparison(dir: string): Comparison | undefined {
    try {
      return readComparison(dir);
    } catch (error) {
      this.log.warn(`runs view: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.folders.dispose();
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }
}

function environmentItem(node: EnvironmentNode): vscode.TreeItem {
  const state = node.runs.length + node.comparisons.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(node.file ? path.basename(node.file) : node.stem, state);
  item.id = `environment:${node.file ?? node.stem}`;
  // "0 runs" on every file without runs would only be noise: the count shows where there are runs.
  const runs = [
    node.comparisons.length === 0 ? '' : `${node.comparisons.length} comparison${node.comparisons.length === 1 ? '' : 's'}`,
    node.runs.length === 0 ? '' : `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`,
  ].filter(Boolean).join(', ');
  if (node.file) {
    const folder = path.dirname(vscode.workspace.asRelativePath(node.file));
    item.description = [folder === '.' ? '' : folder, runs].filter(Boolean).join(' · ');
    item.resourceUri = vscode.Uri.file(node.file);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
    const exists = fs.existsSync(node.file);
    item.tooltip = exists ? node.file : `${node.file} (no longer exists; its runs remain)`;
    item.contextValue = exists ? 'gflownet.environment' : 'gflownet.environment.missing';
  } else {
    item.description = `${runs} · file not recorded`.replace(/^ · /, '');
    item.tooltip = 'Runs that do not record which .gfn.ts they trained (written before environment.json existed)';
    item.contextValue = 'gflownet.environment.unknown';
  }
  item.iconPath = new vscode.ThemeIcon('type-hierarchy');
  return item;
}

function runItem(node: RunNode, now: Date): vscode.TreeItem {
  const { run } = node;
  const line = describeRun(run, now);
  const item = new vscode.TreeItem(line.label, vscode.TreeItemCollapsibleState.None);
  item.description = line.description;
  item.id = `run:${run.dir}`;
  item.tooltip = runTooltip(run);
  const s = run.summary;
  const stopped = s !== null && s.config !== undefined && s.iterations < s.config.iterations;
  item.iconPath = new vscode.ThemeIcon(s === null ? 'circle-large-outline' : stopped ? 'debug-stop' : 'pass');
  // Menus (package.json) key on these: only a finished run can be compared, re-run or reported.
  item.contextValue = s === null ? 'gflownet.run.unfinished' : 'gflownet.run';
  item.command = { command: 'gflownet.runs.open', title: 'Open in the Panel', arguments: [node] };
  return item;
}

/** `compare tb, db, kl · best tb TV 0.0108`, and `6 runs, 2 seeds each` below it. */
function comparisonItem(node: ComparisonNode): vscode.TreeItem {
  const { comparison } = node;
  const rows = objectiveRows(comparison);
  const best = lowestFinalTv(rows);
  const item = new vscode.TreeItem(`compare ${rows.map((r) => r.loss).join(', ')}${best ? ` · best ${best.loss} TV ${formatNumber(best.tv!.mean)}` : ''}`, vscode.TreeItemCollapsibleState.None);
  const seeds = new Set(comparison.runs.map((r) => r.seed)).size;
  const unfinished = comparison.runs.filter((r) => r.status !== 'done').length;
  item.description = `${comparison.runs.length} runs, ${seeds} seed${seeds === 1 ? '' : 's'} each${unfinished ? ` · ${unfinished} not done` : ''} · ${path.basename(node.dir)}`;
  item.id = `comparison:${node.dir}`;
  item.tooltip = [
    `${comparison.name}: ${path.basename(node.dir)}`,
    ...rows.map((r) => `${r.loss}: final TV ${formatNumber(r.tv?.mean)} (min ${formatNumber(r.tv?.min)}, max ${formatNumber(r.tv?.max)}), log Z ${formatNumber(r.logZ?.mean)}`),
    comparison.trueLogZ !== null ? `true log Z ${formatNumber(comparison.trueLogZ)}` : '',
    node.dir,
  ].filter(Boolean).join('\n');
  item.iconPath = new vscode.ThemeIcon('graph-line');
  item.contextValue = 'gflownet.comparison';
  item.command = { command: 'gflownet.runs.openComparison', title: 'Open the Comparison', arguments: [node] };
  return item;
}
