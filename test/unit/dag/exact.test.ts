import { describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import { explore } from '../../../src/dag/explore';
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
