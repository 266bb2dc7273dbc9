/**
 * GFlowNet Studio's entry point: wires each engine capability to its VS Code surface (diagnostics, CodeLens,
 * commands, status bar, panel). No GFlowNet math here; user code runs only in the sandbox worker, and only in a
 * trusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainSummary, ValidationResult } from '../shared/protocol';
import { GfnCodeLensProvider } from './codeLens';
import { DiagnosticsController, isGfnDocument } from './diagnostics';
import { Engine } from './engine';
import { PanelHost, askExportTarget, type ExportTargetPicker, type RenderReport } from './panel';
import { StatusBar, statusText } from './statusBar';
import { TrainingController, askRestart, type RestartPrompt, type RunResult, type SampledObject } from './training';

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
  /** Sandbox workers running now (validation or training). */
  readonly liveJobs: number;
  /** Progress messages received from trainers since activation. */
  readonly progressCount: number;
  /** The last finished run (cancelled or not), if any. */
  readonly lastRun: RunResult | undefined;
  /** Flow graph panels brought back by the WebviewPanelSerializer since activation. */
  readonly restoredPanels: number;
  readonly onDidExport: vscode.Event<vscode.Uri>;
  /** Present only when the extension host runs tests (ExtensionMode.Test): the product's prompts never change. */
  readonly testing?: GfnStudioTesting;
}

/** Answers for the prompts a test cannot click; undefined restores the real prompt. */
export interface GfnStudioTesting {
  setRestartPrompt(prompt: RestartPrompt | undefined): void;
  setExportTarget(picker: ExportTargetPicker | undefined): void;
}

/** The .gfn.ts a command acts on: its argument (CodeLens, explorer), else the active editor, else the user picks. */
async function targetFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
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

export function activate(context: vscode.ExtensionContext): GfnStudioApi {
  const log = vscode.window.createOutputChannel('GFlowNet Studio', { log: true });
  const engine = new Engine();
  const status = new StatusBar();
  const panel = new PanelHost(context.extensionUri, log);
  const diagnostics = new DiagnosticsController(engine, log);
  const codeLens = new GfnCodeLensProvider(diagnostics);
  const storage = context.storageUri ?? context.globalStorageUri;
  const training = new TrainingController(engine, panel, status, log, storage);
  context.subscriptions.push(log, status, panel, diagnostics, codeLens, training, engine);

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

  const requireTrust = (): boolean => {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window
      .showWarningMessage('GFlowNet Studio runs the code of .gfn.ts files, which Restricted Mode forbids. Trust this workspace to continue.', 'Manage Workspace Trust')
      .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    return false;
  };
  const documentFor = (uri: vscode.Uri) => vscode.workspace.openTextDocument(uri);
  const codeLensRefresh = () => diagnostics.validateOpenDocuments();

  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'typescript', scheme: 'file', pattern: '**/*.gfn.ts' }, codeLens),
    vscode.commands.registerCommand('gflownet.validate', async (arg: unknown): Promise<ValidationResult | undefined> => {
      const uri = await targetFile(arg);
      if (!uri || !requireTrust()) return undefined;
      return diagnostics.validate(await documentFor(uri));
    }),
    vscode.commands.registerCommand('gflownet.train', async (arg: unknown): Promise<TrainSummary | undefined> => {
      const uri = await targetFile(arg);
      if (!uri || !requireTrust()) return undefined;
      const document = await documentFor(uri);
      // Training reads the file from disk: unsaved edits would be silently ignored otherwise.
      if (document.isDirty) await document.save();
      const run: RunResult | undefined = await training.train(uri.fsPath);
      return run?.summary;
    }),
    vscode.commands.registerCommand('gflownet.stopTraining', async () => {
      if (!training.running) {
        void vscode.window.showInformationMessage('GFlowNet: no training is running.');
        return;
      }
      await training.stop();
    }),
    vscode.commands.registerCommand('gflownet.sample', async (arg: unknown): Promise<SampledObject[]> => {
      const uri = await targetFile(arg);
      if (!uri || !requireTrust()) return [];
      return training.sample(uri.fsPath);
    }),
    vscode.commands.registerCommand('gflownet.showFlowGraph', async (arg: unknown): Promise<number | undefined> => {
      const uri = await targetFile(arg);
      if (!uri || !requireTrust()) return undefined;
      const known = training.graphFor(uri.fsPath);
      if (known) {
        panel.showGraph(known);
        return known.nodes.length;
      }
      const document = await documentFor(uri);
      const { result, graph } = await engine.graph(uri.fsPath, document.getText());
      if (!graph) {
        const errors = result?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
        void vscode.window.showErrorMessage(
          `GFlowNet: ${path.basename(uri.fsPath)} has ${errors} error${errors === 1 ? '' : 's'}; fix them (see Problems) to see its flow graph.`,
        );
        return undefined;
      }
      panel.showGraph(graph, `Exact flows of ${graph.name} under the uniform backward policy (not trained yet)`);
      return graph.nodes.length;
    }),
    vscode.commands.registerCommand('gflownet.showLog', () => log.show()),
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
    testing:
      context.extensionMode === vscode.ExtensionMode.Test
        ? {
            setRestartPrompt: (prompt) => {
              training.restartPrompt = prompt ?? askRestart;
            },
            setExportTarget: (picker) => {
              panel.exportTarget = picker ?? askExportTarget;
            },
          }
        : undefined,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the training worker is aborted by TrainingController).
}
