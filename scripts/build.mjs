// One esbuild script, one entry per target (after microsoft/vscode-hexeditor).
// Entries whose source does not exist yet are skipped, so each target can be added independently.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync, readdirSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Node targets: the engine (CLI, sandbox worker, benchmark), the extension and its tests. */
const nodeEntries = {
  cli: 'cli/main.ts',
  'sandbox-worker': 'src/sandbox/worker.ts',
  // Validation only, without TensorFlow.js: a smaller bundle for the worker started on every validation.
  'sandbox-validate-worker': 'src/sandbox/validateWorker.ts',
  bench: 'bench/index.ts',
  extension: 'extension/extension.ts',
  'ts-plugin': 'extension/tsPlugin.ts',
  'test/vscode/index': 'test/vscode/index.ts',
  'test/vscode/vsix': 'test/vscode/vsix.ts',
};
/** Browser targets: the flow graph panel. */
const browserEntries = { webview: 'webview/main.ts' };

const existing = (entries) =>
  Object.fromEntries(Object.entries(entries).filter(([, src]) => existsSync(join(root, src))));

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  minify: production,
  absWorkingDir: root,
  outdir: join(root, 'dist'),
};

const targets = [
  {
    ...common,
    entryPoints: existing(nodeEntries),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // vscode is provided by the host; tfjs-node is optional and loaded dynamically when installed; esbuild and
    // esbuild-wasm find their service (binary, or bin/esbuild + esbuild.wasm) beside their own files, so they stay
    // in node_modules (the VSIX ships esbuild-wasm's: .vscodeignore). playwright-core drives Chromium for the bench's
    // page timings (a dev dependency, loaded from node_modules).
    external: ['vscode', '@tensorflow/tfjs-node', 'esbuild', 'esbuild-wasm', 'typescript', 'playwright-core'],
  },
  {
    ...common,
    entryPoints: existing(browserEntries),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
].filter((t) => Object.keys(t.entryPoints).length > 0);

mkdirSync(join(root, 'dist'), { recursive: true });
// The templates of `gfn init` and "GFlowNet: New Environment", read beside the bundles (src/authoring/templates.ts).
mkdirSync(join(root, 'dist/templates'), { recursive: true });
for (const f of readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.gfn.ts'))) copyFileSync(join(root, 'templates', f), join(root, 'dist/templates', f));
// The wasm backend loads its .wasm binaries from beside the bundle.
const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(root, 'dist', f));

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
}
// The TypeScript server plugin gives `import ... from 'gflownet-studio'` this declaration of src/authoring/api.ts.
if (existsSync(join(root, 'extension/tsPlugin.ts'))) (await import('./api-dts.mjs')).emitApiDeclaration(root);
