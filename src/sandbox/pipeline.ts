/**
 * Load, explore and validate a compiled `.gfn.ts`: the steps every job of the sandbox process starts with.
 * It runs user code, so only the sandbox process calls it in the product; the benchmark and tests also call it
 * in-process (compileAndValidate) to measure the cost of the process itself.
 */
import type { Dag } from '../dag/dag';
import { compileFile, type CompiledFile } from '../authoring/compile';
import { explore } from '../dag/explore';
import { evaluateCompiled, type LoadedEnvironment } from '../userCode/loader';
import type { ValidationResult } from '../../shared/diagnostics';
import { validateEnvironment } from '../validate/validate';
import type { Guard } from '../userCode/guard';
import type { GuardedEnvironment } from '../userCode/guardedEnvironment';

export interface PipelineOptions {
  maxStates?: number;
}

export interface Validated {
  result: ValidationResult;
  /** Present when the file loaded: the guarded environment, its DAG and where its parts are in the source. */
  loaded?: { env: GuardedEnvironment<unknown, unknown>; dag: Dag<unknown, unknown>; source: LoadedEnvironment };
}

export function loadAndValidate(compiled: CompiledFile, guard: Guard, options: PipelineOptions = {}, onLoaded?: (source: LoadedEnvironment) => void): Validated {
  const loaded = evaluateCompiled(compiled, guard);
  if (!loaded.ok) return { result: { ok: false, summary: null, diagnostics: loaded.diagnostics } };
  onLoaded?.(loaded.loaded);
  const env = loaded.loaded.env;
  const explored = explore(env, { maxStates: options.maxStates });
  const result = validateEnvironment(loaded.loaded, env, explored);
  return { result, loaded: { env, dag: explored.dag, source: loaded.loaded } };
}

/** Compile then loadAndValidate, in this process: for tests and benchmarks of trusted files only. */
export async function compileAndValidate(file: string, guard: Guard, options: PipelineOptions & { contents?: string } = {}): Promise<Validated> {
  const compiled = await compileFile(file, options.contents);
  if (!compiled.ok) return { result: { ok: false, summary: null, diagnostics: compiled.diagnostics } };
  return loadAndValidate(compiled.compiled, guard, options);
}
