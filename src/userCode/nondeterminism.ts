/**
 * Clocks and random sources of the user realm, watched: a call of Math.random, Date.now, `new Date()`, Date(),
 * performance.now or crypto's random functions made while the engine is inside a function whose result must depend
 * only on its arguments (step, actions, reward/logReward, canStop, key) is recorded with its stack, so validation
 * reports it every time, on the line of the call. Comparing two calls of `step` only finds a random step by chance.
 * Calls from top-level code, timers and the other functions (render, encode, parents, isMode, project) stay silent.
 * Every watched source still answers what it did: user code sees no difference.
 */
import * as vm from 'node:vm';
import type { GuardedName } from './slots';

/** The functions whose results must be deterministic: the DAG, its terminals and its rewards are built from them. */
export const DETERMINISTIC_FUNCTIONS: readonly GuardedName[] = ['actions', 'step', 'reward', 'logReward', 'canStop', 'key'];

/** Distinct (function, source) pairs kept: each is one diagnostic. */
const MAX_RECORDS = 50;

/** The first call of `source` from `fn`, with the stack of that call, and how many calls followed. */
export interface NondeterministicCall {
  fn: GuardedName;
  /** What was called, as the user wrote it: `Math.random()`, `new Date()`. */
  source: string;
  /** The stack of the first call: its first frame in the `.gfn.ts` is the call site. */
  stack: string | undefined;
  count: number;
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- a static method, taken before user code runs
const captureStackTrace = Error.captureStackTrace;

export class NondeterminismLog {
  private readonly calls = new Map<string, NondeterministicCall>();
  private readonly watched: ReadonlySet<GuardedName> = new Set(DETERMINISTIC_FUNCTIONS);

  constructor(private readonly running: () => GuardedName | undefined) {}

  /**
   * Called by a watched source before it answers. `caller` is the wrapper itself: the stack starts at the user's
   * call. Only the first call per function and source pays for a stack.
   */
  note(source: string, caller: (...args: never[]) => unknown): void {
    const fn = this.running();
    if (fn === undefined || !this.watched.has(fn)) return;
    const id = `${fn}\u0000${source}`;
    const seen = this.calls.get(id);
    if (seen) {
      seen.count++;
      return;
    }
    if (this.calls.size >= MAX_RECORDS) return;
    const holder: { stack?: string } = {};
    captureStackTrace(holder, caller);
    this.calls.set(id, { fn, source, stack: typeof holder.stack === 'string' ? holder.stack : undefined, count: 1 });
  }

  /** What was recorded, in the order of first calls. */
  list(): NondeterministicCall[] {
    return [...this.calls.values()];
  }
}

type AnyFunction = (...args: unknown[]) => unknown;

/** `f` of `owner`, noting each call as `source` first. A method (not constructible), named like the original. */
function watchedMethod(log: NondeterminismLog, owner: object, method: unknown, source: string): AnyFunction {
  const f = method as AnyFunction;
  const wrapper = {
    [f.name](...args: unknown[]): unknown {
      log.note(source, wrapper);
      return Reflect.apply(f, owner, args);
    },
  }[f.name];
  return wrapper;
}

/** Crypto's random functions, by the names of node:crypto and of the Web Crypto object. */
const CRYPTO_RANDOM = new Set(['getRandomValues', 'randomUUID', 'randomBytes', 'randomInt', 'randomFill', 'randomFillSync', 'pseudoRandomBytes', 'prng', 'rng']);

/**
 * `crypto` (node:crypto or the Web Crypto object) as user code sees it: its random functions watched, everything
 * else the engine's, methods bound; `webcrypto` watched likewise.
 */
export function watchedCrypto<T extends object>(log: NondeterminismLog, crypto: T, prefix = 'crypto'): T {
  return new Proxy(crypto, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'webcrypto' && typeof value === 'object' && value !== null) return watchedCrypto(log, value, 'crypto.webcrypto');
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && CRYPTO_RANDOM.has(property)) return watchedMethod(log, target, value, `${prefix}.${property}()`);
      return (value as AnyFunction).bind(target);
    },
  });
}

/** `performance` with `now` watched; everything else the engine's, methods bound. */
export function watchedPerformance(log: NondeterminismLog, perf: Performance): Performance {
  const now = watchedMethod(log, perf, Reflect.get(perf, 'now'), 'performance.now()');
  return new Proxy(perf, {
    get(target, property) {
      if (property === 'now') return now;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as AnyFunction).bind(target) : value;
    },
  });
}

/**
 * Watches the realm's own Math.random, Date.now, `new Date()` and `Date()` (a call without arguments: the time now).
 * `Date` becomes a Proxy of the realm's Date, so instances, `instanceof Date` and subclasses are unchanged.
 */
export function watchRealmClocks(context: vm.Context, log: NondeterminismLog): void {
  const realm = vm.runInContext('({ Math, Date })', context) as { Math: Math; Date: DateConstructor };
  const { Math: realmMath, Date: RealmDate } = realm;
  realmMath.random = watchedMethod(log, realmMath, Reflect.get(realmMath, 'random'), 'Math.random()') as () => number;
  RealmDate.now = watchedMethod(log, RealmDate, Reflect.get(RealmDate, 'now'), 'Date.now()') as () => number;
  // The traps are the stack's cut-off points: frames above them are the user's call.
  const construct = (target: DateConstructor, args: unknown[], newTarget: AnyFunction): object => {
    if (args.length === 0) log.note('new Date()', construct);
    return Reflect.construct(target as AnyFunction, args, newTarget === WatchedDate ? target : newTarget) as object;
  };
  const apply = (target: DateConstructor, thisArg: unknown, args: unknown[]): unknown => {
    log.note('Date()', apply);
    return Reflect.apply(target, thisArg, args);
  };
  const WatchedDate = new Proxy(RealmDate, { construct, apply });
  // `new Date(0).constructor === Date` stays true in user code.
  Object.defineProperty(RealmDate.prototype, 'constructor', { value: WatchedDate, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(context, 'Date', { value: WatchedDate, writable: true, configurable: true, enumerable: false });
}
