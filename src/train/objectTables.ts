/**
 * The per-object tables of a run's final report, over every terminal object of the DAG (never over the drawn
 * FlowGraph, which large DAGs cut to a drawing budget): the levels of equal reward (how many objects, their target,
 * learned and sampled mass) and the objects of largest target. `gfn train` prints them and summary.json stores them.
 */
import type { Dag } from '../dag/dag';
import { rewardFields } from '../dag/exact';
import type { ObjectRow, RewardLevel } from '../../shared/trainSummary';

/** Beyond this many distinct rewards the levels are not a table a reader can take in (a continuous reward): null. */
export const MAX_REWARD_LEVELS = 12;
/** Rows of the top-objects table. */
export const TOP_OBJECTS = 10;

/** The masses per terminal object, indexed like dag.terminals; `sampled` null when nothing was sampled. */
export interface TerminalMasses {
  target: ArrayLike<number>;
  learned: ArrayLike<number>;
  sampled: ArrayLike<number> | null;
}

/**
 * Levels of equal reward, largest reward first, told apart by log R (-Infinity: zero reward); terminals with an
 * invalid reward (NaN, +Infinity: no target mass) belong to none. Null beyond MAX_REWARD_LEVELS levels.
 */
export function rewardLevels(dag: Dag<unknown, unknown>, masses: TerminalMasses): RewardLevel[] | null {
  const levels = new Map<number, RewardLevel>();
  for (let t = 0; t < dag.terminals.length; t++) {
    const logR = dag.logReward[dag.terminals[t]];
    if (Number.isNaN(logR) || logR === Infinity) continue;
    let level = levels.get(logR);
    if (!level) {
      if (levels.size === MAX_REWARD_LEVELS) return null;
      level = { ...rewardFields(logR), count: 0, target: 0, learned: 0, sampled: masses.sampled ? 0 : null };
      levels.set(logR, level);
    }
    level.count++;
    level.target += masses.target[t];
    level.learned += masses.learned[t];
    if (masses.sampled) level.sampled! += masses.sampled[t];
  }
  return [...levels.entries()].sort((a, b) => b[0] - a[0]).map(([, level]) => level);
}

/** The `k` terminal objects of largest target (ties: the larger learned probability, then DAG order). */
export function topObjects(dag: Dag<unknown, unknown>, masses: TerminalMasses, k = TOP_OBJECTS): ObjectRow[] {
  const order = Array.from(dag.terminals, (_, t) => t)
    .sort((a, b) => masses.target[b] - masses.target[a] || masses.learned[b] - masses.learned[a] || a - b)
    .slice(0, k);
  return order.map((t) => {
    const x = dag.terminals[t];
    return {
      key: dag.keys[x],
      ...rewardFields(dag.logReward[x]),
      target: masses.target[t],
      learned: masses.learned[t],
      sampled: masses.sampled ? masses.sampled[t] : null,
    };
  });
}
