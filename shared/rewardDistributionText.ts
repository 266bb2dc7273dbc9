/**
 * The reward distribution of a run's samples in words (src/train/rewardDistribution.ts computes it), for `gfn report`
 * and the panel's "Reward of samples". Pure code.
 */
import { formatNumber } from './format';
import type { RewardDistribution } from './trainSummary';

/** Which samples: `the 1000 final samples of the trained policy` or `the 320 recent training samples (with exploration)`. */
export function rewardSourceText(d: RewardDistribution): string {
  return d.source === 'final' ? `the ${d.samples} final samples of the trained policy` : `the ${d.samples} recent training samples (with exploration)`;
}

/** `mean log R 7.02 over the 1000 final samples of the trained policy (target 7.2)`. */
export function rewardMeanText(d: RewardDistribution): string {
  const target = d.meanLogReward.target === null ? '' : ` (target ${formatNumber(d.meanLogReward.target)})`;
  return `mean log R ${formatNumber(d.meanLogReward.sampled)} over ${rewardSourceText(d)}${target}`;
}
