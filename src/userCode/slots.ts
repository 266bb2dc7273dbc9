/**
 * The shared memory between the sandbox process's main thread (engine and user code) and its watchdog thread: a few
 * Int32 slots in a SharedArrayBuffer, read and written with Atomics, so the watchdog can report a main thread that
 * is busy in a synchronous loop, and the main thread can see a cancel request without yielding to its event loop.
 * The guard writes them on every call of user code (src/userCode/guard.ts); the process reads them
 * (src/sandbox/child.ts, src/sandbox/watchdog.ts), so they live here, below both.
 */
import type { UserFunctionName } from '../dag/dag';

/** Bumped on entry to and exit from every user function call. A stalled value during a call means a slow call. */
export const HEARTBEAT = 0;
/** The code of the user function running now (0: none, engine code). */
export const RUNNING = 1;
/** Set to 1 by the host to ask the job to stop. */
export const CANCEL = 2;
/** Set to 1 when the job starts: the watchdog thread waits for it (an idle spare process costs nothing). */
export const STARTED = 3;
const SLOTS = 4;

/**
 * What may run user code: the user functions; 'load' for the file's top-level code and reading its default export;
 * 'initial' and 'actionSpace' for reading those; 'timer' for callbacks of timers and promises user code scheduled.
 */
export type GuardedName = UserFunctionName | 'load' | 'initial' | 'actionSpace' | 'timer';
export const GUARDED_NAMES: readonly GuardedName[] = ['load', 'actions', 'step', 'reward', 'canStop', 'key', 'encode', 'render', 'parents', 'initial', 'actionSpace', 'timer', 'logReward', 'isMode', 'project'];

export function codeOf(name: GuardedName): number {
  return GUARDED_NAMES.indexOf(name) + 1;
}

export function nameOf(code: number): GuardedName | undefined {
  return GUARDED_NAMES[code - 1];
}

export function createSharedState(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
}
