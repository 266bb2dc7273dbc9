/**
 * The host's watchdog decisions, apart from processes and timers so that they can be tested tick by tick: given the
 * ticks of the sandbox's watchdog thread (heartbeat, running user function, resident memory; src/sandbox/child.ts),
 * when must the process be ended, and why.
 *
 * Time and memory are told apart by what was measured during the stalled call, not by which limit fired first: on
 * a slow or loaded machine, filling a 256 MB heap can take longer than a 500 ms call limit, and a call that was
 * stopped while it hoarded memory must be reported as a memory problem, not as a loop. So the watchdog remembers
 * the resident memory when each call began (the first tick showing its heartbeat) and, when a call runs past the
 * time limit, compares.
 */
import type { Tick } from './process';
import { nameOf, type GuardedName } from '../userCode/slots';

const MB = 1024 * 1024;

/** Resident memory allowed beyond the heap limit: Node itself, WebAssembly memory (TensorFlow.js), buffers. */
export const RSS_HEADROOM_MB = 512;
/** Engine code beats often (every user call, every training iteration): this long without a beat is a hang. */
export const ENGINE_STALL_MS = 30_000;
/** A process whose watchdog thread has not ticked for this long (beyond the call limit) is stuck as a whole. */
export const TICK_SILENCE_MS = 10_000;

/**
 * A call that runs past the time limit after growing the process's resident memory by this much is filling memory,
 * not looping: far above what a loop of short-lived garbage keeps (V8's young generation is at most 48 MB on 64-bit
 * Node), and a fraction of the heap limit that any machine fills in one call limit when it allocates without end.
 */
export function hoardingGrowthBytes(memoryLimitMb: number): number {
  return Math.max(64, memoryLimitMb / 8) * MB;
}

/** What the memory did during the call that was stopped. */
export interface CallMemory {
  /** Resident memory when the call began, and when it was stopped (MB). */
  fromMb: number;
  toMb: number;
  /** How long the call had run when it was stopped (ms). */
  ms: number;
}

export type Stop =
  | { kind: 'time'; fn: GuardedName | undefined; memory: CallMemory }
  /** Resident memory passed the limit (`during` absent), or a call past its time limit was filling memory. */
  | { kind: 'memory'; fn: GuardedName | undefined; rssMb: number; during?: CallMemory }
  | { kind: 'unresponsive'; fn: GuardedName | undefined; silentMs: number }
  | { kind: 'cancelled' };

export interface WatchdogLimits {
  callTimeLimitMs: number;
  memoryLimitMb: number;
}

export class Watchdog {
  private lastBeat = -1;
  private lastChange: number;
  private callStartRss = 0;
  private readonly rssLimit: number;

  constructor(
    private readonly limits: WatchdogLimits,
    private readonly startedAt: number,
  ) {
    this.lastChange = startedAt;
    this.rssLimit = (limits.memoryLimitMb + RSS_HEADROOM_MB) * MB;
  }

  /** Called every few ms with the latest tick (if any yet) and when it arrived: a Stop when the process must end. */
  check(tick: Tick | undefined, lastTickAt: number, now: number): Stop | undefined {
    const { callTimeLimitMs, memoryLimitMb } = this.limits;
    const silentMs = now - (tick ? lastTickAt : this.startedAt);
    if (silentMs > TICK_SILENCE_MS + callTimeLimitMs) return { kind: 'unresponsive', fn: tick ? nameOf(tick.running) : undefined, silentMs };
    if (!tick) return undefined;
    const fn = nameOf(tick.running);
    if (tick.rssBytes > this.rssLimit) return { kind: 'memory', fn, rssMb: toMb(tick.rssBytes) };
    if (tick.beat !== this.lastBeat) {
      this.lastBeat = tick.beat;
      this.lastChange = now;
      this.callStartRss = tick.rssBytes;
      return undefined;
    }
    const stalled = now - this.lastChange;
    if (tick.running !== 0 && stalled > callTimeLimitMs) {
      const memory: CallMemory = { fromMb: toMb(this.callStartRss), toMb: toMb(tick.rssBytes), ms: stalled };
      const grew = tick.rssBytes - this.callStartRss;
      if (grew >= hoardingGrowthBytes(memoryLimitMb)) return { kind: 'memory', fn, rssMb: memory.toMb, during: memory };
      return { kind: 'time', fn, memory };
    }
    if (tick.running === 0 && stalled > Math.max(ENGINE_STALL_MS, callTimeLimitMs)) return { kind: 'unresponsive', fn: undefined, silentMs: stalled };
    return undefined;
  }
}

function toMb(bytes: number): number {
  return Math.round(bytes / MB);
}
