// Which esbuild compiles a .gfn.ts: the native one when it loads, esbuild-wasm otherwise (the extension always uses
// esbuild-wasm, so the VSIX ships no native binary). The native one missing is simulated through the test seam
// setNativeEsbuildLoaderForTests (a loader that throws, as `import('esbuild')` does without its platform package).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, compilerKind, setNativeEsbuildLoaderForTests } from '../../../src/authoring/compile';
import { validateFile } from '../../../src/sandbox/host';

const smiley = path.join(__dirname, '../../../examples/smiley.gfn.ts');
const broken = path.join(__dirname, '../../../examples/broken/compile-error.gfn.ts');

const missingNative = () => Promise.reject(new Error('Cannot find module @esbuild/linux-x64 (simulated)'));

describe('the compiler: native esbuild or esbuild-wasm', () => {
  afterAll(() => setNativeEsbuildLoaderForTests());

  it('uses the native esbuild when it loads (unless GFN_ESBUILD=wasm)', async () => {
    setNativeEsbuildLoaderForTests();
    expect(await compilerKind()).toBe(process.env.GFN_ESBUILD === 'wasm' ? 'wasm' : 'native');
  });

  it('falls back to esbuild-wasm when the native one is missing, with the same code, map and diagnostics', async () => {
    setNativeEsbuildLoaderForTests();
    const nativeOut = await compileFile(smiley);
    const nativeError = await compileFile(broken);
    setNativeEsbuildLoaderForTests(missingNative);
    expect(await compilerKind()).toBe('wasm');
    const wasmOut = await compileFile(smiley);
    if (!nativeOut.ok || !wasmOut.ok) throw new Error('smiley should compile');
    expect(wasmOut.compiled.code).toBe(nativeOut.compiled.code);
    expect(wasmOut.compiled.map).toEqual(nativeOut.compiled.map);
    const wasmError = await compileFile(broken);
    expect(wasmError.ok).toBe(false);
    expect(wasmError).toEqual(nativeError);
  });

  it('esbuild-wasm: relative imports bundle, and diagnostics through the sandbox land where the native ones do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gfn-compile-'));
    writeFileSync(path.join(dir, 'helpers.ts'), 'export const side: number = 3;\n');
    const file = path.join(dir, 'throws.gfn.ts');
    writeFileSync(file, [
      "import { defineEnvironment } from 'gflownet-studio';",
      "import { side } from './helpers';",
      'type S = number;',
      'export default defineEnvironment<S, number>({',
      "  name: 'line',",
      '  initial: 0,',
      '  actions: (x) => (x < side - 1 ? [1] : []),',
      '  step: (x, d) => x + d,',
      "  reward: (x) => { if (x > 1) throw new Error('boom'); return 1; },",
      '});',
    ].join('\n'));
    const diagnostics = async () => (await validateFile(file, { memoryLimitMb: 256 })).diagnostics.map((d) => ({ ...d, message: d.message.replace(/\d+(\.\d+)? ?ms/g, '') }));
    setNativeEsbuildLoaderForTests();
    const native = await diagnostics();
    setNativeEsbuildLoaderForTests(missingNative);
    const wasm = await diagnostics();
    expect(await compilerKind()).toBe('wasm');
    const thrown = wasm.find((d) => d.code === 'user-exception');
    expect(thrown).toMatchObject({ line: 9 });
    expect(wasm).toEqual(native);
  });

  it('gfn validate with esbuild-wasm and no `node` on PATH: its service runs on the CLI\'s own Node (POSIX)', () => {
    const cli = path.join(__dirname, '../../../dist/cli.js');
    if (!existsSync(cli)) throw new Error('run npm run build first (npm test does)');
    const p = spawnSync(process.execPath, [cli, 'validate', smiley], {
      env: { ...process.env, PATH: '/nonexistent', GFN_ESBUILD: 'wasm' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (process.platform === 'win32') {
      // No shim on Windows: `node` must be on PATH, and its absence is a compile-error saying so.
      expect(p.status).toBe(1);
      expect(p.stdout).toMatch(/compile-error: cannot start esbuild-wasm .*install Node\.js 18 or newer and put it on PATH/);
    } else {
      expect(p.stderr).toBe('');
      expect(p.status).toBe(0);
      expect(p.stdout).toMatch(/ok: smiley faces: 42 states/);
    }
  });
});
