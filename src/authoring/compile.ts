/**
 * Compiles a `.gfn.ts` with esbuild's JS API (bundled, so relative imports work) into CommonJS with a source map.
 * It runs no user code, so it runs in the host (the CLI or the extension), where esbuild's service stays warm;
 * the sandbox process only evaluates the result (src/userCode/loader.ts).
 *
 * Which esbuild: the extension uses esbuild-wasm (pure JS + WebAssembly, the same version: one VSIX for every
 * platform, no native binary in it); the CLI uses the native esbuild when it is installed and falls back to
 * esbuild-wasm when it is not. Either is loaded once per process and its service reused (esbuild-wasm's start,
 * compiling its WebAssembly in a child process running this process's own Node, costs a few hundred ms: paid on the
 * first compile, or ahead of it by warmUpCompiler()). GFN_ESBUILD=wasm forces esbuild-wasm anywhere (docs/performance.md compares them).
 *
 * `import ... from 'gflownet-studio'` is left external at compile time and answered at run time by the engine's own
 * api module, so a `.gfn.ts` anywhere on disk loads without a node_modules beside it.
 */
import type * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import type { SourceMapPayload } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_MODULE } from './apiModule';
import type { Diagnostic } from '../../shared/diagnostics';


export interface CompiledFile {
  /** Absolute path of the `.gfn.ts`. */
  file: string;
  /** The source text that was compiled. */
  source: string;
  /** CommonJS code (bundle of the file and its relative imports). */
  code: string;
  map: SourceMapPayload;
  /** The directory the source map's `sources` are relative to. */
  mapDir: string;
}

type Esbuild = typeof import('esbuild');
export type CompilerKind = 'native' | 'wasm';

let preference: 'auto' | 'wasm' = 'auto';
let loadNative: () => Promise<Esbuild> = () => import('esbuild');
let compiler: Promise<{ kind: CompilerKind; esbuild: Esbuild }> | undefined;
/** esbuild-wasm is initialised at most once per process (initialize() may not be called twice), then reused. */
let wasmCompiler: Promise<Esbuild> | undefined;

function loadWasm(): Promise<Esbuild> {
  wasmCompiler ??= (async () => {
    const wasm = (await import('esbuild-wasm')) as unknown as Esbuild;
    // initialize() spawns the service synchronously, as `node bin/esbuild`, looking `node` up in PATH.
    const shim = withOwnNodeOnPath(() => void wasm.initialize({}));
    if (shim) {
      // Once the service answers, its shell has run the shim: remove it (test workers may end without 'exit').
      await wasm.transform('').catch(() => undefined);
      removeDir(shim);
    }
    return wasm;
  })();
  return wasmCompiler;
}

/**
 * Runs `start` with PATH led by a private directory whose `node` runs this process's own runtime (process.execPath,
 * with ELECTRON_RUN_AS_NODE=1: in VS Code, its Electron, as the sandbox process does), so esbuild-wasm's service
 * needs no Node.js on PATH. POSIX only (a shell script); on Windows `node` must be on PATH (a compile-error says so).
 */
function withOwnNodeOnPath(start: () => void): string | undefined {
  if (process.platform === 'win32') {
    start();
    return undefined;
  }
  let dir: string;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfn-node-'));
    const quoted = `'${process.execPath.replace(/'/g, `'\\''`)}'`;
    fs.writeFileSync(path.join(dir, 'node'), `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${quoted} "$@"\n`, { mode: 0o755 });
  } catch {
    start(); // no writable temporary directory: `node` from PATH, as esbuild-wasm does by itself
    return undefined;
  }
  // The shell reads the script after spawn() returns: removed once the service answers, or when this process exits.
  process.once('exit', () => removeDir(dir));
  const saved = process.env.PATH;
  process.env.PATH = saved ? `${dir}${path.delimiter}${saved}` : dir;
  try {
    start();
  } finally {
    if (saved === undefined) delete process.env.PATH;
    else process.env.PATH = saved;
  }
  return dir;
}

function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // left in the temporary directory
  }
}

/** The extension calls this before its first compile: esbuild-wasm only, so the VSIX needs no native binary. */
export function useWasmCompiler(): void {
  if (preference === 'wasm') return;
  preference = 'wasm';
  compiler = undefined;
}

/**
 * Test seam: replaces `import('esbuild')` (a loader that throws simulates the native esbuild missing) and forgets the
 * compiler loaded so far; without an argument, restores the real loader. Tests only.
 */
export function setNativeEsbuildLoaderForTests(loader?: () => Promise<Esbuild>): void {
  loadNative = loader ?? (() => import('esbuild'));
  compiler = undefined;
}

/** Loads the compiler once per process: native esbuild when allowed and installed, esbuild-wasm otherwise. */
function getCompiler(): Promise<{ kind: CompilerKind; esbuild: Esbuild }> {
  compiler ??= (async () => {
    if (preference === 'auto' && process.env.GFN_ESBUILD !== 'wasm') {
      try {
        const native = await loadNative();
        // A missing platform package throws only when the service starts: check it here, once.
        await native.transform('');
        return { kind: 'native' as const, esbuild: native };
      } catch {
        // not installed for this platform: esbuild-wasm below
      }
    }
    return { kind: 'wasm' as const, esbuild: await loadWasm() };
  })();
  return compiler;
}

/** Which esbuild compileFile uses in this process (loading it if needed). */
export async function compilerKind(): Promise<CompilerKind> {
  return (await getCompiler()).kind;
}

/** Starts the compiler ahead of the first compile (the extension calls it at activation); never rejects. */
export function warmUpCompiler(): void {
  getCompiler().catch(() => undefined);
}

export type CompileResult = { ok: true; compiled: CompiledFile } | { ok: false; diagnostics: Diagnostic[] };

/** Compiles `file` (or `contents` as if it were that file: unsaved editor text). Never throws for user errors. */
export async function compileFile(file: string, contents?: string): Promise<CompileResult> {
  const abs = path.resolve(file);
  let source: string;
  if (contents !== undefined) source = contents;
  else {
    try {
      source = await fs.promises.readFile(abs, 'utf8');
    } catch (error) {
      return { ok: false, diagnostics: [{ severity: 'error', code: 'compile-error', line: 1, column: 1, message: `cannot read ${abs}: ${(error as Error).message}` }] };
    }
  }
  const dir = path.dirname(abs);
  const outfile = path.join(dir, '__gfn_sandbox__.js');
  const apiPlugin: esbuild.Plugin = {
    name: 'gflownet-studio-api',
    setup(build) {
      build.onResolve({ filter: /^gflownet-studio$/ }, () => ({ path: API_MODULE, external: true }));
    },
  };
  const { esbuild: service } = await getCompiler();
  try {
    const result = await service.build({
      stdin: { contents: source, sourcefile: abs, resolveDir: dir, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      outfile,
      logLevel: 'silent',
      plugins: [apiPlugin],
    });
    const outputs = result.outputFiles ?? [];
    const js = outputs.find((f) => f.path.endsWith('.js'));
    const mapFile = outputs.find((f) => f.path.endsWith('.js.map'));
    if (!js || !mapFile) throw new Error('esbuild produced no output');
    return { ok: true, compiled: { file: abs, source, code: js.text, map: JSON.parse(mapFile.text) as SourceMapPayload, mapDir: dir } };
  } catch (error) {
    const messages = (error as { errors?: esbuild.Message[] }).errors;
    if (!messages?.length) {
      // esbuild-wasm's service is `node bin/esbuild` (on Windows `node` from PATH, see withOwnNodeOnPath); without
      // it every compile fails: say so where the user looks (the Problems view), not as an engine failure.
      const text = (error as Error).message ?? String(error);
      if (!/spawn node ENOENT|service is no longer running/.test(text)) throw error;
      const message = `cannot start esbuild-wasm (${text}): it runs its compiler with \`node\`; install Node.js 18 or newer and put it on PATH`;
      return { ok: false, diagnostics: [{ severity: 'error', code: 'compile-error', line: 1, column: 1, message }] };
    }
    return { ok: false, diagnostics: messages.map((m) => compileDiagnostic(m, abs)) };
  }
}

function compileDiagnostic(m: esbuild.Message, file: string): Diagnostic {
  const loc = m.location;
  const inFile = loc && path.resolve(loc.file) === file;
  const where = inFile ? '' : loc ? ` (in ${loc.file}:${loc.line}:${loc.column + 1})` : '';
  return {
    severity: 'error',
    code: 'compile-error',
    message: m.text + where,
    line: inFile ? loc.line : 1,
    column: inFile ? loc.column + 1 : 1,
    ...(inFile && loc.length > 0 ? { endLine: loc.line, endColumn: loc.column + 1 + loc.length } : {}),
  };
}

