/**
 * The boundary between the engine and user code. Every call into user code, and every read of a value user code
 * made (its properties may be getters, its arrays Proxies), goes through `Guard.run`, which:
 * - bumps the shared heartbeat and records which user function runs, so the host's watchdog can stop a call that
 *   runs past the time limit and say which function it was (src/sandbox/host.ts, src/userCode/slots.ts);
 * - turns whatever is thrown (any value, even one whose `message` getter throws or loops) into a UserCodeError of
 *   this realm with a bounded description (src/userCode/describeThrown.ts), read while the watchdog still watches;
 * - notices process.exit() attempts (the user realm's `process` turns them into ExitAttempt, see userRealm.ts).
 * The environment the engine uses, every function behind this guard and its values sanitised, is
 * src/userCode/guardedEnvironment.ts's.
 */
import { describeThrown, stackOf } from './describeThrown';
import { ExitAttempt, isEngineInstance, UserCodeError } from './errors';
import { NondeterminismLog } from './nondeterminism';
import { CANCEL, HEARTBEAT, RUNNING, codeOf, createSharedState, nameOf, type GuardedName } from './slots';

export class Guard {
  private readonly slots: Int32Array;
  private pendingExit: ExitAttempt | undefined;
  /** Calls of clocks and random sources from functions that must be deterministic (see src/userCode/nondeterminism.ts). */
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
