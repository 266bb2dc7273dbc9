/**
 * Compiles a `.gfn.ts` with esbuild's JS API (bundled, so relative imports work) into CommonJS with a source map.
 * It runs no user code, so it runs in the host (the CLI or the extension), where esbuild's service stays warm;
 * the sandbox process only evaluates the result (src/authoring/loader.ts).
 *
 * `import ... from 'gflownet-studio'` is left external at compile time and answered at run time by the engine's own
 * api module, so a `.gfn.ts` anywhere on disk loads without a node_modules beside it.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import type { SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { API_MODULE } from './apiModule';
import type { Diagnostic } from '../../shared/protocol';


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
  try {
    const result = await esbuild.build({
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
    if (!messages?.length) throw error;
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

