/**
 * Integration tests in Restricted Mode (code-server started without --disable-workspace-trust): the extension
 * activates in limited mode, says so, and runs no workspace code: no sandbox job, no diagnostics from validation,
 * and a canary .gfn.ts whose top-level code would write a file leaves no file.
 */
import * as vscode from 'vscode';
import { assert, gfnDiagnostics, sleep, studio, workspaceUri, type TestCase } from './util';

export const restrictedTests: TestCase[] = [
  {
    name: 'the workspace is in Restricted Mode and the status bar says so',
    async run() {
      assert(!vscode.workspace.isTrusted, 'workspace is not trusted');
      const api = await studio();
      assert(api.statusText === 'restricted', `status shows Restricted Mode, got ${api.statusText}`);
    },
  },
  {
    name: 'opening, validating and training a .gfn.ts runs no user code',
    async run() {
      const api = await studio();
      const canary = workspaceUri('canary.gfn.ts');
      const marker = workspaceUri('canary-ran.txt');
      // Would write the marker if it were ever evaluated (the loader evaluates the top-level code).
      await vscode.workspace.fs.writeFile(
        canary,
        Buffer.from(
          [
            "import { defineEnvironment } from 'gflownet-studio';",
            "import { writeFileSync } from 'node:fs';",
            `writeFileSync(${JSON.stringify(marker.fsPath)}, 'user code ran');`,
            "export default defineEnvironment({ name: 'canary', initial: 0, actions: (s) => (s < 2 ? [1] : []), step: (s, a) => s + a, reward: () => 1 });",
            '',
          ].join('\n'),
        ),
      );
      const document = await vscode.workspace.openTextDocument(canary);
      await vscode.window.showTextDocument(document);
      const smiley = await vscode.workspace.openTextDocument(workspaceUri('smiley.gfn.ts'));
      await vscode.window.showTextDocument(smiley);
      const validated = await vscode.commands.executeCommand('gflownet.validate', canary);
      const trained = await vscode.commands.executeCommand('gflownet.train', canary);
      const graph = await vscode.commands.executeCommand('gflownet.showFlowGraph', canary);
      // Re-run trains a run's .gfn.ts again: the runs view's one action that runs workspace code.
      const rerun = await vscode.commands.executeCommand('gflownet.runs.rerun', workspaceUri('.gflownet', 'runs', 'canary', '20260101-000000-tb'));
      // Compare Objectives trains the file too (before its quick pick: the trust gate comes first).
      const compared = await vscode.commands.executeCommand('gflownet.compareObjectives', canary);
      await sleep(3000);
      assert(validated === undefined && trained === undefined && graph === undefined && rerun === undefined && compared === undefined, 'commands refuse to run');
      assert(api.jobsStarted === 0, `no sandbox job started, got ${api.jobsStarted}`);
      assert(gfnDiagnostics(canary).length === 0 && gfnDiagnostics(smiley.uri).length === 0, 'no validation diagnostics');
      let markerExists = true;
      try {
        await vscode.workspace.fs.stat(marker);
      } catch {
        markerExists = false;
      }
      assert(!markerExists, 'the canary never ran');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', smiley.uri, 10);
      const titles = lenses.filter((l) => l.command?.command.startsWith('gflownet.')).map((l) => l.command!.title);
      assert(titles.some((t) => t.includes('Restricted Mode')), `the CodeLens says Restricted Mode, got ${titles.join(' | ')}`);
    },
  },
];
