/**
 * The VSIX as a user installs it (test/vscode/vsix.mjs): code-server with gflownet-studio.vsix installed from the
 * file, the project's native esbuild moved out of node_modules, and this module run by a driver extension
 * (test/vscode/vsix/) that only depends on the installed extension. It uses nothing but the public commands, so
 * what it checks is what any user of the VSIX gets: the extension is the installed copy, no native compiler is
 * reachable from it, and smiley validates (diagnostics on the right line) and trains.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainSummary } from '../../shared/trainSummary';
import type { ValidationResult } from '../../shared/diagnostics';
import { assert, codeOf, EXTENSION_ID, gfnDiagnostics, runTests, waitFor, workspaceUri, type TestCase } from './util';

const tests: TestCase[] = [
  {
    name: 'the extension is the installed VSIX, and no native esbuild is reachable from it',
    run: async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert(ext, `${EXTENSION_ID} is installed`);
      const installedIn = process.env.GFN_VSIX_EXTENSIONS_DIR;
      assert(installedIn && ext.extensionPath.startsWith(installedIn), `${ext.extensionPath} is under the extensions directory ${installedIn}`);
      await ext.activate();
      const fromExtension = createRequire(join(ext.extensionPath, 'package.json'));
      let nativeEsbuild: string | undefined;
      try {
        nativeEsbuild = fromExtension.resolve('esbuild');
      } catch {
        // Expected: the VSIX carries esbuild-wasm only.
      }
      assert(nativeEsbuild === undefined, `esbuild resolves to ${nativeEsbuild} from the installed extension`);
      assert(existsSync(join(ext.extensionPath, 'node_modules', 'esbuild-wasm')), 'the VSIX carries esbuild-wasm');
    },
  },
  {
    name: 'smiley validates: 42 states, 20 terminals, log Z = log 12, its zero-reward warning in Problems',
    run: async () => {
      const uri = workspaceUri('smiley.gfn.ts');
      await vscode.window.showTextDocument(uri);
      const result = await vscode.commands.executeCommand<ValidationResult | undefined>('gflownet.validate', uri);
      assert(result?.ok && result.summary, `validation ran: ${JSON.stringify(result)}`);
      assert(result.summary.states === 42 && result.summary.terminals === 20, `counts ${JSON.stringify(result.summary)}`);
      assert(Math.abs((result.summary.logZ ?? NaN) - Math.log(12)) < 1e-9, `log Z ${result.summary.logZ}`);
      await waitFor('the zero-reward warning', () => (gfnDiagnostics(uri).some((d) => codeOf(d) === 'zero-reward') ? true : undefined));
    },
  },
  {
    name: 'a user exception sits on the line of its throw (source maps through esbuild-wasm)',
    run: async () => {
      const uri = workspaceUri('broken', 'user-exception.gfn.ts');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => l.includes('throw new Error'));
      const d = await waitFor('the user-exception diagnostic', () => gfnDiagnostics(uri).find((x) => codeOf(x) === 'user-exception'));
      assert(d.severity === vscode.DiagnosticSeverity.Error, 'it is an error');
      assert(d.range.start.line === line, `on line ${d.range.start.line + 1}, the throw is on line ${line + 1}`);
      assert(/"a"/.test(d.message) && /"b"/.test(d.message), `it names the state and the action: ${d.message}`);
    },
  },
  {
    // A platform VSIX (npm run package -- --target linux-x64) carries onnxruntime-node and trains on it; the universal
    // one falls back to wasm (src/train/compute.ts).
    name: 'smiley trains to TV <= 0.05 on the native engine where the VSIX carries it, else on wasm',
    run: async () => {
      const train = vscode.workspace.getConfiguration('gflownet.train');
      await train.update('iterations', 1000, vscode.ConfigurationTarget.Workspace);
      await train.update('seed', 1, vscode.ConfigurationTarget.Workspace);
      const summary = await vscode.commands.executeCommand<TrainSummary | undefined>('gflownet.train', workspaceUri('smiley.gfn.ts'));
      assert(summary, 'training returned a summary');
      assert(summary.iterations === 1000, `${summary.iterations} iterations`);
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const carriesNative = existsSync(join(ext.extensionPath, 'node_modules', 'onnxruntime-node'));
      assert(summary.backendName === (carriesNative ? 'native' : 'wasm'), `backend ${summary.backend} (the VSIX ${carriesNative ? 'carries' : 'has no'} onnxruntime-node)`);
      assert(summary.tv !== null && summary.tv <= 0.05, `exact TV ${summary.tv}`);
      console.log(`METRIC vsix smiley: TV ${summary.tv.toFixed(4)}, log Z ${summary.logZ.toFixed(3)} (true ${Math.log(12).toFixed(3)}), ${summary.trajectoriesPerSecond.toFixed(0)} trajectories/s, ${summary.backend}`);
    },
  },
];

export async function run(): Promise<void> {
  await runTests('vsix', tests);
}
