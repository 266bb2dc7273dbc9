/**
 * GFlowNet Studio's entry point: wires each engine capability to its VS Code surface (diagnostics, CodeLens,
 * commands (extension/commands.ts), status bar, panel, the runs view of the activity bar). No GFlowNet math here; user code runs only in the sandbox
 * process, and only in a trusted workspace.
 */
import * as vscode from 'vscode';
import { GfnCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { DiagnosticsController, isGfnDocument } from './diagnostics';
import { Config } from './config';
import { Engine } from './engine';
import { PanelHost, askExportTarget, type ExportTargetPicker, type RenderReport } from './panel';
import type { Comparison } from '../shared/comparison';
import { askDelete, openInBrowser, type DeletePrompt, type ReportOpener } from './runActions';
import { RunLocation } from './runLocation';
import { RUNS_VIEW_ID, RunsView } from './runsView';
import { pickObjectives, type ObjectivePicker } from './compareObjectives';
import { StatusBar, statusText } from './statusBar';
import { TrainingController, askRestart, type RestartPrompt, type RunResult } from './training';

/** One environment of the runs view as the tests read it: the tree items' own texts. */
export interface RunsTreeEntry {
  file: string | null;
  label: string;
  description: string;
  runs: { dir: string; label: string; description: string; tooltip: string; contextValue: string }[];
  comparisons: { dir: string; label: string; description: string }[];
}

/** What activate() returns: used by the integration tests in test/vscode/ (and usable by other extensions). */
export interface GfnStudioApi {
  /** Sandbox jobs started since activation; each may run workspace code. Stays 0 in Restricted Mode. */
  readonly jobsStarted: number;
  readonly lastRender: RenderReport | undefined;
  readonly onDidRender: vscode.Event<RenderReport>;
  readonly statusText: string;
  /** The status bar item's text, codicons included (e.g. `$(debug-stop)` for a stopped run). */
  readonly statusBarText: string;
  readonly training: boolean;
  /** Sandbox processes running now (validation or training). */
  readonly liveJobs: number;
  /** Progress messages received from trainers since activation. */
  readonly progressCount: number;
  /** The training diagnosis notifications the latest run showed (extension/diagnosisNotices.ts). */
  readonly diagnosisNotices: readonly string[];
  /** The last finished run (cancelled or not), if any. */
  readonly lastRun: RunResult | undefined;
  /** Flow graph panels brought back by the WebviewPanelSerializer since activation. */
  readonly restoredPanels: number;
  readonly onDidExport: vscode.Event<vscode.Uri>;
  /** The last comparison posted to the panel (the runs view's Compare Selected Runs). */
  readonly lastComparison: Comparison | undefined;
  /** The runs view's tree, through its TreeDataProvider (as read since its last refresh). */
  runsTree(): Promise<RunsTreeEntry[]>;
  /** Times the runs view read the runs folders again (each refresh: a watcher event, a Train's end, a deletion). */
  readonly runsReloads: number;
  /** Present only when the extension host runs tests (ExtensionMode.Test): the product's prompts never change. */
  readonly testing?: GfnStudioTesting;
}

/** Answers for the prompts a test cannot click; undefined restores the real prompt. */
export interface GfnStudioTesting {
  setRestartPrompt(prompt: RestartPrompt | undefined): void;
  setExportTarget(picker: ExportTargetPicker | undefined): void;
  setDeletePrompt(prompt: DeletePrompt | undefined): void;
  setReportOpener(opener: ReportOpener | undefined): void;
  /** The quick pick of GFlowNet: Compare Objectives. */
  setObjectivePicker(picker: ObjectivePicker | undefined): void;
}

/** The text of a tree item's label or tooltip, whichever form it takes. */
function itemText(value: string | vscode.TreeItemLabel | vscode.MarkdownString | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return 'label' in value ? value.label : value.value;
}

export function activate(context: vscode.ExtensionContext): GfnStudioApi {
  const log = vscode.window.createOutputChannel('GFlowNet Studio', { log: true });
  const engine = new Engine();
  const status = new StatusBar();
  const panel = new PanelHost(context.extensionUri, log);
  const config = new Config(log);
  const diagnostics = new DiagnosticsController(engine, log, config);
  const codeLens = new GfnCodeLensProvider(diagnostics);
  const storage = context.storageUri ?? context.globalStorageUri;
  const location = new RunLocation(storage);
  const training = new TrainingController(engine, panel, status, log, location);
  const runsView = new RunsView(location, log, config);
  const runs = { view: runsView, extensionUri: context.extensionUri, deletePrompt: askDelete, reportOpener: openInBrowser };
  const compare = { panel, log, runsRoot: (file: string) => location.rootFor(file), pick: pickObjectives };
  context.subscriptions.push(log, config, status, panel, diagnostics, codeLens, training, engine, runsView);
  context.subscriptions.push(vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: runsView, canSelectMany: true, showCollapseAll: true }));

  const showTrust = () => {
    status.set(vscode.workspace.isTrusted ? { kind: 'idle' } : { kind: 'restricted' });
    if (!vscode.workspace.isTrusted) log.info('Restricted Mode: GFlowNet Studio runs no workspace code (no validation, training or flow graph).');
  };
  showTrust();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      showTrust();
      codeLensRefresh();
    }),
  );

  const codeLensRefresh = () => diagnostics.validateOpenDocuments();
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'typescript', scheme: 'file', pattern: '**/*.gfn.ts' }, codeLens),
    ...registerCommands({ engine, diagnostics, training, panel, log, runs, compare }),
  );

  // Contexts for menus: whether a .gfn.ts is active, whether the workspace has any.
  const updateActive = () =>
    vscode.commands.executeCommand('setContext', 'gflownet.gfnFileActive', !!vscode.window.activeTextEditor && isGfnDocument(vscode.window.activeTextEditor.document));
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(updateActive));
  void updateActive();
  void vscode.workspace.findFiles('**/*.gfn.ts', '**/node_modules/**', 1).then((f) => vscode.commands.executeCommand('setContext', 'gflownet.hasGfnFiles', f.length > 0));

  diagnostics.validateOpenDocuments();
  log.info(`GFlowNet Studio activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'})`);

  return {
    get jobsStarted() {
      return engine.jobsStarted;
    },
    get lastRender() {
      return panel.lastRender;
    },
    onDidRender: panel.onDidRender,
    get statusText() {
      return status.state.kind === 'restricted' ? 'restricted' : status.state.kind;
    },
    get statusBarText() {
      return statusText(status.state);
    },
    get training() {
      return training.running;
    },
    get liveJobs() {
      return engine.liveJobs;
    },
    get diagnosisNotices() {
      return training.diagnosisNotices;
    },
    get progressCount() {
      return training.progressCount;
    },
    get lastRun() {
      return training.lastRun;
    },
    get restoredPanels() {
      return panel.restoredPanels;
    },
    onDidExport: panel.onDidExport,
    get lastComparison() {
      return panel.lastComparison;
    },
    runsTree: async () =>
      Promise.all(
        (await runsView.environments()).map(async (env) => {
          const item = runsView.getTreeItem(env);
          return {
            file: env.file,
            label: itemText(item.label),
            description: typeof item.description === 'string' ? item.description : '',
            runs: env.runs.map((r) => {
              const run = runsView.getTreeItem(r);
              return {
                dir: r.run.dir,
                label: itemText(run.label),
                description: typeof run.description === 'string' ? run.description : '',
                tooltip: itemText(run.tooltip),
                contextValue: run.contextValue ?? '',
              };
            }),
            comparisons: env.comparisons.map((c) => {
              const item = runsView.getTreeItem(c);
              return { dir: c.dir, label: itemText(item.label), description: typeof item.description === 'string' ? item.description : '' };
            }),
          };
        }),
      ),
    get runsReloads() {
      return runsView.reloads;
    },
    testing:
      context.extensionMode === vscode.ExtensionMode.Test
        ? {
            setRestartPrompt: (prompt) => {
              training.restartPrompt = prompt ?? askRestart;
            },
            setExportTarget: (picker) => {
              panel.exportTarget = picker ?? askExportTarget;
            },
            setDeletePrompt: (prompt) => {
              runs.deletePrompt = prompt ?? askDelete;
            },
            setReportOpener: (opener) => {
              runs.reportOpener = opener ?? openInBrowser;
            },
            setObjectivePicker: (picker) => {
              compare.pick = picker ?? pickObjectives;
            },
          }
        : undefined,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (a training run is aborted by TrainingController).
}
