/**
 * The final report's tables over the whole DAG (src/train/objectTables.ts) on the Ising 3x3 example: 19,683 states,
 * more than the flow graph's drawing budget, against the 512 spin configurations enumerated in isingTruth.ts.
 */
import { describe, expect, it } from 'vitest';
import ising from '../../../examples/ising.gfn';
import { explore } from '../../../src/dag/explore';
import { targetDistribution } from '../../../src/dag/exact';
import { buildFlowGraph } from '../../../src/flowGraph/graph';
import { MAX_REWARD_LEVELS, rewardLevels, topObjects } from '../../../src/train/objectTables';
import { isingLevels, isingObjects } from './isingTruth';

describe('the final report tables, from the exact engine', () => {
  const { dag } = explore(ising);
  const target = targetDistribution(dag);
  // A made-up learned distribution (uniform) and sample frequencies (all on the first terminal): the sums are checked.
  const learned = new Float64Array(dag.terminals.length).fill(1 / dag.terminals.length);
  const sampled = new Float64Array(dag.terminals.length);
  sampled[0] = 1;

  it('levels of equal reward: every one of the 512 configurations, as the enumeration counts them', () => {
    expect(dag.states.length).toBe(19_683);
    expect(dag.terminals.length).toBe(512);
    // The drawn graph holds only part of them: the table must not come from it.
    const graph = buildFlowGraph(ising, dag);
    expect(graph.nodes.filter((n) => n.terminal).length).toBeLessThan(512);

    const levels = rewardLevels(dag, { target, learned, sampled })!;
    const truth = isingLevels();
    expect(levels.map((l) => l.count)).toEqual(truth.map((l) => l.count));
    expect(levels.map((l) => l.count)).toEqual([2, 18, 48, 198, 144, 102]);
    levels.forEach((l, i) => {
      expect(l.logReward).toBeCloseTo(truth[i].logReward, 12);
      expect(l.reward).toBeCloseTo(Math.exp(truth[i].logReward), 9);
      expect(l.target).toBeCloseTo(truth[i].target, 12);
      expect(l.learned).toBeCloseTo(l.count / 512, 12);
    });
    expect(levels.reduce((s, l) => s + (l.sampled ?? 0), 0)).toBe(1);
    expect(rewardLevels(dag, { target, learned, sampled: null })!.every((l) => l.sampled === null)).toBe(true);
  });

  it('top objects: the two modes (all - and all +), then the 18 one-flip configurations', () => {
    const rows = topObjects(dag, { target, learned, sampled });
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 2).map((r) => r.key).sort()).toEqual(['+++++++++', '---------']);
    const byKey = new Map(isingObjects().map((o) => [o.key, o.logReward]));
    const z = isingObjects().reduce((s, o) => s + Math.exp(o.logReward), 0);
    for (const r of rows) {
      expect(r.target).toBeCloseTo(Math.exp(byKey.get(r.key)!) / z, 12);
      expect(r.logReward).toBeCloseTo(byKey.get(r.key)!, 12);
    }
    const plus = (key: string) => key.split('').filter((c) => c === '+').length;
    expect(rows.slice(2).every((r) => plus(r.key) === 1 || plus(r.key) === 8)).toBe(true);
  });

  it(`more than ${MAX_REWARD_LEVELS} distinct rewards: no level table`, () => {
    const distinct = { ...dag, logReward: Float64Array.from(dag.logReward, (_, i) => i / 1000) } as unknown as typeof dag;
    expect(rewardLevels(distinct, { target, learned, sampled })).toBeNull();
  });
});
