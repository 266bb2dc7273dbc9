// `node test/vscode/vsix.mjs gflownet-studio.vsix` (in .ci/run, after `npm run package`): the VSIX as a user gets it.
//   1. the project's native esbuild (node_modules/esbuild, node_modules/@esbuild) is moved aside, so nothing can
//      fall back to it; it is put back at the end, whatever happens;
//   2. code-server installs the VSIX from the file into a fresh extensions directory;
//   3. a driver extension (test/vscode/vsix/, which only depends on the installed one) runs dist/test/vscode/vsix.js
//      in the extension host: the installed copy is the one running, no native esbuild resolves from it, smiley
//      validates with its diagnostics on the right lines, and trains.
// Prints "vsix: N passed, M failed" (counted by .ci/run) and exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../../scripts/code-server.mjs';
import { launchChromium, runHostTests, startCodeServer, workbenchUrl } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = resolve(process.argv[2] ?? join(root, 'gflownet-studio.vsix'));
const testsModule = join(root, 'dist', 'test', 'vscode', 'vsix.js');
const driver = join(root, 'test', 'vscode', 'vsix');
const TIMEOUT_MS = 8 * 60_000;
const log = (line) => process.stdout.write(`${line}\n`);

for (const f of [vsix, testsModule]) {
  if (!existsSync(f)) {
    console.error(`vsix: ${f} is missing; run \`npm run package\` (it builds dist/ too) first`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'gfn-vsix-'));
const aside = join(work, 'native');
mkdirSync(aside);
const native = ['esbuild', '@esbuild'].map((name) => ({ from: join(root, 'node_modules', name), to: join(aside, name.replace('/', '_')) })).filter((m) => existsSync(m.from));
function restore() {
  for (const m of native) if (existsSync(m.to) && !existsSync(m.from)) renameSync(m.to, m.from);
}
process.on('SIGINT', () => {
  restore();
  process.exit(130);
});

let ok = false;
try {
  const entry = ensureCodeServer({ log });
  for (const m of native) renameSync(m.from, m.to);
  log(`vsix: moved the native esbuild aside (${native.map((m) => m.from).join(', ') || 'none installed'})`);

  const stateDir = join(work, 'state');
  const extensionsDir = join(stateDir, 'extensions');
  const workspace = join(stateDir, 'examples');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  const installed = execFileSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
  log(`vsix: ${installed.trim().split('\n').at(-1)}`);

  const server = await startCodeServer({ entry, workspace, stateDir, trusted: true, env: { GFN_VSIX_EXTENSIONS_DIR: extensionsDir } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const started = Date.now();
    const code = await runHostTests(page, workbenchUrl(server, { workspace, extensionPath: driver, testsPath: testsModule }), {
      timeoutMs: TIMEOUT_MS,
      onLine: (type, text) => {
        // The workbench asks the marketplace about the driver's dependency: offline, that error is expected noise.
        if (/open-vsx\.org/.test(text)) return;
        if (type === 'error' || /ok |FAIL|METRIC|passed|assert/.test(text)) log(`[vsix] ${text}`);
      },
    });
    log(`[vsix] extension host tests ended: ${code === 'timeout' ? 'TIMEOUT' : `exit code ${code}`} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    ok = code === 0;
  } finally {
    await browser.close();
    await server.stop();
  }
} catch (error) {
  log(`vsix: FAIL: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  restore();
  rmSync(work, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
