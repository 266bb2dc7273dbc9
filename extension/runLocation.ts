/**
 * Where the extension keeps runs: in the workspace folder of the trained .gfn.ts, under gflownet.runsFolder
 * (`.gflownet/runs` by default), where the user sees them and can commit them; a file outside every workspace
 * folder falls back to the extension's storage (`runs/` there), the only place that is surely writable.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { settings } from './config';

export class RunLocation {
  constructor(private readonly storage: vscode.Uri) {}

  /** The runs folder of the extension's storage: runs of files outside the workspace. */
  get fallback(): string {
    return path.join(this.storage.fsPath, 'runs');
  }

  /** The runs folder of one workspace folder (an absolute gflownet.runsFolder stands as it is). */
  rootOf(folder: vscode.WorkspaceFolder): string {
    return path.resolve(folder.uri.fsPath, settings().runsFolder);
  }

  /** The runs folder for `file` (a .gfn.ts path). */
  rootFor(file: string): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    return folder ? this.rootOf(folder) : this.fallback;
  }

  /** Every runs folder the runs view lists: each workspace folder's, then the storage's. */
  roots(): string[] {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => this.rootOf(f));
    return [...new Set([...roots, this.fallback])];
  }
}
