// What esbuild-wasm costs against the native esbuild (docs/performance.md, "Compiling with esbuild-wasm"):
// the first compile of a .gfn.ts in a fresh process (loading the compiler and starting its service included), a warm
// compile (the service reused, as in the extension host), and the validation of the file through validateFile with
// the extension's spare-process pool (compile + sandbox + explore + exact), first and warm.
// Each run is a fresh Node process; the two compilers alternate (native, wasm, then wasm, native, ...); medians.
// Usage: npm run build && node scripts/compile-cost.mjs [FILE=examples/smiley.gfn.ts] [--runs 7]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const file = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? join(root, 'examples/smiley.gfn.ts'));
const WARM = 10;

// The measuring program: the engine's own compileFile and validateFile, bundled like dist/cli.js.
const entry = `
import { compileFile, compilerKind } from './src/authoring/compile';
import { validateFile } from './src/sandbox/host';
import { SandboxPool } from './src/sandbox/process';
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
(async () => {
  const file = process.argv[2];
  let t = performance.now();
  const first = await compileFile(file);
  const firstMs = performance.now() - t;
  if (!first.ok) throw new Error('does not compile');
  const warm: number[] = [];
  for (let i = 0; i < ${WARM}; i++) { t = performance.now(); await compileFile(file); warm.push(performance.now() - t); }
  const pool = new SandboxPool();
  const validate: number[] = [];
  for (let i = 0; i < 6; i++) {
    t = performance.now();
    const r = await validateFile(file, { pool });
    validate.push(performance.now() - t);
    if (!r.ok) throw new Error('does not validate');
    await new Promise((r) => setTimeout(r, 300)); // the spare process starts, as between two pauses in typing
  }
  pool.dispose();
  console.log(JSON.stringify({ kind: await compilerKind(), firstMs, warmMs: median(warm), validateFirstMs: validate[0], validateWarmMs: median(validate.slice(1)) }));
  process.exit(0);
})();
`;
const out = join(root, 'dist/compile-cost.js');
await esbuild.build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'compile-cost.ts', loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning',
  external: ['vscode', '@tensorflow/tfjs-node', 'esbuild', 'esbuild-wasm', 'typescript'],
});

const results = { native: [], wasm: [] };
for (let r = 0; r < runs; r++) {
  const order = r % 2 === 0 ? ['native', 'wasm'] : ['wasm', 'native'];
  for (const kind of order) {
    const env = { ...process.env, GFN_ESBUILD: kind === 'wasm' ? 'wasm' : '' };
    const p = spawnSync(process.execPath, [out, file], { env, encoding: 'utf8', cwd: root });
    if (p.status !== 0) throw new Error(`${kind} run ${r}: ${p.stderr}`);
    const m = JSON.parse(p.stdout.trim().split('\n').pop());
    if (m.kind !== kind) throw new Error(`asked for ${kind}, measured ${m.kind}`);
    results[kind].push(m);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => `${x.toFixed(0)} ms`.padStart(8);
console.log(`${file.replace(root + '/', '')}: ${runs} runs each, interleaved, medians (warm compile: median of ${WARM})`);
console.log('compiler   first compile   warm compile   first validation   warm validation');
for (const kind of ['native', 'wasm']) {
  const m = (k) => median(results[kind].map((x) => x[k]));
  console.log(`${kind.padEnd(8)}   ${fmt(m('firstMs'))}        ${fmt(m('warmMs'))}       ${fmt(m('validateFirstMs'))}           ${fmt(m('validateWarmMs'))}`);
}
