/**
 * Failures of user code (src/userCode/errors.ts UserCodeError) as diagnostics: one code per kind of failure, placed
 * at the throw site in the `.gfn.ts` when the thrown value had a stack there, else on the function that failed.
 */
import type { StackMapper } from '../authoring/stackMapper';
import { environmentLocation, propertyLocation, type SourceOutline } from '../authoring/locate';
import type { Diagnostic, DiagnosticCode, Severity, SourceLocation } from '../../shared/diagnostics';
import type { GuardedName } from './slots';
import type { UserCodeError, UserFailureKind } from './errors';

const CODES: Record<UserFailureKind, DiagnosticCode> = {
  exception: 'user-exception',
  'invalid-return': 'user-exception',
  'process-exit': 'process-exit',
  async: 'async-function',
  unidentifiable: 'unidentifiable-state',
};

export function failureCode(kind: UserFailureKind): DiagnosticCode {
  return CODES[kind];
}

/** Where the code of `fn` is declared: its property, or the environment for top-level code and timers. */
export function functionLocation(outline: SourceOutline, fn: GuardedName | undefined): SourceLocation {
  return fn === undefined || fn === 'load' || fn === 'timer' ? environmentLocation(outline) : propertyLocation(outline, fn);
}

/** Who ran, in words, for messages. */
export function whoRan(fn: GuardedName | undefined): string {
  if (fn === undefined) return 'the engine';
  if (fn === 'load') return "the file's top-level code";
  if (fn === 'timer') return 'a timer or promise callback of the file';
  if (fn === 'initial' || fn === 'actionSpace') return `reading \`${fn}\``;
  return `\`${fn}\``;
}

export function failureDiagnostic(
  outline: SourceOutline,
  stack: StackMapper,
  failure: UserCodeError,
  message: string,
  severity: Severity = 'error',
): Diagnostic {
  const site = stack.throwSite(failure.userStack);
  const declared = functionLocation(outline, failure.fn);
  const diagnostic: Diagnostic = { severity, code: failureCode(failure.kind), ...(site ?? declared), message };
  if (site && failure.fn !== 'load' && failure.fn !== 'timer') diagnostic.related = [{ ...declared, message: `\`${failure.fn}\` is declared here` }];
  return diagnostic;
}
