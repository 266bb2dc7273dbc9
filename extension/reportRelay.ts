/**
 * A training run's reports on their way to the screen. The trainer reports every `reportEvery` iterations, which on
 * a small DAG is a hundred times a second. Each report used to go at once to the status bar, the progress
 * notification and the panel (which saves its whole state at every message): VS Code's renderer fell minutes behind,
 * and a Stop after a minute of training waited minutes for it (test/vscode/runs.ts). The relay passes them on at most
 * once per interval: every report, in order, in one batch (the panel's curves need them all), and only the latest
 * flow snapshot (each replaces the one before). No vscode import: the unit tests drive it with fake timers.
 */
import type { FlowSnapshot } from '../shared/flowSnapshot';
import type { TrainProgress } from '../shared/trainProgress';

/** At most this often: ten updates a second look live and leave the renderer idle between them. */
export const RELAY_INTERVAL_MS = 100;

export type Deliver = (points: TrainProgress[], snapshot: FlowSnapshot | undefined) => void;

export class ReportRelay {
  private points: TrainProgress[] = [];
  private snapshot: FlowSnapshot | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deliver: Deliver,
    private readonly intervalMs = RELAY_INTERVAL_MS,
  ) {}

  progress(point: TrainProgress): void {
    this.points.push(point);
    this.schedule();
  }

  flows(snapshot: FlowSnapshot): void {
    this.snapshot = snapshot;
    this.schedule();
  }

  /** Delivers what is pending now, and nothing is scheduled after (the run ended: its last reports show before its result). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.points.length === 0 && !this.snapshot) return;
    const points = this.points;
    const snapshot = this.snapshot;
    this.points = [];
    this.snapshot = undefined;
    this.deliver(points, snapshot);
  }

  /** Timed from the first pending report, not the latest: a run's steady stream must not postpone it. */
  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }
}
