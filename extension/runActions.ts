/**
 * The actions of the runs view (extension/runsView.ts) on stored runs: open one in the flow graph panel, compare
 * several, train again with the same settings, open its report, delete it. Each reads or changes the run directory
 * only through src/run/ (runStore.ts, runReport.ts); extension/commands.ts puts them in its table with their trust
 * gate (only the re-run executes workspace code).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../shared/comparison';
import type { TrainSummary } from '../shared/trainSummary';
import { formatNumber } from '../shared/format';
import { loadRun, RunDirError, writeReport } from '../src/run/runReport';
import { LockedError, readEnvironment, readRunJson, removeRun, runPaths, StoreError } from '../src/run/runStore';
import type { PanelHost } from './panel';
import { comparisonFromRuns, comparisonRunDirs, isComparisonDir, readComparison } from '../src/compare';
import type { RunsViewNode } from './runsView';
import type { TrainingController } from './training';

/** Asks whether to delete the run directories `dirs`; true deletes. */
export type DeletePrompt = (dirs: string[]) => Thenable<boolean>;

/** The real prompt: modal, and "Delete" is its only affirmative answer. */
export const askDelete: DeletePrompt = async (dirs) =>
  (await vscode.window.showWarningMessage(
    dirs.length === 1 ? `Delete the ${isComparisonDir(dirs[0]) ? 'comparison' : 'run'} ${path.basename(dirs[0])}?` : `Delete these ${dirs.length} runs and comparisons?`,
    { modal: true, detail: `${dirs.join('\n')}\n\nEach directory and everything in it (summary, metrics, samples, checkpoint; a comparison's runs) will be deleted.` },
    'Delete',
  )) === 'Delete';

/**
 * The run directories a command acts on: VS Code passes the clicked item and, with canSelectMany, the selection;
 * tests and other callers may pass a directory path (or a file Uri) or an array of them.
 */
export function runDirsOf(arg: unknown, selection?: unknown): string[] {
  const one = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value instanceof vscode.Uri) return value.fsPath;
    const node = value as RunsViewNode | undefined;
    return node?.kind === 'run' ? node.run.dir : node?.kind === 'comparison' ? node.dir : undefined;
  };
  const list = Array.isArray(selection) && selection.length > 0 ? selection : Array.isArray(arg) ? arg : [arg];
  return [...new Set(list.map(one).filter((d): d is string => d !== undefined))];
}

function fail(what: string, error: unknown): undefined {
  if (!(error instanceof StoreError || error instanceof RunDirError)) throw error;
  void vscode.window.showErrorMessage(`GFlowNet: ${what}: ${error.message}`);
  return undefined;
}

function requireOne(dirs: string[], action: string): string | undefined {
  if (dirs.length === 1) return dirs[0];
  void vscode.window.showWarningMessage(`GFlowNet: ${action} acts on one run; select one in the GFlowNet view.`);
  return undefined;
}

/** Shows the run in the flow graph panel, as it was when it ended; resolves with the number of states drawn. */
export function openRun(panel: PanelHost, dirs: string[]): number | undefined {
  const dir = requireOne(dirs, 'Open in the Panel');
  if (!dir) return undefined;
  try {
    const data = loadRun(dir);
    if (!data.graph) return undefined;
    const s = data.summary;
    const status = s
      ? `Run ${path.basename(dir)}: ${s.loss}, ${s.iterations} iterations, TV ${formatNumber(s.tv)}, log Z ${formatNumber(s.logZ)} (exact ${formatNumber(s.trueLogZ)})`
      : `Run ${path.basename(dir)}: no summary (training, or stopped before its end)`;
    panel.showGraph(data.graph, status, dir);
    if (data.progress.length > 0) panel.post({ type: 'progress', points: data.progress });
    if (data.snapshot) panel.post({ type: 'flows', snapshot: data.snapshot });
    if (s) panel.post({ type: 'summary', summary: s });
    return data.graph.nodes.length;
  } catch (error) {
    return fail(`cannot open ${path.basename(dir)}`, error);
  }
}

/** Opens a saved comparison (comparison.json of Compare Objectives or gfn compare) in the panel's Compare view. */
export function openComparison(panel: PanelHost, arg: unknown): Comparison | undefined {
  const node = arg as RunsViewNode | undefined;
  const dir = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : node?.kind === 'comparison' ? node.dir : undefined;
  if (!dir) return undefined;
  try {
    const comparison = readComparison(dir);
    panel.show(`Compare: ${comparison.name}`);
    panel.post({ type: 'comparison', comparison });
    return comparison;
  } catch (error) {
    return fail(`cannot open the comparison ${path.basename(dir)}`, error);
  }
}

/** Posts the comparison of the selected runs (of one environment) to the panel's Compare view. */
export function compareRuns(panel: PanelHost, dirs: string[]): Comparison | undefined {
  if (dirs.length < 2) {
    void vscode.window.showWarningMessage('GFlowNet: select two runs or more in the GFlowNet view to compare them (Ctrl or Shift + click).');
    return undefined;
  }
  try {
    const files = new Set(dirs.map((d) => readEnvironment(d) ?? path.dirname(d)));
    if (files.size > 1) {
      void vscode.window.showWarningMessage('GFlowNet: a comparison is of runs of one environment; the selected runs trained different files.');
      return undefined;
    }
    const file = readEnvironment(dirs[0]) ?? '';
    const graph = readRunJson(dirs[0], 'graph')?.value as { name?: unknown } | undefined;
    const name = typeof graph?.name === 'string' ? graph.name : path.basename(path.dirname(dirs[0]));
    const comparison = comparisonFromRuns(dirs, name, file, path.dirname(dirs[0]));
    panel.show(`Compare: ${name}`);
    panel.post({ type: 'comparison', comparison });
    return comparison;
  } catch (error) {
    return fail('cannot compare the runs', error);
  }
}

/** Trains the run's environment again with the run's configuration (seed included: the same run, if nothing changed). */
export async function rerun(training: TrainingController, dirs: string[]): Promise<TrainSummary | undefined> {
  const dir = requireOne(dirs, 'Re-run');
  if (!dir) return undefined;
  let file: string | null;
  let summary: TrainSummary | undefined;
  try {
    file = readEnvironment(dir);
    summary = readRunJson(dir, 'summary')?.value as TrainSummary | undefined;
  } catch (error) {
    return fail(`cannot re-run ${path.basename(dir)}`, error);
  }
  if (!file || !summary?.config) {
    void vscode.window.showErrorMessage(`GFlowNet: ${path.basename(dir)} does not record ${file ? 'its settings (no summary.json)' : 'which .gfn.ts it trained (no environment.json)'}: it cannot be re-run.`);
    return undefined;
  }
  if (!fs.existsSync(file)) {
    void vscode.window.showErrorMessage(`GFlowNet: ${file}, which ${path.basename(dir)} trained, no longer exists.`);
    return undefined;
  }
  // Unsaved edits would be silently ignored: training reads the file from the disk.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open?.isDirty) await open.save();
  return (await training.train(file, summary.config))?.summary;
}

/** Shows a written report to the user. */
export type ReportOpener = (report: vscode.Uri) => Thenable<unknown>;

/**
 * The product's: the browser opens the page. In a remote window (code-server, SSH) the file is on the remote
 * machine, which the local browser cannot open: it is revealed in the explorer instead, where Download can take it.
 */
export const openInBrowser: ReportOpener = (report) =>
  vscode.env.remoteName ? vscode.commands.executeCommand('revealInExplorer', report) : vscode.env.openExternal(report);

/** Writes report.html into the run directory with `gfn report`'s code (src/run/runReport.ts), then opens it. */
export async function openReport(extensionUri: vscode.Uri, dirs: string[], opener: ReportOpener): Promise<vscode.Uri | undefined> {
  const dir = requireOne(dirs, 'Open Report');
  if (!dir) return undefined;
  const out = runPaths(dir).report;
  try {
    // The panel's own bundle, shipped in the extension's dist/ beside dist/extension.js.
    writeReport(dir, out, fs.readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js').fsPath, 'utf8'));
  } catch (error) {
    return fail(`cannot write the report of ${path.basename(dir)}`, error);
  }
  const uri = vscode.Uri.file(out);
  await opener(uri);
  return uri;
}

/**
 * Deletes the runs after one modal confirmation; resolves with the directories deleted. A run whose lock a live
 * process holds (it is training) is refused with the holder named, and the others are still deleted.
 */
/** Deletes runs and comparisons (a comparison with its runs), after the prompt; a run that trains is refused. */
export async function deleteRuns(dirs: string[], prompt: DeletePrompt): Promise<string[]> {
  if (dirs.length === 0 || !(await prompt(dirs))) return [];
  const deleted: string[] = [];
  for (const dir of dirs) {
    try {
      removeRun(dir, isComparisonDir(dir) ? comparisonRunDirs(dir) : []);
      deleted.push(dir);
    } catch (error) {
      if (error instanceof LockedError) void vscode.window.showErrorMessage(`GFlowNet: ${path.basename(dir)} is not deleted: ${error.message}`);
      else fail(`cannot delete ${path.basename(dir)}`, error);
    }
  }
  return deleted;
}
