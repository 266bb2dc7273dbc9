/**
 * The reward distribution of a run's samples against the target's (summary.json `rewardDistribution`, the panel's
 * "Reward of samples"): the share of samples per bin of log R, and, where the DAG is enumerated, the target's share
 * p*(x) = R(x)^beta / Z_beta summed over the objects of each bin, exactly. How tasks beyond enumeration are judged
 * (the reward distribution of samples, Malkin et al. 2022 sec. 5; Shen et al. 2023 plot it against the target's); on
 * enumerated tasks it shows at a glance where a sampler puts too much or too little reward. Pure code.
 */
import type { RewardDistribution } from '../../shared/trainSummary';

/** At most this many bins: the panel draws one row per bin in the side column. */
export const REWARD_BINS = 12;

export interface RewardDistributionInput {
  /** The samples: [state id, weight] (weights are normalised here); 'final' samples of the delivered policy, or recent 'training' samples. */
  samples: ReadonlyArray<readonly [number, number]>;
  source: RewardDistribution['source'];
  /** How many samples the weights stand for (the count shown to the user). */
  count: number;
  logRewardOf(state: number): number;
  /** The enumerated target, when known: log R and p* of every terminal. */
  target?: { logReward: ArrayLike<number>; p: ArrayLike<number> } | null;
}

/** The bins of log R cover where all but this share of the target's and of the samples' mass lies (the first bin the rest). */
export const TAIL = 1e-3;

/** The smallest finite log R at which the mass of [log R, weight] pairs (weights summing to 1) below it reaches q. */
function quantile(pairs: ReadonlyArray<readonly [number, number]>, q: number): number {
  const sorted = pairs.filter(([l, w]) => Number.isFinite(l) && w > 0).sort((a, b) => a[0] - b[0]);
  let below = 0;
  for (const [l, w] of sorted) {
    below += w;
    if (below >= q) return l;
  }
  return sorted.length > 0 ? sorted[sorted.length - 1][0] : Infinity;
}

/**
 * The binned distributions of log R. Bins: one per distinct log R when there are at most REWARD_BINS of them (reward
 * levels, exact), else REWARD_BINS: the first from the smallest finite log R (of the target's objects when
 * enumerated, and of the samples) up to where the TAIL of the mass ends, then equal widths up to the largest (all of
 * equal width when there is no such tail). A zero reward (log R = -Infinity) has its own share; NaN (an invalid
 * reward) is not counted. Null when nothing was sampled.
 */
export function rewardDistribution(input: RewardDistributionInput): RewardDistribution | null {
  const sampled = input.samples
    .map(([x, w]) => [input.logRewardOf(x), w] as const)
    .filter(([l, w]) => !Number.isNaN(l) && w > 0);
  const total = sampled.reduce((s, [, w]) => s + w, 0);
  if (total <= 0) return null;
  const target = input.target ?? null;
  const finite: number[] = [];
  if (target) {
    for (let i = 0; i < target.logReward.length; i++) if (Number.isFinite(target.logReward[i])) finite.push(target.logReward[i]);
  }
  for (const [l] of sampled) if (Number.isFinite(l)) finite.push(l);
  const levels = [...new Set(finite)].sort((a, b) => a - b);
  const byLevel = levels.length <= REWARD_BINS;
  let edges: number[];
  if (levels.length === 0) edges = [];
  else if (byLevel) edges = levels;
  else {
    const min = levels[0];
    const hi = levels[levels.length - 1];
    // Where the mass is: log R spans hundreds of nats on structure learning while nearly all the mass lies within a
    // few of the top, so equal bins over the whole range would put it all in one. The bins span the range above the
    // TAIL quantile of the target and of the samples, and the first bin holds the tail below it.
    const lo = Math.min(
      quantile(sampled.map(([l, w]) => [l, w / total] as const), TAIL),
      target ? quantile(Array.from(target.p, (p, i) => [target.logReward[i], p] as const), TAIL) : Infinity,
    );
    if (lo <= min || lo >= hi) edges = Array.from({ length: REWARD_BINS + 1 }, (_, k) => min + ((hi - min) * k) / REWARD_BINS);
    else edges = [min, ...Array.from({ length: REWARD_BINS }, (_, k) => lo + ((hi - lo) * k) / (REWARD_BINS - 1))];
  }
  const bins = byLevel ? edges.length : REWARD_BINS;
  const binOf = (l: number): number => {
    if (byLevel) return levels.indexOf(l);
    // The last edge k with edges[k] <= l (the bins are few).
    let k = 0;
    while (k + 1 < bins && l >= edges[k + 1]) k++;
    return k;
  };
  const sampledShare = new Array<number>(bins).fill(0);
  let zero = 0;
  let sampledMean = 0;
  for (const [l, w] of sampled) {
    if (l === -Infinity) zero += w / total;
    else {
      sampledShare[binOf(l)] += w / total;
      sampledMean += (w / total) * l;
    }
  }
  let targetShare: number[] | null = null;
  let targetMean: number | null = null;
  if (target) {
    targetShare = new Array<number>(bins).fill(0);
    targetMean = 0;
    for (let i = 0; i < target.logReward.length; i++) {
      const l = target.logReward[i];
      if (!Number.isFinite(l) || !(target.p[i] > 0)) continue;
      targetShare[binOf(l)] += target.p[i];
      targetMean += target.p[i] * l;
    }
  }
  return {
    levels: byLevel,
    edges,
    sampled: sampledShare,
    target: targetShare,
    zeroReward: zero,
    // The mean log R over samples with a positive reward (a zero reward has none).
    meanLogReward: { sampled: zero < 1 ? sampledMean / (1 - zero) : null, target: targetMean },
    samples: input.count,
    source: input.source,
  };
}

/**
 * The run's reward distribution at its end: of the final samples (state ids) when drawn, else of the recent training
 * samples ([state id, frequency], `recentCount` of them); against the enumerated target when `target` is known
 * (p* indexed like `terminals`). `logReward` is indexed by state id (the training graph's, which covers states
 * expanded on demand).
 */
export function runRewardDistribution(run: {
  finalSamples: readonly number[];
  recent: ReadonlyArray<readonly [number, number]>;
  recentCount: number;
  logReward: ArrayLike<number>;
  terminals: ArrayLike<number>;
  target: ArrayLike<number> | null;
}): RewardDistribution | undefined {
  const final = run.finalSamples.length > 0;
  const target = run.target
    ? { logReward: Float64Array.from({ length: run.terminals.length }, (_, i) => run.logReward[run.terminals[i]]), p: run.target }
    : null;
  return rewardDistribution({
    samples: final ? run.finalSamples.map((x) => [x, 1] as const) : run.recent,
    source: final ? 'final' : 'training',
    count: final ? run.finalSamples.length : run.recentCount,
    logRewardOf: (x) => run.logReward[x],
    target,
  }) ?? undefined;
}
