/**
 * The relay between a training run's reports and the screen (extension/reportRelay.ts): the reports of a real run
 * of smiley that reports at every iteration reach the panel all of them, in order, in one batch per interval, with
 * the latest flow snapshot; the run's end delivers what is pending at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { explore } from '../../../src/dag/explore';
import { runTraining } from '../../../src/train/session';
import type { FromSandbox } from '../../../shared/protocol';
import type { FlowSnapshot } from '../../../shared/flowSnapshot';
import type { TrainProgress } from '../../../shared/trainProgress';
import { RELAY_INTERVAL_MS, ReportRelay } from '../../../extension/reportRelay';
import { trainConfig } from '../train/helpers';

async function reports(): Promise<FromSandbox[]> {
  const messages: FromSandbox[] = [];
  const config = trainConfig({ iterations: 40, hidden: 8, reportEvery: 1 });
  await runTraining(smiley, explore(smiley).dag, { type: 'train', file: 'smiley.gfn.ts', config }, { post: (m) => messages.push(m), isCancelled: () => false });
  return messages.filter((m) => m.type === 'progress' || m.type === 'flows');
}

describe('ReportRelay', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes every report on in order, batched once per interval, with the latest flow snapshot', async () => {
    vi.useRealTimers();
    const messages = await reports();
    vi.useFakeTimers();
    const sent = messages.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
    const snapshots = messages.flatMap((m) => (m.type === 'flows' ? [m.snapshot] : []));
    expect(sent.length).toBe(40);
    expect(snapshots.length).toBe(40);
    const delivered: { points: TrainProgress[]; snapshot: FlowSnapshot | undefined }[] = [];
    const relay = new ReportRelay((points, snapshot) => delivered.push({ points, snapshot }));
    // The first 30 reports arrive faster than the interval: nothing reaches the screen until it has passed.
    const split = messages.findIndex((m) => m.type === 'progress' && m.progress.iteration === 31);
    for (const m of messages.slice(0, split)) {
      if (m.type === 'progress') relay.progress(m.progress);
      else if (m.type === 'flows') relay.flows(m.snapshot);
      vi.advanceTimersByTime(1);
    }
    expect(delivered.length).toBe(0);
    vi.advanceTimersByTime(RELAY_INTERVAL_MS);
    expect(delivered.length).toBe(1);
    expect(delivered[0].points.map((p) => p.iteration)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(delivered[0].snapshot).toBe(snapshots[29]);
    // The rest, then the run ends: flush delivers them without waiting, and nothing comes after.
    for (const m of messages.slice(split)) {
      if (m.type === 'progress') relay.progress(m.progress);
      else if (m.type === 'flows') relay.flows(m.snapshot);
    }
    relay.flush();
    expect(delivered.length).toBe(2);
    expect(delivered[1].points).toEqual(sent.slice(30));
    expect(delivered[1].snapshot).toBe(snapshots[39]);
    vi.advanceTimersByTime(10 * RELAY_INTERVAL_MS);
    relay.flush();
    expect(delivered.length).toBe(2);
  }, 60_000);

  it('a steady stream does not postpone delivery: one batch per interval', () => {
    const delivered: number[][] = [];
    const relay = new ReportRelay((points) => delivered.push(points.map((p) => p.iteration)));
    for (let i = 1; i <= 50; i++) {
      relay.progress({ iteration: i } as TrainProgress);
      vi.advanceTimersByTime(RELAY_INTERVAL_MS / 10);
    }
    expect(delivered.length).toBe(5);
    expect(delivered.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
