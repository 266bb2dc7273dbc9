/**
 * The loader: evaluates compiled user code (src/authoring/compile.ts) in a user realm (src/userCode/userRealm.ts)
 * under a virtual filename, so that stack frames of user code map back to the `.gfn.ts` through the source map, and
 * checks and guards its default export (src/userCode/guardedEnvironment.ts). Only the sandbox process evaluates user
 * code.
 */
import * as path from 'node:path';
import type { EnvironmentSpec } from '../authoring/api';
import * as api from '../authoring/api';
import type { CompiledFile } from '../authoring/compile';
import { environmentLocation, outlineCompiled, propertyLocation, type SourceOutline } from '../authoring/locate';
import { StackMapper } from '../authoring/stackMapper';
import type { Diagnostic } from '../../shared/diagnostics';
import { Guard } from './guard';
import { guardEnvironment, type GuardedEnvironment } from './guardedEnvironment';
import { isEngineInstance, UserCodeError } from './errors';
import { createUserRealm } from './userRealm';
import { failureDiagnostic } from './failures';
import * as vm from 'node:vm';

/** A loaded environment, with what diagnostics need to be placed in the source. */
export interface LoadedEnvironment {
  /** The default export, guarded: the engine never touches the raw object again. */
  env: GuardedEnvironment<unknown, unknown>;
  outline: SourceOutline;
  stack: StackMapper;
  /** The guard the environment runs under: what it recorded (calls of clocks and random sources) is reported. */
  guard: Guard;
}

export type LoadResult = { ok: true; loaded: LoadedEnvironment } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Evaluates compiled code in a user realm of its own and checks and guards its default export. Everything that
 * runs user code (the module body, reading the export, which may be a Proxy or have getters) runs under `guard`.
 * Failures at load time become diagnostics (src/userCode/failures.ts).
 */
export function evaluateCompiled(compiled: CompiledFile, guard: Guard = new Guard()): LoadResult {
  const outline = outlineCompiled(compiled);
  const virtualName = `${compiled.file}.gfn-sandbox.js`;
  const stack = new StackMapper(compiled, virtualName);
  const fail = (error: unknown): LoadResult => ({ ok: false, diagnostics: [loadFailureDiagnostic(outline, stack, error)] });
  let exported: unknown;
  try {
    const realm = createUserRealm(compiled.file, guard);
    // The CommonJS wrapper of the compiled module: (exports, require, module, __filename, __dirname) => void.
    const fn = vm.compileFunction(compiled.code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: virtualName, parsingContext: realm.context }) as (...args: unknown[]) => void;
    exported = guard.run('load', () => {
      const module = { exports: {} as Record<string, unknown> };
      fn(module.exports, realm.require, module, compiled.file, path.dirname(compiled.file));
      const exports = module.exports as unknown;
      return typeof exports === 'object' && exports !== null && 'default' in exports ? exports.default : undefined;
    });
  } catch (error) {
    return fail(error);
  }
  if (exported === undefined) {
    return {
      ok: false,
      diagnostics: [{
        severity: 'error',
        code: 'missing-default-export',
        ...(outline.defaultExport ?? { line: 1, column: 1 }),
        message: `${path.basename(compiled.file)} has no default export: write \`export default defineEnvironment({ name, initial, actions, step, reward })\` (or logReward instead of reward)`,
      }],
    };
  }
  let problems: ShapeProblem[];
  try {
    problems = guard.run('load', () => checkEnvironmentShape(exported));
  } catch (error) {
    return fail(error);
  }
  if (problems.length) {
    return {
      ok: false,
      diagnostics: problems.map((p) => ({
        severity: 'error' as const,
        code: 'invalid-environment' as const,
        ...(p.property ? propertyLocation(outline, p.property) : environmentLocation(outline)),
        message: p.message,
      })),
    };
  }
  try {
    return { ok: true, loaded: { env: guardEnvironment(exported as EnvironmentSpec<unknown, unknown>, guard), outline, stack, guard } };
  } catch (error) {
    return fail(error);
  }
}

function loadFailureDiagnostic(outline: SourceOutline, stack: StackMapper, error: unknown): Diagnostic {
  const failure = isEngineInstance(error, UserCodeError) ? error : new UserCodeError('load', 'exception', describeError(error));
  let message = failure.description;
  if (failure.kind === 'exception') {
    message = failure.fn === 'load' ? `loading the file threw ${message}` : `${failure.fn === 'initial' || failure.fn === 'actionSpace' ? `reading \`${failure.fn}\`` : failure.fn} threw ${message}${failure.fn === 'key' ? ' for the initial state' : ''}`;
  }
  return failureDiagnostic(outline, stack, failure, message);
}

interface ShapeProblem {
  property?: string;
  message: string;
}

const REQUIRED_FUNCTIONS = ['actions', 'step'] as const;
const OPTIONAL_FUNCTIONS = ['canStop', 'key', 'encode', 'render', 'parents', 'isMode', 'project'] as const;
const SIGNATURES: Record<string, string> = {
  actions: 'actions: (s) => [...allowed actions]',
  step: 'step: (s, a) => nextState',
  reward: 'reward: (x) => number',
  logReward: 'logReward: (x) => number',
  canStop: 'canStop: (s) => boolean',
  key: 'key: (s) => string',
  encode: 'encode: (s) => number[]',
  render: 'render: (s) => string',
  parents: 'parents: (s) => [{ state, action }, ...]',
  isMode: 'isMode: (x) => boolean',
  project: 'project: (x) => [i, j]',
};

/** What is wrong with a default export that should be an environment; empty when it is one. */
export function checkEnvironmentShape(value: unknown): ShapeProblem[] {
  if (typeof value !== 'object' || value === null) {
    return [{ message: `the default export is ${value === null ? 'null' : typeof value}, not an environment: write \`export default defineEnvironment({ ... })\`` }];
  }
  const spec = value as Record<string, unknown>;
  const problems: ShapeProblem[] = [];
  if (!api.isEnvironment(value)) {
    problems.push({ message: "the default export was not made by defineEnvironment: write `export default defineEnvironment({ ... })` with `import { defineEnvironment } from 'gflownet-studio'`" });
  }
  if (typeof spec.name !== 'string' || spec.name.length === 0) problems.push({ property: 'name', message: "`name` is missing or not a string: add `name: 'my environment'`" });
  if (spec.initial === undefined) problems.push({ property: 'initial', message: '`initial` (the initial state s0) is missing: add e.g. `initial: []`' });
  for (const fn of REQUIRED_FUNCTIONS) {
    if (typeof spec[fn] !== 'function') {
      problems.push({ property: fn, message: `\`${fn}\` is ${spec[fn] === undefined ? 'missing' : `a ${typeof spec[fn]}, not a function`}: write \`${SIGNATURES[fn]}\`` });
    }
  }
  problems.push(...rewardProblems(spec));
  for (const fn of OPTIONAL_FUNCTIONS) {
    if (spec[fn] !== undefined && typeof spec[fn] !== 'function') {
      problems.push({ property: fn, message: `\`${fn}\` is a ${typeof spec[fn]}, not a function: write \`${SIGNATURES[fn]}\` or leave it out` });
    }
  }
  if (spec.actionSpace !== undefined && !Array.isArray(spec.actionSpace)) {
    problems.push({ property: 'actionSpace', message: '`actionSpace` must be an array of every action, e.g. `actionSpace: [0, 1]`, or left out' });
  }
  return problems;
}

/**
 * Exactly one of `reward` (R(x)) and `logReward` (log R(x)). Neither, or both, is a problem of the environment as a
 * whole (the reward is missing, or said twice), reported on it; a reward that is not a function, on its property.
 */
function rewardProblems(spec: Record<string, unknown>): ShapeProblem[] {
  const given = (['reward', 'logReward'] as const).filter((fn) => spec[fn] !== undefined);
  if (given.length === 0) {
    return [{ message: `the reward is missing: write \`${SIGNATURES.reward}\` (R(x) >= 0) or \`${SIGNATURES.logReward}\` (log R(x), for rewards too large or too small for a number)` }];
  }
  if (given.length === 2) {
    return [{ message: '`reward` and `logReward` are both given: keep exactly one, `reward` (R(x)) or `logReward` (log R(x))' }];
  }
  const fn = given[0];
  if (typeof spec[fn] === 'function') return [];
  return [{ property: fn, message: `\`${fn}\` is a ${typeof spec[fn]}, not a function: write \`${SIGNATURES[fn]}\`` }];
}

/** `Error: message` for the engine's own errors (user values are described by the guard, src/userCode/describeThrown.ts). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
