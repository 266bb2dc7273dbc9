/**
 * The host's watchdog decisions (src/sandbox/watchdog.ts), tick by tick with made-up clocks: what a stalled call is
 * reported as depends on what its memory did, never on how fast the machine is.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../../src/userCode/slots';
import { ENGINE_STALL_MS, RSS_HEADROOM_MB, TICK_SILENCE_MS, Watchdog, hoardingGrowthBytes } from '../../../src/sandbox/watchdog';

const MB = 1024 * 1024;
const STEP = codeOf('step');

/** Feeds ticks every 25 ms of a call that began at beat 1 with `rssAt(t)` (MB); returns the first Stop and its time. */
function stall(limits: { callTimeLimitMs: number; memoryLimitMb: number }, rssAt: (ms: number) => number, untilMs = 60_000) {
  const dog = new Watchdog(limits, 0);
  for (let t = 0; t <= untilMs; t += 25) {
    const stop = dog.check({ beat: 1, running: STEP, rssBytes: rssAt(t) * MB }, t, t);
    if (stop) return { stop, at: t };
  }
  return undefined;
}

describe('the watchdog', () => {
  it('calls a stalled call whose memory stays flat a time-limit, with the memory it measured', () => {
    const found = stall({ callTimeLimitMs: 500, memoryLimitMb: 256 }, () => 60);
    expect(found?.stop).toEqual({ kind: 'time', fn: 'step', memory: { fromMb: 60, toMb: 60, ms: 525 } });
  });

  it('calls a call that grew by the hoarding threshold when its time ran out a memory-limit, whatever the speed', () => {
    // A slow machine: 150 MB/s, far from a 256 MB heap when the 500 ms run out.
    const slow = stall({ callTimeLimitMs: 500, memoryLimitMb: 256 }, (t) => 60 + 0.15 * t);
    expect(slow?.stop.kind).toBe('memory');
    expect(slow?.stop).toMatchObject({ fn: 'step', during: { fromMb: 60, toMb: 139, ms: 525 } });
    // A fast machine with a long limit: the resident limit (heap + headroom) stops it first, without a stall.
    const fast = stall({ callTimeLimitMs: 5000, memoryLimitMb: 256 }, (t) => 60 + 2 * t);
    expect(fast?.stop).toEqual({ kind: 'memory', fn: 'step', rssMb: 60 + 2 * fast!.at });
    expect(60 + 2 * fast!.at).toBeGreaterThan(256 + RSS_HEADROOM_MB);
  });

  it('keeps garbage below the threshold a time-limit: young-generation churn is not hoarding', () => {
    const churn = stall({ callTimeLimitMs: 2000, memoryLimitMb: 2048 }, (t) => 60 + ((t / 25) % 20) * 2);
    expect(churn?.stop.kind).toBe('time');
    expect(hoardingGrowthBytes(256)).toBe(64 * MB);
    expect(hoardingGrowthBytes(2048)).toBe(256 * MB);
  });

  it('measures growth from the start of the stalled call, not of the job', () => {
    const dog = new Watchdog({ callTimeLimitMs: 500, memoryLimitMb: 256 }, 0);
    // Earlier calls raised memory to 300 MB (beats 1..10), then call 11 loops with memory flat.
    let t = 0;
    for (let beat = 1; beat <= 10; beat++, t += 25) expect(dog.check({ beat, running: STEP, rssBytes: (60 + 24 * beat) * MB }, t, t)).toBeUndefined();
    let stop;
    for (; !stop; t += 25) stop = dog.check({ beat: 11, running: STEP, rssBytes: 300 * MB }, t, t);
    expect(stop).toMatchObject({ kind: 'time', memory: { fromMb: 300, toMb: 300 } });
  });

  it('reports silence and an engine stall as unresponsive', () => {
    const silent = new Watchdog({ callTimeLimitMs: 500, memoryLimitMb: 256 }, 0);
    expect(silent.check(undefined, 0, TICK_SILENCE_MS)).toBeUndefined();
    expect(silent.check(undefined, 0, TICK_SILENCE_MS + 501)).toMatchObject({ kind: 'unresponsive', fn: undefined });
    const engine = new Watchdog({ callTimeLimitMs: 500, memoryLimitMb: 256 }, 0);
    expect(engine.check({ beat: 3, running: 0, rssBytes: 60 * MB }, 0, 0)).toBeUndefined();
    expect(engine.check({ beat: 3, running: 0, rssBytes: 60 * MB }, ENGINE_STALL_MS, ENGINE_STALL_MS)).toBeUndefined();
    expect(engine.check({ beat: 3, running: 0, rssBytes: 60 * MB }, ENGINE_STALL_MS + 1, ENGINE_STALL_MS + 1)).toMatchObject({ kind: 'unresponsive' });
  });
});
