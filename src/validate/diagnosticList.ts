/**
 * The diagnostics of one validation as they are collected: placed on a function of the `.gfn.ts` or at a throw site,
 * failures of user code that repeat grouped into one with a count, problems that repeat counted with a few examples.
 */
import type { LoadedEnvironment } from '../userCode/loader';
import { failureDiagnostic } from '../userCode/failures';
import { isEngineInstance, UserCodeError } from '../userCode/errors';
import type { GuardedName } from '../userCode/slots';
import { propertyLocation } from '../authoring/locate';
import type { Diagnostic, SourceLocation } from '../../shared/diagnostics';

/** Examples quoted in an aggregated message. */
export const EXAMPLES = 3;

/** Keys in messages are cut so that one huge state does not flood the Problems panel. */
export function showKey(key: string): string {
  return key.length > 80 ? `${key.slice(0, 77)}...` : key;
}

/** Collects diagnostics, grouping exceptions that repeat (same function, place and message). */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private readonly exceptionGroups = new Map<string, { diagnostic: Diagnostic; count: number; base: string }>();

  constructor(private readonly loaded: LoadedEnvironment) {}

  at(fn: string): SourceLocation {
    return propertyLocation(this.loaded.outline, fn);
  }

  /** The first frame of `stack` in the `.gfn.ts`, when there is one. */
  site(stack: string | undefined): SourceLocation | undefined {
    return this.loaded.stack.throwSite(stack);
  }

  push(d: Diagnostic): void {
    this.items.push(d);
  }

  /** A failure of user function `fn` called for `stateKey` (and `actionKey`): thrown, exited, async, unidentifiable. */
  exception(fn: GuardedName, error: unknown, stateKey: string, actionKey?: string, severity: Diagnostic['severity'] = 'error'): void {
    const failure = isEngineInstance(error, UserCodeError) ? error : new UserCodeError(fn, 'exception', String(error));
    const name = failure.fn === 'key' || failure.fn === fn ? failure.fn : fn;
    const call = actionKey === undefined ? `${fn}(state ${showKey(stateKey)})` : `${fn}(state ${showKey(stateKey)}, action ${showKey(actionKey)})`;
    const base = failure.kind === 'exception' ? `${name} threw ${failure.description} in ${call}` : `${failure.description} (in ${call})`;
    const diagnostic = failureDiagnostic(this.loaded.outline, this.loaded.stack, failure, base, severity);
    // Exceptions group by message; other failures (exits, Promises, unidentifiable states) by where they happen.
    const groupKey = `${diagnostic.code}|${name}|${diagnostic.line}:${diagnostic.column}|${failure.kind === 'exception' ? failure.description : ''}`;
    const group = this.exceptionGroups.get(groupKey);
    if (group) {
      group.count++;
      group.diagnostic.message = `${group.base} (and ${group.count - 1} more)`;
      return;
    }
    this.exceptionGroups.set(groupKey, { diagnostic, count: 1, base });
    this.items.push(diagnostic);
  }
}

/** A problem that repeats: how often, and the first EXAMPLES of it. */
export interface Examples {
  count: number;
  examples: string[];
}

/** Counts one more occurrence, keeping it as an example while there are fewer than EXAMPLES. */
export function countExample(e: Examples, example: string): void {
  e.count++;
  if (e.examples.length < EXAMPLES) e.examples.push(example);
}

export function addExample(map: Map<string, Examples>, kind: string, example: string): void {
  let e = map.get(kind);
  if (!e) map.set(kind, (e = { count: 0, examples: [] }));
  countExample(e, example);
}
