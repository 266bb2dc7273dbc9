/**
 * The extension's commands, as one table (after rust-analyzer's editors/code/src/main.ts): each entry says whether it
 * acts on a .gfn.ts and whether it runs workspace code. `registerCommands` applies the two gates once for all: the
 * target file (the argument, else the active editor, else a pick), and workspace trust (Restricted Mode runs no
 * user code: the command explains and offers to manage trust, and returns its `none` value).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../shared/comparison';
import type { TrainSummary } from '../shared/trainSummary';
import type { ValidationResult } from '../shared/diagnostics';
import type { DiagnosticsController } from './diagnostics';
import { isGfnDocument } from './diagnostics';
import type { Engine } from './engine';
import type { PanelHost } from './panel';
import type { TrainingController } from './training';
import { newEnvironment } from './newEnvironment';
import { compareObjectives, type CompareDeps } from './compareObjectives';
import { compareRuns, deleteRuns, openComparison, openReport, openRun, rerun, runDirsOf, type DeletePrompt, type ReportOpener } from './runActions';
import type { RunsView, RunsViewNode } from './runsView';
import type { SampleLine } from '../src/run/runStore';

export interface CommandContext {
  engine: Engine;
  diagnostics: DiagnosticsController;
  training: TrainingController;
  panel: PanelHost;
  log: vscode.LogOutputChannel;
  runs: {
    view: RunsView;
    extensionUri: vscode.Uri;
    /** Replaceable only through the extension's test API (extension mode Test); the product always asks. */
    deletePrompt: DeletePrompt;
    /** Likewise: the product opens the report in the browser (or reveals it in a remote window). */
    reportOpener: ReportOpener;
  };
  compare: CompareDeps;
}

interface CommandSpec<R> {
  /** Acts on a .gfn.ts: the command gets its URI, or returns `none` when there is none. */
  file: boolean;
  /** Runs workspace code: refused in Restricted Mode. */
  runsUserCode: boolean;
  /** What the command returns when it does not run. */
  none: R;
  /** `selection`: the selected items, when the command runs from a tree view that allows several (the runs view). */
  run(ctx: CommandContext, uri: vscode.Uri, arg: unknown, selection: unknown): Promise<R>;
}

const document = (uri: vscode.Uri) => vscode.workspace.openTextDocument(uri);

const COMMANDS = {
  'gflownet.validate': {
    file: true,
    runsUserCode: true,
    none: undefined,
    run: async (ctx, uri) => ctx.diagnostics.validate(await document(uri)),
  } satisfies CommandSpec<ValidationResult | undefined>,
  'gflownet.train': {
    file: true,
    runsUserCode: true,
    none: undefined,
    run: async (ctx, uri) => {
      const doc = await document(uri);
      // Training reads the file from disk: unsaved edits would be silently ignored otherwise.
      if (doc.isDirty) await doc.save();
      try {
        return (await ctx.training.train(uri.fsPath))?.summary;
      } finally {
        // The watcher would see the new run too; this makes it show the moment the run ends.
        ctx.runs.view.refresh();
      }
    },
  } satisfies CommandSpec<TrainSummary | undefined>,
  'gflownet.compareObjectives': {
    file: true,
    runsUserCode: true,
    none: undefined,
    run: async (ctx, uri) => {
      const doc = await document(uri);
      // Like Train: the runs read the file from disk.
      if (doc.isDirty) await doc.save();
      try {
        return await compareObjectives(ctx.compare, uri.fsPath);
      } finally {
        ctx.runs.view.refresh();
      }
    },
  } satisfies CommandSpec<Comparison | undefined>,
  'gflownet.sample': {
    file: true,
    runsUserCode: true,
    none: [],
    run: (ctx, uri) => ctx.training.sample(uri.fsPath),
  } satisfies CommandSpec<SampleLine[]>,
  'gflownet.showFlowGraph': {
    file: true,
    runsUserCode: true,
    none: undefined,
    run: async (ctx, uri) => {
      const known = ctx.training.graphFor(uri.fsPath);
      if (known) {
        ctx.panel.showGraph(known);
        return known.nodes.length;
      }
      const { result, graph } = await ctx.engine.graph(uri.fsPath, (await document(uri)).getText());
      if (!graph) {
        const errors = result?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
        void vscode.window.showErrorMessage(
          `GFlowNet: ${path.basename(uri.fsPath)} has ${errors} error${errors === 1 ? '' : 's'}; fix them (see Problems) to see its flow graph.`,
        );
        return undefined;
      }
      ctx.panel.showGraph(graph, `Exact flows of ${graph.name} under the uniform backward policy (not trained yet)`);
      return graph.nodes.length;
    },
  } satisfies CommandSpec<number | undefined>,
  'gflownet.stopTraining': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: async (ctx) => {
      if (!ctx.training.running) {
        void vscode.window.showInformationMessage('GFlowNet: no training is running.');
        return;
      }
      await ctx.training.stop();
    },
  } satisfies CommandSpec<void>,
  'gflownet.newEnvironment': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: (_ctx, _uri, arg) => newEnvironment(arg),
  } satisfies CommandSpec<vscode.Uri | undefined>,
  // The runs view's actions (extension/runActions.ts): they act on run directories, not on the active file.
  'gflownet.runs.open': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: async (ctx, _uri, arg, selection) => openRun(ctx.panel, runDirsOf(arg, selection)),
  } satisfies CommandSpec<number | undefined>,
  'gflownet.runs.compare': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: async (ctx, _uri, arg, selection) => compareRuns(ctx.panel, runDirsOf(arg, selection)),
  } satisfies CommandSpec<Comparison | undefined>,
  'gflownet.runs.openComparison': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: async (ctx, _uri, arg) => openComparison(ctx.panel, arg),
  } satisfies CommandSpec<Comparison | undefined>,
  'gflownet.runs.rerun': {
    file: false,
    // Trains the run's .gfn.ts again: workspace code.
    runsUserCode: true,
    none: undefined,
    run: async (ctx, _uri, arg, selection) => {
      try {
        return await rerun(ctx.training, runDirsOf(arg, selection));
      } finally {
        ctx.runs.view.refresh();
      }
    },
  } satisfies CommandSpec<TrainSummary | undefined>,
  'gflownet.runs.openReport': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: (ctx, _uri, arg, selection) => openReport(ctx.runs.extensionUri, runDirsOf(arg, selection), ctx.runs.reportOpener),
  } satisfies CommandSpec<vscode.Uri | undefined>,
  'gflownet.runs.delete': {
    file: false,
    runsUserCode: false,
    none: [],
    run: async (ctx, _uri, arg, selection) => {
      const deleted = await deleteRuns(runDirsOf(arg, selection), ctx.runs.deletePrompt);
      if (deleted.length > 0) ctx.runs.view.refresh();
      return deleted;
    },
  } satisfies CommandSpec<string[]>,
  'gflownet.runs.refresh': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: async (ctx) => ctx.runs.view.refresh(),
  } satisfies CommandSpec<void>,
  'gflownet.showLog': {
    file: false,
    runsUserCode: false,
    none: undefined,
    run: async (ctx) => ctx.log.show(),
  } satisfies CommandSpec<void>,
};

/** The names of the commands, as package.json's `contributes.commands` must list them. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/**
 * The .gfn.ts a command acts on: its argument (CodeLens, explorer, an environment of the runs view), else the active
 * editor, else the user picks.
 */
async function targetFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as RunsViewNode | undefined;
  if (node?.kind === 'environment' && node.file) return vscode.Uri.file(node.file);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isGfnDocument(active)) return active.uri;
  const files = await vscode.workspace.findFiles('**/*.gfn.ts', '**/node_modules/**', 200);
  if (files.length === 0) {
    void vscode.window.showWarningMessage('GFlowNet: no .gfn.ts file in this workspace. Create one that default-exports defineEnvironment({...}).');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const pick = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Which environment?' },
  );
  return pick?.uri;
}

/** The trust gate: true in a trusted workspace; otherwise says why nothing runs and offers to manage trust. */
function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage('GFlowNet Studio runs the code of .gfn.ts files, which Restricted Mode forbids. Trust this workspace to continue.', 'Manage Workspace Trust')
    .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([name, spec]: [string, CommandSpec<unknown>]) =>
    vscode.commands.registerCommand(name, async (arg: unknown, selection: unknown) => {
      const uri = spec.file ? await targetFile(arg) : undefined;
      if (spec.file && !uri) return spec.none;
      if (spec.runsUserCode && !trusted()) return spec.none;
      return spec.run(ctx, uri as vscode.Uri, arg, selection);
    }),
  );
}
