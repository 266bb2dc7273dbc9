/**
 * Which kind of collapse a run is in (src/train/diagnosis.ts raises `collapse`, this module names its kind): onto the
 * wrong depth (the stop-depth case of structure learning), onto some of the reward's separated modes (whole basins of
 * R the policy never reaches, as TB on a strongly coupled Ising model), or onto part of the support otherwise. Each
 * kind gets the remedies measured for it (src/train/diagnosisSuggestions.ts; docs/diagnosis.md).
 */
import type { CollapseKind, MissedModesEvidence } from '../../shared/diagnosis';
import { saddleLogReward, type RewardBasins } from './rewardBasins';

/** The policy "gives" an object nothing below this probability: far under any share a user could see in samples. */
export const MISSED_BELOW = 1e-4;

/** The target mass on objects the policy gives less than MISSED_BELOW, and the missed object of the largest target. */
export function missedMass(target: ArrayLike<number>, learned: ArrayLike<number>): { mass: number; example: number } {
  let mass = 0;
  let example = -1;
  for (let i = 0; i < target.length; i++) {
    if (!(learned[i] < MISSED_BELOW)) continue;
    mass += target[i];
    if (example < 0 || target[i] > target[example]) example = i;
  }
  return { mass, example };
}
/** A collapse is onto the wrong depth when the depth of the objects accounts for at least this share of the TV. */
export const DEPTH_SHARE = 0.5;
/**
 * A mode is missed when the policy gives its peak less than MISSED_BELOW and its whole basin less than this share of
 * the basin's target mass; a collapse is onto some modes when missed modes hold at least MODES_SHARE of the missed mass.
 */
export const MODE_MISSED_SHARE = 0.01;
export const MODES_SHARE = 0.5;

/**
 * The reward's modes (basins of steepest ascent) the policy misses: peaks it gives less than MISSED_BELOW whose basin
 * it gives less than MODE_MISSED_SHARE of the basin's target mass; with the saddle between the missed modes and the
 * basin that holds most of the policy's mass. Null when no mode is missed.
 */
export function missedModes(basins: RewardBasins, target: ArrayLike<number>, learned: ArrayLike<number>): (Omit<MissedModesEvidence, 'peak'> & { peakIndex: number }) | null {
  const targetOf = new Map<number, number>();
  const learnedOf = new Map<number, number>();
  for (let i = 0; i < basins.peakOf.length; i++) {
    const b = basins.peakOf[i];
    targetOf.set(b, (targetOf.get(b) ?? 0) + target[i]);
    learnedOf.set(b, (learnedOf.get(b) ?? 0) + learned[i]);
  }
  const missed = basins.peaks.filter((b) => learned[b] < MISSED_BELOW && learnedOf.get(b)! < MODE_MISSED_SHARE * targetOf.get(b)!);
  if (missed.length === 0) return null;
  const peakIndex = missed.reduce((a, b) => (targetOf.get(b)! > targetOf.get(a)! ? b : a));
  const drawn = basins.peaks.reduce((a, b) => (learnedOf.get(b)! > learnedOf.get(a)! ? b : a));
  // No saddle when the policy's mass is nowhere (every mode missed): there is no mode it draws to be separated from.
  const saddle = missed.includes(drawn) ? -Infinity : saddleLogReward(basins, new Set([peakIndex]), new Set([drawn]));
  return {
    modes: basins.peaks.length,
    missed: missed.length,
    targetMass: missed.reduce((m, b) => m + targetOf.get(b)!, 0),
    learnedMass: missed.reduce((m, b) => m + learnedOf.get(b)!, 0),
    peakIndex,
    peakLogReward: basins.logReward(peakIndex),
    saddleLogReward: saddle > -Infinity ? saddle : null,
  };
}

/**
 * Which collapse: onto the wrong depth when the depth TV (a lower bound of the TV) is at least DEPTH_SHARE of the TV;
 * else onto some of the reward's separated modes when whole missed modes hold at least MODES_SHARE of the missed mass;
 * else 'support' (part of the support is missed, neither by depth nor by whole modes).
 */
export function collapseKind(tv: number, depthTv: number, missed: number, modes: { targetMass: number } | null): CollapseKind {
  if (depthTv >= DEPTH_SHARE * tv) return 'depth';
  if (modes && modes.targetMass >= MODES_SHARE * missed) return 'modes';
  return 'support';
}
