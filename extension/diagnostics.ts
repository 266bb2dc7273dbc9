/**
 * Live diagnostics for `.gfn.ts` documents: the engine validates the document's text in the sandbox process on open,
 * on edit (debounced) or on save (setting `gflownet.validate.trigger`), and the results land in the Problems panel
 * with their stable codes and related locations (the path of a cycle). A result for a document version that has
 * since changed is dropped, and a newer request aborts the older one's worker.
 */
import * as vscode from 'vscode';
import type { Diagnostic as EngineDiagnostic, Severity, ValidationResult } from '../shared/diagnostics';
import { Engine, UntrustedWorkspaceError } from './engine';
import { settings, type Config } from './config';

export const DIAGNOSTIC_SOURCE = 'GFlowNet';

export function isGfnDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.fileName.endsWith('.gfn.ts');
}

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** Engine locations are 1-based; a location without an end covers the word there (or the rest of the line). */
function toRange(document: vscode.TextDocument, loc: { line: number; column: number; endLine?: number; endColumn?: number }): vscode.Range {
  const line = Math.min(Math.max(loc.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const lineText = document.lineAt(line);
  const start = new vscode.Position(line, Math.min(Math.max(loc.column - 1, 0), lineText.range.end.character));
  if (loc.endLine !== undefined && loc.endColumn !== undefined) {
    return new vscode.Range(start, document.validatePosition(new vscode.Position(loc.endLine - 1, loc.endColumn - 1)));
  }
  const word = document.getWordRangeAtPosition(start);
  if (word && !word.isEmpty) return word;
  return new vscode.Range(start, lineText.range.end.isAfter(start) ? lineText.range.end : start);
}

export function toVscodeDiagnostic(document: vscode.TextDocument, d: EngineDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(document, d), d.message, severities[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  if (d.related && d.related.length > 0) {
    diagnostic.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(document, r)), r.message),
    );
  }
  return diagnostic;
}

interface Pending {
  version: number;
  controller: AbortController;
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gflownet');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Map<string, Pending>();
  private readonly results = new Map<string, { version: number; result: ValidationResult }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when a document's validation result (and so its summary) changes. */
  readonly onDidChangeResult = this.changed.event;

  constructor(
    private readonly engine: Engine,
    private readonly log: vscode.LogOutputChannel,
    config: Config,
  ) {
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const { validateTrigger, debounceMs } = settings();
        if (validateTrigger === 'onType' && e.contentChanges.length > 0) this.schedule(e.document, debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.validateOpenDocuments()),
      // The budget and the limits change the results: show the new ones without waiting for an edit.
      config.onChange(['maxStates', 'callTimeLimitMs', 'memoryLimitMb'], () => this.validateOpenDocuments()),
    );
  }

  validateOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** The last result for the document's current version, if any. */
  resultFor(document: vscode.TextDocument): ValidationResult | undefined {
    const entry = this.results.get(document.uri.toString());
    return entry && entry.version === document.version ? entry.result : undefined;
  }

  /** The last result whatever its version (the CodeLens keeps showing it while a new one is computed). */
  lastResult(uri: vscode.Uri): ValidationResult | undefined {
    return this.results.get(uri.toString())?.result;
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isGfnDocument(document) || !vscode.workspace.isTrusted) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(document);
      }, delayMs),
    );
  }

  /** Validates the document's current text now. Resolves to undefined when a newer edit made the result stale. */
  async validate(document: vscode.TextDocument): Promise<ValidationResult | undefined> {
    const key = document.uri.toString();
    this.pending.get(key)?.controller.abort();
    const request: Pending = { version: document.version, controller: new AbortController() };
    this.pending.set(key, request);
    const started = Date.now();
    let result: ValidationResult;
    try {
      result = await this.engine.validate(document.fileName, document.getText(), request.controller.signal);
    } catch (error) {
      if (request.controller.signal.aborted) return undefined;
      if (error instanceof UntrustedWorkspaceError) return undefined;
      this.log.error(`validation of ${document.fileName} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      if (this.pending.get(key) === request) this.pending.delete(key);
    }
    // Stale: the text changed (or the document closed) while the sandbox ran; the newer request will publish.
    if (request.controller.signal.aborted || document.isClosed || document.version !== request.version) return undefined;
    this.results.set(key, { version: request.version, result });
    this.collection.set(document.uri, result.diagnostics.map((d) => toVscodeDiagnostic(document, d)));
    const s = result.summary;
    this.log.info(
      `validated ${vscode.workspace.asRelativePath(document.uri)} v${request.version} in ${Date.now() - started} ms: ` +
        `${result.diagnostics.length} diagnostic(s)` +
        (s ? `, ${s.states} states, ${s.terminals} terminals${s.complete ? '' : ' (incomplete)'}` : ''),
    );
    this.changed.fire(document.uri);
    return result;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.pending.get(key)?.controller.abort();
    this.pending.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const p of this.pending.values()) p.controller.abort();
    for (const d of this.disposables) d.dispose();
  }
}
