/**
 * What goes wrong in user code, described in the engine's realm: a UserCodeError (safe to read, print and compare),
 * the ExitAttempt that the user realm's process.exit throws, an InvalidValue where a number was expected; and how to
 * tell the engine's own objects from user values without running user code (`isEngineInstance`).
 */
import { types } from 'node:util';
import type { GuardedName } from './slots';

const { isProxy } = types;

/**
 * Whether `value` is an instance of the engine's class `C`, without running user code: `instanceof` on a Proxy asks
 * its getPrototypeOf trap, which may throw or loop. A Proxy is never one of the engine's own objects.
 */
export function isEngineInstance<T>(value: unknown, C: abstract new (...args: never[]) => T): value is T {
  return typeof value === 'object' && value !== null && !isProxy(value) && value instanceof C;
}

export type UserFailureKind = 'exception' | 'process-exit' | 'async' | 'unidentifiable' | 'invalid-return';

/** A failure of user code, described in this realm: safe to read, print and compare. */
export class UserCodeError extends Error {
  constructor(
    readonly fn: GuardedName,
    readonly kind: UserFailureKind,
    readonly description: string,
    /** The stack text of what was thrown, when it had one: where in the .gfn.ts it happened. */
    readonly userStack?: string,
  ) {
    super(description);
    this.name = 'UserCodeError';
  }
}

/** Thrown by the sandbox's process.exit/kill/abort: ends the user's call, never the process. */
export class ExitAttempt extends Error {
  constructor(readonly what: string) {
    super(`${what} was called`);
    this.name = 'ExitAttempt';
  }
}

/** Marks a non-number where a number was expected, with its description (reward, encode). */
export class InvalidValue {
  constructor(readonly description: string) {}
}
