/**
 * The flow graph panel's host: one webview panel built from the page shell (shared/pageShell.ts: strict CSP with a nonce,
 * the bundle dist/webview.js through asWebviewUri), fed with the protocol's ToWebview messages, restored after a
 * reload by a WebviewPanelSerializer (the page keeps its own data through setState).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { makeNonce, panelHtml } from '../shared/pageShell';
import type { Comparison } from '../shared/comparison';
import type { FlowGraph } from '../shared/flowGraph';
import type { FromWebview, ToWebview } from '../shared/protocol';

export const PANEL_VIEW_TYPE = 'gflownet.flowGraph';

/** The page's own measurement of its first full paint of a graph (webview/README.md). */
export interface RenderReport {
  ms: number;
  nodes: number;
  edges: number;
  at: number;
}

/** Where an export goes; undefined when the user cancels. The product asks with a save dialog. */
export type ExportTargetPicker = (kind: 'png' | 'json', defaultUri: vscode.Uri | undefined) => Thenable<vscode.Uri | undefined>;

export const askExportTarget: ExportTargetPicker = (kind, defaultUri) =>
  vscode.window.showSaveDialog({
    defaultUri,
    filters: kind === 'png' ? { 'PNG image': ['png'] } : { JSON: ['json'] },
  });

function isFromWebview(value: unknown): value is FromWebview {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export class PanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: ToWebview[] = [];
  private readonly rendered = new vscode.EventEmitter<RenderReport>();
  private readonly exported = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.rendered, this.exported];
  /** Fires when the page reports a full paint of a graph. */
  readonly onDidRender = this.rendered.event;
  /** Fires when an export (PNG or JSON) has been written. */
  readonly onDidExport = this.exported.event;
  lastRender: RenderReport | undefined;
  /** The last comparison sent to the page (the page's Compare view draws it). */
  lastComparison: Comparison | undefined;
  /** Panels brought back by the serializer after a reload (since activation). */
  restoredPanels = 0;
  /** Replaceable only through the extension's test API (extension mode Test); the product always asks. */
  exportTarget: ExportTargetPicker = askExportTarget;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        // The page restores its graph from its own persisted state (webview/state.ts, setState); the host only
        // gives it back its HTML and message wiring.
        deserializeWebviewPanel: async (panel) => {
          this.restoredPanels += 1;
          this.log.info('flow graph panel restored after a reload');
          this.adopt(panel);
        },
      }),
    );
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  private get distUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist');
  }

  /** Opens the panel (or brings it forward) without taking the focus from the editor. */
  show(title = 'GFlowNet flow graph'): void {
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [this.distUri] },
    );
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.distUri] };
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.distUri, 'webview.js')).toString();
    panel.webview.html = panelHtml({ cspSource: panel.webview.cspSource, nonce: makeNonce(), script: { uri: script }, title: panel.title });
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.ready = false;
        }
      },
      undefined,
      this.disposables,
    );
  }

  /** Messages sent before the page says 'ready' wait in order; the graph replaces any earlier queued graph. */
  post(message: ToWebview): void {
    if (!this.panel) return;
    if (message.type === 'comparison') this.lastComparison = message.comparison;
    if (this.ready) {
      void this.panel.webview.postMessage(message);
      return;
    }
    if (message.type === 'graph') this.queue = this.queue.filter((m) => m.type !== 'graph' && m.type !== 'flows');
    this.queue.push(message);
  }

  /** `status`: the toolbar line, so the panel never shows the previous run's text beside a new graph. */
  showGraph(graph: FlowGraph, status?: string, run?: string): void {
    this.show(`Flow graph: ${graph.name}`);
    this.post({ type: 'graph', graph, run });
    if (status) this.post({ type: 'status', text: status });
  }

  private receive(message: unknown): void {
    if (!isFromWebview(message)) return;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        for (const m of queued) void this.panel?.webview.postMessage(m);
        break;
      }
      case 'rendered':
        this.lastRender = { ms: message.ms, nodes: message.nodes, edges: message.edges, at: Date.now() };
        this.log.info(`panel drew ${message.nodes} nodes and ${message.edges} edges in ${message.ms} ms`);
        this.rendered.fire(this.lastRender);
        break;
      case 'exportPng':
        void this.saveExport(message.dataUrl, 'png');
        break;
      case 'exportJson':
        void this.saveExport(message.json, 'json');
        break;
    }
  }

  private async saveExport(content: string, kind: 'png' | 'json'): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await this.exportTarget(kind, folder ? vscode.Uri.joinPath(folder, `flow-graph.${kind}`) : undefined);
    if (!target) return;
    const bytes =
      kind === 'png'
        ? Buffer.from(content.replace(/^data:image\/png;base64,/, ''), 'base64')
        : Buffer.from(content, 'utf8');
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error(`export to ${target.fsPath} failed: ${reason}`);
      void vscode.window.showErrorMessage(`GFlowNet: could not save ${path.basename(target.fsPath)}: ${reason}`);
      return;
    }
    this.log.info(`exported the flow graph to ${target.fsPath} (${bytes.length} bytes)`);
    this.exported.fire(target);
    void vscode.window.showInformationMessage(`Saved ${path.basename(target.fsPath)}`);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
