/**
 * What training has discovered among the terminal objects it sampled, the figures tasks too large to enumerate are
 * judged by (Malkin et al., "Trajectory Balance", NeurIPS 2022, sec. 5: modes found over time; torchgfn's
 * BitSequence and HyperGrid): the distinct objects sampled, the modes among them, and the mean reward of the k best.
 *
 * A mode is what the environment declares with `isMode`; without it, on an enumerated DAG, an object with at least
 * 0.9 of the largest R^beta (a fixed set, counted exactly); without it on a DAG too large to enumerate, nothing: the
 * largest reward is unknown there, and a share of the largest reward sampled so far is a moving target whose count
 * rises and falls.
 */
import type { Dag } from '../dag/dag';
import { maxLogReward } from '../dag/exact';
import { UserCodeError } from '../userCode/errors';
import { TrainingError } from './trainingError';
import type { DiscoveryFigures, ModeRule } from '../../shared/trainProgress';

/** The k of the top-k mean reward reported. */
export const TOP_K = [10, 100] as const;
const LARGEST_K = Math.max(...TOP_K);

/**
 * An object is near the top when log R^beta >= max + log 0.9, with room for the rounding of the logs (R = 9 against
 * 10 is one).
 */
const LOG_NEAR_MAX = Math.log(0.9) - 1e-12;

/** The modes of an enumerated DAG, flagged per state id, with their count. */
export interface ModeSet {
  flags: Uint8Array;
  count: number;
}

/** Terminals whose R^beta is at least 0.9 of the largest (zero and invalid rewards never are). */
export function nearMaxModes(dag: Dag<unknown, unknown>, beta = 1): ModeSet {
  const threshold = maxLogReward(dag, beta) + LOG_NEAR_MAX;
  const flags = new Uint8Array(dag.states.length);
  let count = 0;
  for (const x of dag.terminals) {
    const logR = beta * dag.logReward[x];
    if (threshold > -Infinity && logR < Infinity && logR >= threshold) {
      flags[x] = 1;
      count++;
    }
  }
  return { flags, count };
}

/**
 * isMode(x) of state id x through the guarded environment, as a training error naming the state when it throws or
 * returns anything but a boolean (the guard refuses those, src/userCode/guardedEnvironment.ts).
 */
export function modePredicate<S>(isMode: (x: S) => boolean, states: { readonly states: S[]; readonly keys: readonly string[] }): (x: number) => boolean {
  return (x) => {
    try {
      return isMode(states.states[x]);
    } catch (error) {
      if (!(error instanceof UserCodeError)) throw error;
      const at = `for terminal state ${states.keys[x]}`;
      throw new TrainingError(error.kind === 'exception' ? `isMode threw ${error.description} ${at}` : `${error.description} ${at}`);
    }
  };
}

/** The declared modes among every terminal of an enumerated DAG: the "of N" of modes found, counted exactly. */
export function declaredModes(dag: Dag<unknown, unknown>, isMode: (x: number) => boolean): ModeSet {
  const flags = new Uint8Array(dag.states.length);
  let count = 0;
  for (const x of dag.terminals) {
    if (isMode(x)) {
      flags[x] = 1;
      count++;
    }
  }
  return { flags, count };
}

/**
 * Counts what the sampled terminals (state ids) discovered. Each distinct object is looked at once: its reward,
 * and whether it is a mode (`modeOf` is called once per distinct sampled object, never for states not sampled).
 */
export class Discovery {
  private readonly seen = new Set<number>();
  private found = 0;
  /** The state ids of the modes found, in the order found. */
  private readonly modeIds: number[] = [];
  /** The LARGEST_K largest log R of the distinct sampled objects, a min-heap (smallest at the root). */
  private readonly best: number[] = [];

  constructor(
    /** log R(x) of a terminal state id (the user's reward; NaN for an invalid one). */
    private readonly logRewardOf: (x: number) => number,
    /** Whether terminal state id x is a mode; null without a rule. */
    private readonly modeOf: ((x: number) => boolean) | null,
    private readonly modeCount: number | null,
    private readonly rule: ModeRule | null,
  ) {}

  record(terminals: ArrayLike<number>): void {
    for (let i = 0; i < terminals.length; i++) {
      const x = terminals[i];
      if (this.seen.has(x)) continue;
      this.seen.add(x);
      const logR = this.logRewardOf(x);
      if (!Number.isNaN(logR)) this.keepBest(logR);
      if (this.modeOf?.(x)) {
        this.found++;
        this.modeIds.push(x);
      }
    }
  }

  /** The state ids of the modes sampled so far. */
  foundModes(): readonly number[] {
    return this.modeIds;
  }

  figures(): Required<DiscoveryFigures> {
    const sorted = [...this.best].sort((a, b) => b - a);
    const top = (k: number) => (sorted.length < k ? null : logSumExp(sorted.slice(0, k)) - Math.log(k));
    return {
      distinctSampled: this.seen.size,
      modesFound: this.modeOf ? this.found : null,
      modes: this.modeOf ? this.modeCount : null,
      modeRule: this.modeOf ? this.rule : null,
      logMeanRewardTop: { 10: top(10), 100: top(100) },
    };
  }

  private keepBest(logR: number): void {
    const h = this.best;
    if (h.length < LARGEST_K) {
      h.push(logR);
      siftUp(h, h.length - 1);
    } else if (logR > h[0]) {
      h[0] = logR;
      siftDown(h, 0);
    }
  }
}

/** log sum exp(v), the largest factored out (rewards of e^800 and e^-800 stay finite); -Infinity for all zeros. */
function logSumExp(values: readonly number[]): number {
  const m = Math.max(...values);
  if (!Number.isFinite(m)) return m;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - m);
  return m + Math.log(sum);
}

function siftUp(h: number[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (h[parent] <= h[i]) return;
    [h[parent], h[i]] = [h[i], h[parent]];
    i = parent;
  }
}

function siftDown(h: number[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l] < h[m]) m = l;
    if (r < h.length && h[r] < h[m]) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i], h[m]];
    i = m;
  }
}
