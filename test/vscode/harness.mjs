// Starts code-server (a real VS Code 1.100.3 workbench served to a browser) and Debian's chromium through
// playwright-core. Shared by the integration-test run (URL payload) and the UI test (clicks and keys).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A free loopback port: bind to 0, read the port, release it. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** User settings for a quiet, deterministic workbench. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.codeLens': true,
  // The UI test types code as a user would: no suggestion may be accepted by a commit character and no bracket or
  // quote auto-closed, or a busy machine (a late suggestion list) changes what ends up in the file.
  'editor.acceptSuggestionOnCommitCharacter': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  // Validation on every edit is the default; the tests also exercise save.
};

/**
 * Starts code-server on a free port. `trusted: false` leaves out --disable-workspace-trust, so a fresh user data
 * directory opens the workspace in Restricted Mode.
 */
export async function startCodeServer({ entry, workspace, stateDir, trusted = true, env = {}, log = () => {} }) {
  const port = await freePort();
  const userDataDir = join(stateDir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', join(stateDir, 'extensions'),
    ...(trusted ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log(text.trimEnd());
      if (text.includes('HTTP server listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${output}`));
    });
  });
  await ready;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The workbench URL; the payload makes the web workbench load the extension under development (and its tests). */
export function workbenchUrl(server, { workspace, extensionPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ...(testsPath ? [['extensionTestsPath', remote(testsPath)]] : []),
    ['skipWelcome', 'true'],
  ];
  return `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Loads the workbench at `url` (its payload names the tests module) and resolves with the extension host tests' exit
 * code, or 'timeout'. `onLine(type, text)` sees every line the workbench logs (the tests' console.log among them).
 */
export async function runHostTests(page, url, { onLine, timeoutMs }) {
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    onLine(type, Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args));
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  await page.goto(url);
  return Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
}

export { launchChromium } from '../ui/chromium.mjs';
