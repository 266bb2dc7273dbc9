/**
 * The boundary between the engine and user code. Every call into user code, and every read of a value user code
 * made (its properties may be getters, its arrays Proxies), goes through `Guard.run`, which:
 * - bumps the shared heartbeat and records which user function runs, so the host's watchdog can stop a call that
 *   runs past the time limit and say which function it was (src/sandbox/host.ts);
 * - turns whatever is thrown (any value, even one whose `message` getter throws or loops) into a UserCodeError of
 *   this realm with a bounded description, read while the watchdog still watches;
 * - notices process.exit() attempts (the sandbox's `process` turns them into ExitAttempt, see userRealm.ts).
 * `guardEnvironment` wraps an environment so that the engine only ever sees sanitised values: arrays copied into
 * this realm, keys as strings, rewards as log R (whichever of `reward` and `logReward` the file declares), Promises
 * refused.
 */
import { types } from 'node:util';
import type { EnvironmentFields, EnvironmentSpec, LogRewardField, ParentTransition } from '../authoring/api';
import type { UserFunctionName } from '../dag/dag';
import { canonicalKey, previewValue, UnidentifiableValueError } from '../dag/stateKey';
import { NondeterminismLog } from './nondeterminism';
import { CANCEL, HEARTBEAT, RUNNING, codeOf, createSharedState, nameOf, type GuardedName } from './slots';

export type { GuardedName } from './slots';

/** Longest description of a thrown value kept in a message: a 20 MB error message is not a diagnostic. */
export const MAX_DESCRIPTION = 500;
/** Longest label `render` may give (an SVG drawing included): the flow graph carries one per state. */
export const MAX_LABEL = 100_000;
/** Longest environment name kept (it appears in every summary and title). */
const MAX_NAME = 200;
/** Longest stack text kept for mapping the throw site. */
const MAX_STACK = 16_000;

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

const GUARDED = Symbol('gflownet-studio.guarded');
const { isNativeError, isPromise, isProxy } = types;
const isArray = Array.isArray;
// eslint-disable-next-line @typescript-eslint/unbound-method -- a static method that ignores `this`, taken once like the others
const isView = ArrayBuffer.isView;

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

/**
 * Whether `value` is an instance of the engine's class `C`, without running user code: `instanceof` on a Proxy asks
 * its getPrototypeOf trap, which may throw or loop. A Proxy is never one of the engine's own objects.
 */
export function isEngineInstance<T>(value: unknown, C: abstract new (...args: never[]) => T): value is T {
  return typeof value === 'object' && value !== null && !isProxy(value) && value instanceof C;
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

function stackOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const stack = readString(() => (error as { stack?: unknown }).stack);
  // The frames are at the end, after the message (which may be megabytes): keep the end.
  return stack === undefined ? undefined : stack.slice(-MAX_STACK);
}

/**
 * A Promise, or an object with a `then` method of its own. Inherited `then` does not count: a file that sets
 * Object.prototype.then would make every state a thenable.
 */
function isThenable(v: unknown): boolean {
  if (isPromise(v)) return true;
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return false;
  return Object.hasOwn(v, 'then') && typeof (v as { then?: unknown }).then === 'function';
}

export class Guard {
  private readonly slots: Int32Array;
  private pendingExit: ExitAttempt | undefined;
  /** Calls of clocks and random sources from functions that must be deterministic (see src/sandbox/nondeterminism.ts). */
  readonly nondeterminism = new NondeterminismLog(() => this.running());
  constructor(shared: SharedArrayBuffer = createSharedState()) {
    this.slots = new Int32Array(shared);
  }

  /** The user function running now, or undefined when engine code runs. */
  running(): GuardedName | undefined {
    const code = this.slots[RUNNING];
    return code === 0 ? undefined : nameOf(code);
  }

  /**
   * Runs `f(a, b)` as user code `name`: watched, and whatever it throws becomes a UserCodeError. Arguments are
   * passed through rather than closed over, so a hot call allocates nothing. The slots are written without Atomics:
   * the watchdog thread only needs to see them within a tick, and a call into user code publishes them.
   */
  run<T, X = undefined, Y = undefined>(name: GuardedName, f: (a: X, b: Y) => T, a?: X, b?: Y): T {
    const slots = this.slots;
    const previous = slots[RUNNING];
    slots[RUNNING] = codeOf(name);
    slots[HEARTBEAT]++;
    try {
      const result = f(a as X, b as Y);
      if (this.pendingExit) this.throwPendingExit(name);
      return result;
    } catch (error) {
      // Still marked as running `name`: describing the error may run user getters, under the same watch.
      // Never `instanceof` on what user code threw: a Proxy's getPrototypeOf trap would run (and could throw).
      if (isEngineInstance(error, UserCodeError)) throw error;
      const exit = this.pendingExit ?? (isEngineInstance(error, ExitAttempt) ? error : undefined);
      this.pendingExit = undefined;
      if (exit) throw new UserCodeError(name, 'process-exit', exit.message, stackOf(exit));
      throw new UserCodeError(name, 'exception', describeThrown(error), stackOf(error));
    } finally {
      slots[RUNNING] = previous;
      slots[HEARTBEAT]++;
    }
  }

  /** Called by the sandbox's process.exit and friends: the current call fails even if user code catches this. */
  exitAttempt(what: string): never {
    const attempt = new ExitAttempt(what);
    this.pendingExit ??= attempt;
    throw attempt;
  }

  private throwPendingExit(name: GuardedName): void {
    const exit = this.pendingExit;
    if (!exit) return;
    this.pendingExit = undefined;
    throw new UserCodeError(name, 'process-exit', exit.message, stackOf(exit));
  }

  /** A heartbeat from engine code in long loops: the host's watchdog then knows the sandbox is alive. */
  beat(): void {
    this.slots[HEARTBEAT]++;
  }

  isCancelled(): boolean {
    this.slots[HEARTBEAT]++;
    return Atomics.load(this.slots, CANCEL) !== 0;
  }
}

function refuseAsync(fn: GuardedName, value: unknown): void {
  if (isThenable(value)) {
    throw new UserCodeError(fn, 'async', `${fn} returned a Promise: GFlowNet functions must be synchronous (remove \`async\` and \`await\`)`);
  }
}

/** This realm's copy of an array user code returned (length and elements may be getters or Proxy traps). */
function copyArray(fn: GuardedName, value: unknown, what: string): unknown[] {
  refuseAsync(fn, value);
  if (!isArray(value) && !isView(value)) {
    throw new UserCodeError(fn, 'invalid-return', `${fn} returned ${previewValue(value, 60)}, not ${what}`);
  }
  const source = value as ArrayLike<unknown>;
  const n = source.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new UserCodeError(fn, 'invalid-return', `${fn} returned an array-like with length ${previewValue(n, 40)}`);
  const copy = new Array<unknown>(n);
  for (let i = 0; i < n; i++) copy[i] = source[i];
  return copy;
}

/** Which function of the file gives the reward: R(x) or log R(x). */
export type RewardFieldName = 'reward' | 'logReward';

/**
 * The environment the engine works with: every function guarded, `key` and `actionKey` always present, and the
 * reward always as `logReward` (log R(x), whichever of `reward` and `logReward` the file declares): the engine works
 * in log space.
 */
export type GuardedEnvironment<S, A> = EnvironmentFields<S, A> & LogRewardField<S> & {
  /** The declared reward function: diagnostics and failures of the reward name it and sit on it. */
  rewardField: RewardFieldName;
  /**
   * What the declared function returned for terminal x, unconverted: a number (R(x) or log R(x)), or an InvalidValue
   * for anything else. Validation tells negative, NaN, infinite and non-number rewards apart with it.
   */
  rewardValue: (x: S) => number | InvalidValue;
  key: (s: S) => string;
  /** The canonical key of an action (actions are compared by value). */
  actionKey: (a: A) => string;
  /** step(s, a) with the key of the child, computed once. */
  stepKeyed: (s: S, a: A) => { state: S; key: string };
};

/** `env` itself when it is already guarded, else a guarded copy with a guard of its own (in-process use). */
export function ensureGuarded<S, A>(env: EnvironmentSpec<S, A>): GuardedEnvironment<S, A> {
  return (env as unknown as Record<symbol, unknown>)[GUARDED] === true ? (env as GuardedEnvironment<S, A>) : guardEnvironment(env);
}

/**
 * The environment as the engine uses it: each function guarded and its result sanitised. `key` is always present:
 * the user's (its result must be a string or a primitive) or the canonical key of src/dag/stateKey.ts. Keys of object
 * states and actions are computed as soon as they are made, under the function that made them (a looping getter
 * in a state from `step` is reported on `step`), and remembered for that object.
 * `raw` is read once, under 'load' (it may be a Proxy); the engine never touches it again.
 */
export function guardEnvironment<S, A>(raw: EnvironmentSpec<S, A>, guard: Guard = new Guard()): GuardedEnvironment<S, A> {
  const spec = guard.run('load', () => ({
    name: raw.name,
    initial: raw.initial,
    actions: raw.actions,
    step: raw.step,
    reward: raw.reward,
    logReward: raw.logReward,
    canStop: raw.canStop,
    key: raw.key,
    encode: raw.encode,
    render: raw.render,
    parents: raw.parents,
    isMode: raw.isMode,
    project: raw.project,
  }));
  // Read on its own: a Proxy or getter there is reported on `actionSpace`.
  const declaredSpace = guard.run('actionSpace', () => {
    const space: unknown = raw.actionSpace;
    return space === undefined ? undefined : copyArray('actionSpace', space, 'an array');
  });
  const known = new WeakMap<object, string>();
  /** The canonical key of `v`, made by `by`; the caller is already guarded (inside `guard.run`). */
  const canonicalInside = (v: unknown, by: GuardedName, what: string): string => {
    const t = typeof v;
    if (t !== 'object' && t !== 'function' && t !== 'symbol') return canonicalKey(v);
    const seen = v !== null && t === 'object' ? known.get(v as object) : undefined;
    if (seen !== undefined) return seen;
    refuseAsync(by, v);
    let k: string;
    try {
      k = canonicalKey(v);
    } catch (error) {
      if (!isEngineInstance(error, UnidentifiableValueError)) throw error;
      throw new UserCodeError(by, 'unidentifiable', `${by} made ${what} that cannot be identified: it contains ${error.reason}. Declare \`key: (s) => string\` to say which states are the same. It was ${previewValue(v)}`);
    }
    if (v !== null && t === 'object') known.set(v as object, k);
    return k;
  };
  /** The same from engine code: primitives need no guard, objects are read under `by`. */
  const canonical = (v: unknown, by: GuardedName, what: string): string => {
    const t = typeof v;
    if (t !== 'object' && t !== 'function' && t !== 'symbol') return canonicalKey(v);
    const seen = v !== null && t === 'object' ? known.get(v as object) : undefined;
    return seen ?? guard.run(by, () => canonicalInside(v, by, what));
  };
  const userKey = spec.key as ((s: unknown) => unknown) | undefined;
  const stateKey = (s: unknown, by: GuardedName): string => {
    if (!userKey) return canonical(s, by, 'a state');
    return guard.run('key', () => {
      const out = userKey(s);
      refuseAsync('key', out);
      if (typeof out === 'string') return out;
      if (typeof out === 'number' || typeof out === 'bigint' || typeof out === 'boolean') return String(out);
      throw new UserCodeError('key', 'invalid-return', `key returned ${previewValue(out, 60)}, not a string`);
    });
  };
  const actionKey = (a: unknown, by: GuardedName): string => canonical(a, by, 'an action');
  const actionSpace = declaredSpace as A[] | undefined;
  if (actionSpace) for (const a of actionSpace) actionKey(a, 'actionSpace');
  // The hot calls, made once: guard.run passes the arguments, so a call allocates no closure.
  let childKey = '';
  const stepChild = (s: S, a: A): S => {
    const child = spec.step(s, a);
    refuseAsync('step', child);
    if (!userKey) childKey = canonicalInside(child, 'step', 'a state');
    return child;
  };
  /** step(s, a) and the child's key; without a user key, the key is read under `step`, which made the child. */
  const stepKeyed = (s: S, a: A): { state: S; key: string } => {
    const state = guard.run('step', stepChild, s, a);
    return { state, key: userKey ? stateKey(state, 'key') : childKey };
  };
  const listActions = (s: S): A[] => {
    const list = copyArray('actions', spec.actions(s), 'an array of actions') as A[];
    for (const a of list) canonicalInside(a, 'actions', 'an action');
    return list;
  };
  // The loader checked that exactly one is a function; in-process callers pass environments of their own.
  const rewardField: RewardFieldName = spec.logReward !== undefined ? 'logReward' : 'reward';
  const userReward = (rewardField === 'logReward' ? spec.logReward : spec.reward) as ((x: S) => unknown) | undefined;
  if (typeof userReward !== 'function') throw new Error(`guardEnvironment: ${rewardField} is not a function`);
  const rewardOf = (x: S): number | InvalidValue => {
    const r = userReward(x);
    refuseAsync(rewardField, r);
    return typeof r === 'number' ? r : new InvalidValue(previewValue(r, 60));
  };
  const rewardValue = (x: S): number | InvalidValue => guard.run(rewardField, rewardOf, x);
  /** log R(x): NaN for what is not a reward (a non-number, NaN; for `reward` also a negative or -Infinity R). */
  const logReward = (x: S): number => {
    const r = rewardValue(x);
    if (typeof r !== 'number') return Number.NaN;
    if (rewardField === 'logReward') return r;
    return r >= 0 ? Math.log(r) : Number.NaN; // log 0 = -Infinity: a zero reward
  };
  const initialKey = stateKey(spec.initial, 'initial');
  const wrapUnary = <R>(name: UserFunctionName, f: ((s: S) => unknown) | undefined, sanitize: (v: unknown) => R): ((s: S) => R) | undefined => {
    if (f === undefined) return undefined;
    const call = (s: S) => sanitize(f(s));
    return (s: S) => guard.run(name, call, s);
  };

  const guarded: GuardedEnvironment<S, A> = {
    name: typeof spec.name === 'string' ? spec.name.slice(0, MAX_NAME) : 'environment',
    initial: spec.initial,
    actionSpace,
    actions: (s: S) => guard.run('actions', listActions, s),
    step: (s: S, a: A) => stepKeyed(s, a).state,
    stepKeyed,
    logReward,
    rewardField,
    rewardValue,
    key: (s: S) => (s === spec.initial ? initialKey : stateKey(s, 'key')),
    actionKey: (a: A) => actionKey(a, 'actions'),
  };
  const canStop = wrapUnary('canStop', spec.canStop, (v) => {
    refuseAsync('canStop', v);
    return Boolean(v);
  });
  if (canStop) guarded.canStop = canStop;
  // Not an array: an InvalidValue for validation to count (invalid-encoding), not an exception.
  const encode = wrapUnary('encode', spec.encode, (v) => {
    refuseAsync('encode', v);
    if (!isArray(v) && !isView(v)) return new InvalidValue(previewValue(v, 60)) as unknown as number[];
    return copyArray('encode', v, 'an array of numbers').map((x) => (typeof x === 'number' ? x : new InvalidValue(previewValue(x, 40)))) as number[];
  });
  if (encode) guarded.encode = encode;
  const render = wrapUnary('render', spec.render, (v) => {
    refuseAsync('render', v);
    if (typeof v !== 'string') throw new UserCodeError('render', 'invalid-return', `render returned ${previewValue(v, 60)}, not a string`);
    if (v.length > MAX_LABEL) throw new UserCodeError('render', 'invalid-return', `render returned ${v.length} characters, more than a label may have (${MAX_LABEL})`);
    return v;
  });
  if (render) guarded.render = render;
  // A truthy non-boolean is refused: `isMode: (x) => x.score` returning a number is a mistake the counts would hide.
  const isMode = wrapUnary('isMode', spec.isMode, (v) => {
    refuseAsync('isMode', v);
    if (typeof v !== 'boolean') throw new UserCodeError('isMode', 'invalid-return', `isMode returned ${previewValue(v, 60)}, not a boolean (true or false)`);
    return v;
  });
  if (isMode) guarded.isMode = isMode;
  const project = wrapUnary('project', spec.project, (v): readonly [number, number] => {
    refuseAsync('project', v);
    const cell = isArray(v) || isView(v) ? copyArray('project', v, 'an array [i, j]') : null;
    const [i, j] = cell ?? [];
    const index = (c: unknown) => typeof c === 'number' && Number.isSafeInteger(c) && c >= 0;
    if (!cell || cell.length !== 2 || !index(i) || !index(j)) {
      throw new UserCodeError('project', 'invalid-return', `project returned ${previewValue(v, 60)}, not [i, j] with integers i, j >= 0 (the row and column of a cell)`);
    }
    return [i as number, j as number];
  });
  if (project) guarded.project = project;
  const parents = spec.parents;
  if (parents) {
    guarded.parents = (s: S) =>
      guard.run('parents', () =>
        copyArray('parents', parents(s), 'an array of { state, action }').map((p) => {
          if (typeof p !== 'object' || p === null) throw new UserCodeError('parents', 'invalid-return', `parents returned ${previewValue(p, 60)} in its list, not { state, action }`);
          const t = { state: (p as ParentTransition<S, A>).state, action: (p as ParentTransition<S, A>).action };
          stateKey(t.state, 'parents');
          actionKey(t.action, 'parents');
          return t;
        }),
      );
  }
  Object.defineProperty(guarded, GUARDED, { value: true });
  return guarded;
}
