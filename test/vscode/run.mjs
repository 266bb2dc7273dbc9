// `npm run test:vscode`: the extension tested in a real VS Code (code-server 4.100.3) driven by Debian's chromium.
//   1. integration tests inside the extension host, trusted workspace (dist/test/vscode/index.js via the URL payload)
//   2. the same module in Restricted Mode (server without --disable-workspace-trust)
//   3. a UI test as a user (test/vscode/ui.mjs): screenshots in test-results/
// Each phase gets a fresh copy of examples/ and a fresh user data directory in a temporary folder.
// Options: --only=trusted,restricted,ui   --grep=TEXT (integration tests whose name contains TEXT)   --keep
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../../scripts/code-server.mjs';
import { launchChromium, runHostTests, startCodeServer, workbenchUrl } from './harness.mjs';
import { runUiTest } from './ui.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = join(root, 'test-results');
const testsModule = join(root, 'dist', 'test', 'vscode', 'index.js');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : ['trusted', 'restricted', 'ui'];
const keep = process.argv.includes('--keep');
const grepArg = process.argv.find((a) => a.startsWith('--grep='));
const grep = grepArg ? grepArg.slice('--grep='.length) : undefined;
const PHASE_TIMEOUT_MS = 10 * 60_000;

mkdirSync(results, { recursive: true });
const logFile = join(results, 'vscode-tests.log');
writeFileSync(logFile, '');
function log(line) {
  process.stdout.write(`${line}\n`);
  appendFileSync(logFile, `${line}\n`);
}

for (const f of ['dist/extension.js', 'dist/sandbox-worker.js', 'dist/webview.js', 'dist/ts-plugin.js', 'dist/test/vscode/index.js']) {
  if (!existsSync(join(root, f))) {
    console.error(`test:vscode: ${f} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
}

const entry = ensureCodeServer({ log });
const work = mkdtempSync(join(tmpdir(), 'gfn-vscode-'));

function freshWorkspace(phase) {
  const stateDir = join(work, phase);
  const workspace = join(stateDir, 'examples');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  return { stateDir, workspace };
}

/**
 * Clicks `selector` in the flow graph panel's page: the webview is two nested frames (iframe.webview.ready, then
 * #active-frame). Resolves with what happened, for the log; the test in the extension host asserts the effect.
 */
async function clickInPanel(page, selector) {
  try {
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator(selector).click({ timeout: 10_000 });
    return `clicked ${selector}`;
  } catch (error) {
    return `FAILED to click ${selector}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

/** Runs dist/test/vscode/index.js in the extension host; resolves with its exit code. */
async function integrationPhase(phase, trusted) {
  const { stateDir, workspace } = freshWorkspace(phase);
  const server = await startCodeServer({ entry, workspace, stateDir, trusted, env: { GFN_EXPECT_TRUST: phase, ...(grep ? { GFN_TEST_GREP: grep } : {}) } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Errors of the panel's page (inside the webview frames) would not reach codeAutomationLog.
    page.on('console', (m) => {
      if (m.type() === 'error' && /webview|vscode-cdn|vscode-resource/.test(m.location().url ?? '')) log(`[${phase}] page error: ${m.text()}`);
    });
    const started = Date.now();
    const code = await runHostTests(page, workbenchUrl(server, { workspace, extensionPath: root, testsPath: testsModule }), {
      timeoutMs: PHASE_TIMEOUT_MS,
      onLine: (type, text) => {
        // The workbench logs a lot; keep the extension host's console and errors.
        if (type === 'error' || /ok |FAIL|METRIC|passed|integration tests|broken\/|CodeLens|ts plugin|assert|restart prompt|export json|state budget|reloading/.test(text)) log(`[${phase}] ${text}`);
        // A test inside the extension host asks for a click in the flow graph panel, which only the browser can make.
        const request = /^GFN_UI click (\S+)$/.exec(text.trim());
        if (request) void clickInPanel(page, request[1]).then((m) => log(`[${phase}] GFN_UI ${m}`));
      },
    });
    log(`[${phase}] extension host tests ended: ${code === 'timeout' ? 'TIMEOUT' : `exit code ${code}`} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) await page.screenshot({ path: join(results, `${phase}-failure.png`) }).catch(() => {});
    return code === 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function uiPhase() {
  const { stateDir, workspace } = freshWorkspace('ui');
  const server = await startCodeServer({ entry, workspace, stateDir, trusted: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const started = Date.now();
    try {
      await runUiTest({ page, url: workbenchUrl(server, { workspace, extensionPath: root }), workspace, results, log: (m) => log(`[ui] ${m}`) });
      log(`[ui] passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return true;
    } catch (error) {
      log(`[ui] FAIL: ${error instanceof Error ? error.stack : String(error)}`);
      await page.screenshot({ path: join(results, 'ui-failure.png') }).catch(() => {});
      return false;
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

const outcomes = {};
try {
  if (only.includes('trusted')) outcomes.trusted = await integrationPhase('trusted', true);
  if (only.includes('restricted')) outcomes.restricted = await integrationPhase('restricted', false);
  if (only.includes('ui')) outcomes.ui = await uiPhase();
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
const failed = Object.entries(outcomes).filter(([, ok]) => !ok).map(([p]) => p);
log(`test:vscode: ${Object.keys(outcomes).length - failed.length} of ${Object.keys(outcomes).length} phases passed${failed.length ? ` (failed: ${failed.join(', ')})` : ''}; log in test-results/vscode-tests.log`);
process.exit(failed.length ? 1 : 0);
