/**
 * A reward-prioritised replay buffer: recent trajectories are kept (first in, first out) and replayed with
 * probability proportional to the reward training sees, R(x)^beta floored (tables.ts), as exp(log R - max log R)
 * in log space. Replay makes training
 * off-policy, which the balance objectives (FM, DB, TB, SubTB, ZVar) allow and the on-policy divergences do not.
 */
import type { Rng } from '../../shared/rng';
import type { Trajectory } from './trajectory';

export class ReplayBuffer {
  private readonly items: { trajectory: Trajectory; logReward: number }[] = [];
  private next = 0;

  constructor(private readonly capacity = 1024) {}

  get size(): number {
    return this.items.length;
  }

  add(trajectory: Trajectory, logReward: number): void {
    const item = { trajectory, logReward };
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** n trajectories drawn with replacement, P(item) proportional to R. */
  sample(n: number, rng: Rng): Trajectory[] {
    if (this.items.length === 0 || n <= 0) return [];
    let max = -Infinity;
    for (const it of this.items) max = Math.max(max, it.logReward);
    const weights = this.items.map((it) => Math.exp(it.logReward - max));
    const total = weights.reduce((a, b) => a + b, 0);
    const out: Trajectory[] = [];
    for (let k = 0; k < n; k++) {
      let u = rng.next() * total;
      let i = 0;
      while (i < weights.length - 1 && u >= weights[i]) u -= weights[i++];
      out.push(this.items[i].trajectory);
    }
    return out;
  }
}
