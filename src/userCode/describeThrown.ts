/**
 * What user code threw, in words: any value, even a Proxy whose traps throw or an error whose `message` getter throws
 * or loops, becomes a bounded description and the end of its stack. Reading a thrown value may run user getters and
 * Proxy traps, so these run inside `Guard.run` (src/userCode/guard.ts), still watched by the time limit.
 */
import { types } from 'node:util';
import { previewValue } from '../dag/stateKey';
import { ExitAttempt, isEngineInstance } from './errors';

/** Longest description of a thrown value kept in a message: a 20 MB error message is not a diagnostic. */
export const MAX_DESCRIPTION = 500;
/** Longest stack text kept for mapping the throw site. */
const MAX_STACK = 16_000;

const { isNativeError, isProxy } = types;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}

function readString(read: () => unknown): string | undefined {
  try {
    const v = read();
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** An own data property of a value that is no Proxy, read without running user code (getters are not called). */
function plainData(value: object, property: string): unknown {
  for (let o: object | null = value; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, property);
    if (d) return 'value' in d ? d.value : undefined;
  }
  return undefined;
}

/**
 * What a value thrown while reading a thrown value was, told without running user code: a primitive, or the name
 * and message data properties of an error. The thrown value that could not be read is described by it.
 */
function describeWithoutTouching(value: unknown): string {
  if (typeof value === 'string') return truncate(JSON.stringify(value), MAX_DESCRIPTION / 2);
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? 'a function' : previewValue(value, 60);
  if (isProxy(value)) return 'a Proxy';
  if (!isNativeError(value)) return 'an object';
  const name = plainData(value, 'name');
  const message = plainData(value, 'message');
  const text = `${typeof name === 'string' ? name : 'Error'}${typeof message === 'string' ? `: ${message}` : ''}`;
  return truncate(text, MAX_DESCRIPTION / 2);
}

type Read = { ok: true; value: unknown } | { ok: false; thrown: unknown };

/** Reads `property` of a thrown value (a getter or Proxy trap may run), keeping what the read threw. */
function readProperty(value: object, property: string): Read {
  try {
    return { ok: true, value: (value as Record<string, unknown>)[property] };
  } catch (thrown) {
    return { ok: false, thrown };
  }
}

function unreadable(thrown: unknown): string {
  return `a value that cannot be read: reading it threw ${describeWithoutTouching(thrown)}`;
}

/**
 * `Name: message` for errors, a preview otherwise; never throws, bounded. Reads user getters and runs Proxy traps:
 * call it guarded. A Proxy is read like an error, and any trap that throws makes it a value that cannot be read
 * (saying what the trap threw); an error whose `message` getter throws says so.
 */
export function describeThrown(error: unknown): string {
  try {
    if (isEngineInstance(error, ExitAttempt)) return error.message;
    if (typeof error === 'string') return truncate(JSON.stringify(error), MAX_DESCRIPTION);
    if (typeof error !== 'object' || error === null) return `the value ${previewValue(error, MAX_DESCRIPTION)}`;
    const proxy = isProxy(error);
    if (proxy || isNativeError(error) || 'message' in error) {
      const name = readProperty(error, 'name');
      const message = readProperty(error, 'message');
      if (proxy && !name.ok) return unreadable(name.thrown);
      if (proxy && !message.ok) return unreadable(message.thrown);
      const shownName = name.ok && typeof name.value === 'string' ? name.value : 'Error';
      if (!message.ok) return truncate(`${shownName} whose message cannot be read: reading it threw ${describeWithoutTouching(message.thrown)}`, MAX_DESCRIPTION);
      if (typeof message.value === 'string') return truncate(`${shownName}: ${message.value}`, MAX_DESCRIPTION);
      if (!proxy) return truncate(shownName, MAX_DESCRIPTION);
    }
    return `the value ${previewValue(error, MAX_DESCRIPTION)}`;
  } catch (touched) {
    // A Proxy whose traps throw, a getter or toString that throws: say so, and what reading it threw.
    return unreadable(touched);
  }
}

/** The end of the stack text of what was thrown (where its frames are), or undefined; never throws. */
export function stackOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const stack = readString(() => (error as { stack?: unknown }).stack);
  // The frames are at the end, after the message (which may be megabytes): keep the end.
  return stack === undefined ? undefined : stack.slice(-MAX_STACK);
}
