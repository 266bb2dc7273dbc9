/**
 * "GFlowNet: New Environment": a quick pick of the templates (src/authoring/templates.ts, the same as `gfn init`),
 * a file name, then the file written into the workspace and opened. An existing file is never overwritten.
 * Tests pass `{ template, file }` to skip the prompts.
 */
import * as vscode from 'vscode';
import { DEFAULT_TEMPLATE, environmentFileName, templateText, TEMPLATES } from '../src/authoring/templates';

interface NewEnvironmentArgs {
  template?: string;
  /** Relative to the first workspace folder, or absolute. */
  file?: string;
}

export async function newEnvironment(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = (typeof arg === 'object' && arg !== null ? arg : {}) as NewEnvironmentArgs;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    void vscode.window.showWarningMessage('GFlowNet: open a folder first: the new environment is written into it.');
    return undefined;
  }
  const template =
    given.template ??
    (
      await vscode.window.showQuickPick(
        TEMPLATES.map((t) => ({ label: t.title, description: t.name === DEFAULT_TEMPLATE ? 'start from scratch' : undefined, detail: t.description, name: t.name })),
        { title: 'GFlowNet: New Environment', placeHolder: 'Start from which template?' },
      )
    )?.name;
  if (!template) return undefined;
  const name =
    given.file ??
    (await vscode.window.showInputBox({
      title: 'GFlowNet: New Environment',
      prompt: 'File name, in the workspace folder (.gfn.ts is added when missing)',
      value: `${template === DEFAULT_TEMPLATE ? 'my-environment' : template}.gfn.ts`,
      validateInput: (value) => (value.trim() ? undefined : 'a file name, e.g. my-environment.gfn.ts'),
    }));
  if (!name) return undefined;
  const fileName = environmentFileName(name.trim());
  const uri = fileName.startsWith('/') ? vscode.Uri.file(fileName) : vscode.Uri.joinPath(folder, fileName);
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showErrorMessage(`GFlowNet: ${vscode.workspace.asRelativePath(uri)} exists: choose another name.`);
    return undefined;
  } catch {
    // Not there: write it.
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(templateText(template)));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
