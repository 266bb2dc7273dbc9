/**
 * The identity of a state or an action when the environment declares no `key`: a canonical string of its content.
 *
 * JSON-like values give their JSON ("[1,2]", "{\"x\":0}", "\"ab\""), so keys read as users expect. Beyond JSON:
 * a Set is the same state whatever the insertion order of its elements (`Set{...}` with the element keys sorted),
 * a Map likewise (`Map{[k,v],...}` sorted by entry), BigInt `12n`, Date `Date(ms)`, typed arrays `Uint8Array[1,2]`,
 * NaN and the infinities by name. `toJSON` is not consulted: identity is structural, so user code that changes
 * `Object.prototype.toJSON` cannot merge states. Values that have no content identity (functions, symbols,
 * Promises, WeakMaps, cycles, nesting deeper than MAX_DEPTH) throw UnidentifiableValueError: the environment must
 * declare `key`.
 *
 * User values may come from another realm (the sandbox evaluates user code in its own vm context), so types are
 * told apart with node:util's brand checks and read through this realm's builtins, never with instanceof.
 */
import { types } from 'node:util';

/** Deeper values are refused rather than risk the engine's stack on a state built as a linked list. */
export const MAX_DEPTH = 200;

export class UnidentifiableValueError extends Error {
  constructor(
    /** What cannot be identified and where, e.g. "a function at .f". */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UnidentifiableValueError';
  }
}

// This realm's builtins, taken once: user code in this realm (tests, in-process benchmarks) cannot swap them later.
const { isSet, isMap, isDate, isTypedArray, isPromise, isWeakMap, isWeakSet, isArrayBuffer, isSharedArrayBuffer, isDataView, isBoxedPrimitive, isRegExp } = types;
const isArray = Array.isArray;
const objectKeys = Object.keys;
const stringify = JSON.stringify;
const setValues = Set.prototype.values;
const mapEntries = Map.prototype.entries;
const dateTime = Date.prototype.getTime;
const call = Function.prototype.call.bind(Function.prototype.call) as <T>(f: (...a: never[]) => T, self: unknown, ...args: unknown[]) => T;
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const typedLength = Object.getOwnPropertyDescriptor(typedArrayProto, 'length')?.get as () => number;
const typedTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag)?.get as () => string;
const byteLengthOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')?.get as () => number;

function numberKey(n: number): string {
  // String(n) is JSON's text for every finite number (-0 included); NaN and the infinities keep their names.
  return String(n);
}

/** The canonical key of `value` (see the module comment). Runs user getters and Proxy traps: call it guarded. */
export function canonicalKey(value: unknown): string {
  // Only a whole key may be `undefined`; inside arrays and objects undefined reads as JSON has it.
  return value === undefined ? 'undefined' : keyOfChild(value, '', [], 0);
}

function where(path: string): string {
  return path === '' ? '' : ` at ${path}`;
}

function keyOfObject(value: unknown, path: string, ancestors: unknown[], depth: number): string {
  if (value === null) return 'null';
  const t = typeof value;
  if (t === 'function') throw new UnidentifiableValueError(`a function${where(path)}`);
  if (t === 'symbol') throw new UnidentifiableValueError(`a symbol${where(path)}`);
  if (depth >= MAX_DEPTH) throw new UnidentifiableValueError(`nesting deeper than ${MAX_DEPTH} levels${where(path)}`);
  if (ancestors.includes(value)) throw new UnidentifiableValueError(`a cycle (the value contains itself${where(path)})`);
  if (isArray(value)) return keyOfArray(value as unknown[], path, ancestors, depth);
  if (isPromise(value)) throw new UnidentifiableValueError(`a Promise${where(path)} (is the function async? GFlowNet functions must be synchronous)`);
  if (isWeakMap(value) || isWeakSet(value)) throw new UnidentifiableValueError(`a WeakMap or WeakSet${where(path)}`);
  if (isBoxedPrimitive(value) || isRegExp(value) || isDataView(value)) throw new UnidentifiableValueError(`a boxed primitive, RegExp or DataView${where(path)}`);
  ancestors.push(value);
  try {
    if (isTypedArray(value)) {
      const n = call(typedLength, value);
      const parts: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const x = (value as unknown as ArrayLike<number | bigint>)[i];
        parts[i] = typeof x === 'bigint' ? `${x}n` : numberKey(x);
      }
      return `${call(typedTag, value)}[${parts.join(',')}]`;
    }
    if (isArrayBuffer(value) || isSharedArrayBuffer(value)) {
      const bytes = new Uint8Array(value as ArrayBuffer, 0, call(byteLengthOf, value));
      return `ArrayBuffer[${bytes.join(',')}]`;
    }
    if (isDate(value)) return `Date(${numberKey(call(dateTime, value))})`;
    const next = depth + 1;
    if (isSet(value)) {
      const parts: string[] = [];
      const it = call(setValues, value) as IterableIterator<unknown>;
      for (let r = it.next(); !r.done; r = it.next()) parts.push(keyOfChild(r.value, `${path}{}`, ancestors, next));
      return `Set{${parts.sort().join(',')}}`;
    }
    if (isMap(value)) {
      const parts: string[] = [];
      const it = call(mapEntries, value) as IterableIterator<[unknown, unknown]>;
      for (let r = it.next(); !r.done; r = it.next()) {
        const k = keyOfChild(r.value[0], `${path}{key}`, ancestors, next);
        parts.push(`[${k},${keyOfChild(r.value[1], `${path}{${k}}`, ancestors, next)}]`);
      }
      return `Map{${parts.sort().join(',')}}`;
    }
    let out = '{';
    let first = true;
    for (const k of objectKeys(value as object)) {
      const x = (value as Record<string, unknown>)[k];
      // As JSON: properties whose value is undefined are left out.
      if (x === undefined) continue;
      out += `${first ? '' : ','}${stringify(k)}:${keyOfChild(x, `${path}.${k}`, ancestors, next)}`;
      first = false;
    }
    return `${out}}`;
  } finally {
    ancestors.pop();
  }
}

/** Arrays first and fast: most states are arrays of numbers or strings (grids, sequences). */
function keyOfArray(value: unknown[], path: string, ancestors: unknown[], depth: number): string {
  ancestors.push(value);
  try {
    const n = value.length;
    let out = '[';
    for (let i = 0; i < n; i++) {
      const x = value[i];
      if (i > 0) out += ',';
      if (typeof x === 'number') out += String(x);
      else if (typeof x === 'string') out += stringify(x);
      // As JSON: a hole or undefined in an array reads as null.
      else out += x === undefined ? 'null' : keyOfChild(x, `${path}[${i}]`, ancestors, depth + 1);
    }
    return `${out}]`;
  } finally {
    ancestors.pop();
  }
}

/** The key of a value inside another (or of a whole non-undefined one). */
function keyOfChild(value: unknown, path: string, ancestors: unknown[], depth: number): string {
  switch (typeof value) {
    case 'string':
      return stringify(value);
    case 'number':
      return numberKey(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'null';
    default:
      return keyOfObject(value, path, ancestors, depth);
  }
}

/**
 * A short, safe picture of any value for messages: never throws for its own reasons (cycles, functions and
 * symbols are drawn, not refused), stops at `max` characters. Runs user getters: call it guarded.
 */
export function previewValue(value: unknown, max = 120): string {
  const out: string[] = [];
  let length = 0;
  const seen: unknown[] = [];
  const emit = (s: string): boolean => {
    out.push(s);
    length += s.length;
    return length < max;
  };
  const walk = (v: unknown, depth: number): boolean => {
    switch (typeof v) {
      case 'string':
        return emit(stringify(v.length > max ? `${v.slice(0, max)}...` : v));
      case 'number':
        return emit(numberKey(v));
      case 'bigint':
        return emit(`${v}n`);
      case 'boolean':
      case 'undefined':
        return emit(String(v));
      case 'symbol':
        return emit('Symbol()');
      case 'function':
        return emit('[function]');
    }
    if (v === null) return emit('null');
    if (seen.includes(v)) return emit('[circular]');
    if (isPromise(v)) return emit('[Promise]');
    if (depth > 4) return emit('...');
    seen.push(v);
    try {
      if (isSet(v) || isMap(v)) return emit(isSet(v) ? '[Set]' : '[Map]');
      if (isArray(v)) {
        if (!emit('[')) return false;
        const n = (v as unknown[]).length;
        for (let i = 0; i < n; i++) if ((i > 0 && !emit(',')) || !walk((v as unknown[])[i], depth + 1)) return false;
        return emit(']');
      }
      if (!emit('{')) return false;
      let first = true;
      for (const k of objectKeys(v as object)) {
        if ((!first && !emit(',')) || !emit(`${stringify(k)}:`) || !walk((v as Record<string, unknown>)[k], depth + 1)) return false;
        first = false;
      }
      return emit('}');
    } finally {
      seen.pop();
    }
  };
  try {
    walk(value, 0);
  } catch {
    out.push(' [unreadable]');
  }
  const text = out.join('');
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * The state a canonical key stands for, as plain JSON, for files such as samples.jsonl: JSON-like states have their
 * JSON as key, so no user code runs (a state's own toJSON or getters are never called outside the sandbox's guard).
 * Keys that are not JSON (Set{...}, a declared key) are given as the key string itself.
 */
export function jsonOfKey(key: string): unknown {
  try {
    return JSON.parse(key) as unknown;
  } catch {
    return key;
  }
}
