/**
 * A minimal test runner and waiting helpers for tests inside the VS Code extension host. No mocha: the host gives us
 * `run(): Promise<void>`, and a rejection becomes the process's exit code. console.log reaches the test driver
 * (code-server: codeAutomationLog; test-electron: stdout).
 */
import * as vscode from 'vscode';
import type { GfnStudioApi } from '../../extension/extension';

export interface TestCase {
  name: string;
  run: () => Promise<void>;
}

export async function runTests(suite: string, all: TestCase[]): Promise<void> {
  const failures: string[] = [];
  // GFN_TEST_GREP (set by the driver's --grep) runs only the tests whose name matches it (a regular expression).
  const grep = process.env.GFN_TEST_GREP;
  const tests = grep ? all.filter((t) => new RegExp(grep).test(t.name)) : all;
  for (const t of tests) {
    const started = Date.now();
    try {
      await t.run();
      console.log(`  ok   ${suite} › ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.log(`  FAIL ${suite} › ${t.name} (${Date.now() - started} ms)\n${message}`);
      failures.push(t.name);
    }
  }
  console.log(`${suite}: ${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${suite}: ${failures.length} test(s) failed: ${failures.join('; ')}`);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/**
 * Polls `probe` (and re-checks on every diagnostics change) until it returns a value, or fails after timeoutMs: a limit
 * that catches a hang, not a speed bound (timings are `npm run bench -- responsiveness`'s and the METRIC lines').
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => done());
      const timer = setTimeout(() => done(), 50);
      function done() {
        sub.dispose();
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const EXTENSION_ID = 'gflownet-studio.gflownet-studio';

export async function studio(): Promise<GfnStudioApi> {
  const ext = vscode.extensions.getExtension<GfnStudioApi>(EXTENSION_ID);
  assert(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function gfnDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'GFlowNet');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
