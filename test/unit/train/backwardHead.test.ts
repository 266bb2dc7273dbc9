/**
 * The learned backward policy (src/train/heads.ts) is a distribution over the parent EDGES of each state, also when
 * two parents reach it with the same action: in this DAG 1 -c-> 3 and 2 -c-> 3, so the head's one logit for `c` at
 * state 3 stands for two edges, each of which must get its share (before the fix each got the action's whole mass and
 * P_B summed to more than 1 there).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { computeHeads } from '../../../src/train/heads';
import { buildTables } from '../../../src/train/tables';

const shared = defineEnvironment({
  name: 'two parents, one action',
  initial: 0,
  actions: (s: number) => (s === 0 ? ['a', 'b', 'd'] : s === 1 || s === 2 ? ['c'] : []),
  step: (s: number, x: string) => (s === 0 ? ({ a: 1, b: 2, d: 3 } as Record<string, number>)[x] : 3),
  reward: () => 1,
});

describe('learned P_B', () => {
  it('sums to 1 over the parent edges of every state, with any logits, when parent edges share an action', () => {
    const { dag } = explore(shared as never);
    const tables = buildTables(dag);
    const a = tables.nActions;
    const three = dag.keys.indexOf('3');
    // Three parents of 3: 0 (action d), 1 and 2 (both action c).
    expect(dag.parentOffset[three + 1] - dag.parentOffset[three]).toBe(3);
    for (const seed of [1, 2, 3]) {
      const out = tf.randomNormal<tf.Rank.R2>([dag.states.length, 2 * a + 2], 0, 3, 'float32', seed);
      const logPB = tf.tidy(() => computeHeads(out, null, tables, 'free', true).logPB!.arraySync());
      for (let s = 1; s < dag.states.length; s++) {
        let sum = 0;
        for (let p = dag.parentOffset[s]; p < dag.parentOffset[s + 1]; p++) sum += Math.exp(logPB[s][dag.edgeAction[dag.parentEdge[p]]]);
        expect(sum, `state ${dag.keys[s]}, seed ${seed}`).toBeCloseTo(1, 5);
      }
      out.dispose();
    }
  });
});
