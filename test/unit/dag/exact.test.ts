import { describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import { explore } from '../../../src/dag/explore';
import { defineEnvironment } from '../../../src/authoring/api';
import {
  logPartitionFunction,
  policyFromFlows,
  targetDistribution,
  terminalDistribution,
  totalVariation,
  uniformBackwardFlows,
} from '../../../src/dag/exact';

describe('exact quantities', () => {
  it('smiley faces: 8 valid faces, Z = 12, P(smile) = 2/3', () => {
    const { dag, issues } = explore(smiley);
    expect(issues).toEqual([]);
    expect(dag.complete).toBe(true);
    // s0, 6 one-patch faces, 15 two-patch faces, 20 three-patch faces.
    expect(dag.states.length).toBe(1 + 6 + 15 + 20);
    expect(dag.terminals.length).toBe(20);
    expect(logPartitionFunction(dag)).toBeCloseTo(Math.log(12), 12);
    const target = targetDistribution(dag);
    let smile = 0;
    dag.terminals.forEach((x, i) => {
      if ((dag.states[x] as string[]).includes('smile')) smile += target[i];
    });
    expect(smile).toBeCloseTo(2 / 3, 12);
  });

  it('the flow under the uniform backward policy has F(s0) = Z and its policy samples the target', () => {
    const { dag } = explore(smiley);
    const flows = uniformBackwardFlows(dag);
    expect(flows.state[0]).toBeCloseTo(12, 12);
    const p = terminalDistribution(dag, policyFromFlows(dag, flows));
    expect(totalVariation(p, targetDistribution(dag))).toBeLessThan(1e-12);
  });

  it('HyperGrid log Z matches the reference values', () => {
    expect(logPartitionFunction(explore(hypergrid({ dims: 2, side: 8 })).dag)).toBeCloseTo(3.109061, 6);
    expect(logPartitionFunction(explore(hypergrid({ dims: 4, side: 8 })).dag)).toBeCloseTo(6.344934, 6);
    const big = explore(hypergrid({ dims: 4, side: 20, r0: 1e-3 }));
    expect(big.dag.states.length).toBe(160_000);
    expect(logPartitionFunction(big.dag)).toBeCloseTo(8.643297, 6);
  });
});

describe('rewards given as log R, beyond a double', () => {
  /** s0 -> one sink per log-reward. */
  const fan = (logRewards: number[]) =>
    explore(defineEnvironment({
      name: 'fan',
      initial: -1,
      actions: (s: number) => (s < 0 ? logRewards.map((_, i) => i) : []),
      step: (_s: number, i: number) => i,
      logReward: (i) => logRewards[i],
    })).dag;
  /** log sum_i exp(v_i): the test's own log-sum-exp. */
  const logSumExp = (v: number[]) => Math.max(...v) + Math.log(v.reduce((s, x) => s + Math.exp(x - Math.max(...v)), 0));

  it.each([1e4, -1e4])('log R around %d: log Z, the target and the flows\' policy, without overflow or underflow', (base) => {
    const logRewards = [base, base + Math.log(2), base + Math.log(5), -Infinity];
    const dag = fan(logRewards);
    expect(logPartitionFunction(dag)).toBeCloseTo(logSumExp(logRewards.slice(0, 3)), 9);
    expect(logPartitionFunction(dag)).toBeCloseTo(base + Math.log(8), 9);
    expect(Array.from(targetDistribution(dag))).toEqual([1 / 8, 2 / 8, 5 / 8, 0].map((p) => expect.closeTo(p, 12)));
    // R^2: 1, 4, 25 over 30.
    expect(logPartitionFunction(dag, 2)).toBeCloseTo(2 * base + Math.log(30), 6);
    const flows = uniformBackwardFlows(dag);
    expect(flows.logScale).toBeCloseTo(base + Math.log(5), 9);
    const p = terminalDistribution(dag, policyFromFlows(dag, flows));
    expect(totalVariation(p, targetDistribution(dag))).toBeLessThan(1e-12);
  });
});

describe('sets example', () => {
  it('has C(8,4) = 70 terminal sets, each with 4 parents', async () => {
    const { default: sets } = await import('../../../examples/sets.gfn');
    const { dag, issues } = explore(sets);
    expect(issues).toEqual([]);
    expect(dag.states.length).toBe(1 + 8 + 28 + 56 + 70);
    expect(dag.terminals.length).toBe(70);
    for (const x of dag.terminals) expect(dag.parentOffset[x + 1] - dag.parentOffset[x]).toBe(4);
    const flows = uniformBackwardFlows(dag);
    expect(flows.state[0]).toBeCloseTo(Math.exp(logPartitionFunction(dag)), 9);
  });
});
