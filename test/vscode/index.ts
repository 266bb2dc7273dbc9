/**
 * The integration tests module loaded by the extension host (extensionTestsPath): code-server's URL payload
 * (test/vscode/run.mjs) or @vscode/test-electron (test/vscode/electron.mjs). The suite follows the workspace's trust:
 * trusted runs the product tests, Restricted Mode checks that no user code runs. GFN_EXPECT_TRUST, when set by the
 * driver, makes a mismatch fail instead of silently running the other suite.
 *
 * The trusted suite ends with a real window reload (test/vscode/reload.ts): the module then starts again in the new
 * extension host, finds the marker left before the reload, and runs only the after-reload checks.
 */
import * as vscode from 'vscode';
import { lifecycleTests } from './lifecycle';
import { afterReloadTests, beforeReloadTest, reloadMarker, reloadWindow } from './reload';
import { restrictedTests } from './restricted';
import { runsTests } from './runs';
import { trustedTests } from './trusted';
import { runTests, type TestCase } from './util';

export async function run(): Promise<void> {
  const trusted = vscode.workspace.isTrusted;
  const expected = process.env.GFN_EXPECT_TRUST;
  console.log(`GFlowNet Studio integration tests: workspace ${trusted ? 'trusted' : 'restricted'}${expected ? ` (driver expects ${expected})` : ''}`);
  if (expected && expected !== (trusted ? 'trusted' : 'restricted')) {
    throw new Error(`the driver expected a ${expected} workspace, but it is ${trusted ? 'trusted' : 'restricted'}`);
  }
  if (!trusted) return runTests('restricted', restrictedTests);
  const marker = await reloadMarker();
  if (marker) return runTests('trusted after reload', afterReloadTests(marker));
  const grep = process.env.GFN_TEST_GREP;
  const selected = (t: TestCase) => !grep || new RegExp(grep).test(t.name);
  // The reload ends this extension host, so it runs last, and only when everything before it passed.
  await runTests('trusted', [...trustedTests, ...runsTests, ...lifecycleTests, beforeReloadTest]);
  if (selected(beforeReloadTest) && (await reloadMarker())) await reloadWindow();
}
