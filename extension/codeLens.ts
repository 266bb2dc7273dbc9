/**
 * The CodeLens above `export default` of a `.gfn.ts`: "Train | Show flow graph | 42 states, 20 terminals, Z = 12".
 * The numbers are the last validation's summary (src/validate/validate.ts), so the lens costs no extra engine work.
 * Z is shown by its size: `Z = 12`, and beyond e^+-100 (where a double would also end, at e^+-709) `log Z = -126.3`.
 */
import * as vscode from 'vscode';
import { formatNamedFromLog } from '../shared/format';
import type { ValidationResult } from '../shared/diagnostics';
import { DiagnosticsController, isGfnDocument } from './diagnostics';

export function summaryTitle(result: ValidationResult | undefined, trusted: boolean): string {
  if (!trusted) return 'Restricted Mode: not validated';
  if (!result) return 'validating…';
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const s = result.summary;
  if (!s) return errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}: see Problems` : 'no summary';
  const parts = [`${s.states.toLocaleString('en-US')} states`, `${s.terminals.toLocaleString('en-US')} terminals`];
  if (!s.complete) parts.push('state budget reached: Z unknown');
  else if (s.logZ !== null) parts.push(formatNamedFromLog('Z', s.logZ));
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/**
 * The 0-based line of the first `export default` at the start of a line, in the unsaved text. Only an anchor for the
 * lens, found as the user types and before any compile; diagnostics are placed by the parser (src/authoring/locate.ts).
 */
export function exportDefaultLine(text: string): number | undefined {
  const m = /^export\s+default\b/m.exec(text);
  return m ? text.slice(0, m.index).split('\n').length - 1 : undefined;
}

export class GfnCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.subscription = diagnostics.onDidChangeResult(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isGfnDocument(document)) return [];
    const line = exportDefaultLine(document.getText());
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    const args = [document.uri];
    const summary = summaryTitle(this.diagnostics.lastResult(document.uri), vscode.workspace.isTrusted);
    return [
      new vscode.CodeLens(range, { title: '$(play) Train', command: 'gflownet.train', arguments: args, tooltip: 'Train a GFlowNet on this environment' }),
      new vscode.CodeLens(range, { title: 'Show flow graph', command: 'gflownet.showFlowGraph', arguments: args, tooltip: 'Open the flow graph panel' }),
      new vscode.CodeLens(range, { title: summary, command: 'gflownet.validate', arguments: args, tooltip: 'Validate again' }),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
