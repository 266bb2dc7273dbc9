/**
 * The environment as the engine sees it: `guardEnvironment` wraps a user's environment so that every function runs
 * under the guard (src/userCode/guard.ts) and the engine only ever sees sanitised values: arrays copied into this
 * realm, keys as strings, rewards as log R (whichever of `reward` and `logReward` the file declares), Promises refused.
 */
import { types } from 'node:util';
import type { EnvironmentFields, EnvironmentSpec, LogRewardField, ParentTransition } from '../authoring/api';
import type { UserFunctionName } from '../dag/dag';
import { canonicalKey, previewValue, UnidentifiableValueError } from '../dag/stateKey';
import { InvalidValue, isEngineInstance, UserCodeError } from './errors';
import { Guard } from './guard';
import type { GuardedName } from './slots';

/** Longest label `render` may give (an SVG drawing included): the flow graph carries one per state. */
export const MAX_LABEL = 100_000;
/** Longest environment name kept (it appears in every summary and title). */
const MAX_NAME = 200;

const GUARDED = Symbol('gflownet-studio.guarded');
const { isPromise } = types;
const isArray = Array.isArray;
// eslint-disable-next-line @typescript-eslint/unbound-method -- a static method that ignores `this`, taken once like isArray
const isView = ArrayBuffer.isView;

/**
 * A Promise, or an object with a `then` method of its own. Inherited `then` does not count: a file that sets
 * Object.prototype.then would make every state a thenable.
 */
function isThenable(v: unknown): boolean {
  if (isPromise(v)) return true;
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return false;
  return Object.hasOwn(v, 'then') && typeof (v as { then?: unknown }).then === 'function';
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
