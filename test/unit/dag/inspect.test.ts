import { describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import type { Dag } from '../../../src/dag/dag';
import { explore } from '../../../src/dag/explore';
import {
  flowsWithBackward,
  logPartitionFunction,
  policyFromFlows,
  targetDistribution,
  terminalDistribution,
  totalVariation,
  uniformBackwardFlows,
  uniformBackwardPolicy,
  visitProbabilities,
  type ForwardPolicy,
} from '../../../src/dag/exact';
import { depthMass, rankDeviations, stateTotalVariation, stopPerDepth } from '../../../src/dag/inspect';
import { defineEnvironment } from '../../../src/authoring/api';
import { Rng } from '../../../shared/rng';

type AnyDag = Dag<unknown, unknown>;

/** A random DAG on states 0..n-1: each state links to a few later ones; sinks and some others are terminal. */
function randomDag(seed: number, n = 40): AnyDag {
  const rng = new Rng(seed);
  const children: number[][] = Array.from({ length: n }, (_, s) => {
    const out = new Set<number>();
    const count = s < n - 1 ? 1 + rng.int(3) : 0;
    for (let k = 0; k < count; k++) out.add(s + 1 + rng.int(Math.min(8, n - 1 - s)));
    return [...out].sort((a, b) => a - b);
  });
  const stops = Array.from({ length: n }, () => rng.next() < 0.3);
  const rewards = Array.from({ length: n }, () => 0.1 + 3 * rng.next());
  const env = defineEnvironment({
    name: `random ${seed}`,
    initial: 0,
    actions: (s: number) => children[s].map((c) => `to ${c}`),
    step: (_s: number, a: string) => Number(a.slice(3)),
    canStop: (s: number) => stops[s],
    reward: (s: number) => rewards[s],
  });
  const { dag } = explore(env);
  expect(dag.complete).toBe(true);
  return dag;
}

/** A copy of `policy` where state s goes with certainty along its least likely edge. */
function misdirected(dag: AnyDag, policy: ForwardPolicy, s: number): ForwardPolicy {
  const edgeProb = Float64Array.from(policy.edgeProb);
  const stopProb = Float64Array.from(policy.stopProb);
  let worst = dag.edgeOffset[s];
  for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) if (edgeProb[e] < edgeProb[worst]) worst = e;
  for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) edgeProb[e] = e === worst ? 1 : 0;
  stopProb[s] = 0;
  return { edgeProb, stopProb };
}

const dags: [string, () => AnyDag][] = [
  ['smiley', () => explore(smiley).dag],
  ['a random DAG', () => randomDag(7)],
];

describe.each(dags)('the inspector on %s', (_name, make) => {
  it('under the uniform P_B reproduces exact.ts: the same edge flows and P_F*, and an exact policy shows no deviation', () => {
    const dag = make();
    const uniform = uniformBackwardFlows(dag);
    const flows = flowsWithBackward(dag, uniformBackwardPolicy(dag));
    for (let e = 0; e < dag.edgeChild.length; e++) expect(flows.edge[e]).toBeCloseTo(uniform.edge[e], 12);
    for (let s = 0; s < dag.states.length; s++) expect(flows.state[s]).toBeCloseTo(uniform.state[s], 12);
    const target = policyFromFlows(dag, flows);
    const exactPolicy = policyFromFlows(dag, uniform);
    for (let e = 0; e < dag.edgeChild.length; e++) expect(target.edgeProb[e]).toBeCloseTo(exactPolicy.edgeProb[e], 12);
    const visit = visitProbabilities(dag, target);
    // Two orders of summation may differ in the last bit: zero deviation up to rounding.
    for (const d of rankDeviations(dag, exactPolicy, target, visit, 1000)) expect(d.weight).toBeLessThan(1e-12);
  });

  it('ranks a deliberately wrong state first, and the weights bound the terminal TV', () => {
    const dag = make();
    const flows = flowsWithBackward(dag, uniformBackwardPolicy(dag));
    const target = policyFromFlows(dag, flows);
    const visit = visitProbabilities(dag, target);
    // The most visited state (after s0) with a choice to make, made to go the least likely way.
    let wrong = -1;
    for (let s = 1; s < dag.states.length; s++) {
      const choices = dag.edgeOffset[s + 1] - dag.edgeOffset[s] + (dag.terminal[s] ? 1 : 0);
      if (choices > 1 && (wrong < 0 || visit[s] > visit[wrong])) wrong = s;
    }
    expect(wrong).toBeGreaterThan(0);
    const learned = misdirected(dag, target, wrong);
    const deviations = rankDeviations(dag, learned, target, visit, 20);
    expect(deviations).toHaveLength(1);
    expect(deviations[0].state).toBe(wrong);
    expect(deviations[0].visit).toBeCloseTo(visit[wrong], 12);
    expect(deviations[0].tv).toBeCloseTo(stateTotalVariation(dag, learned, target, wrong), 12);
    expect(deviations[0].tv).toBeGreaterThan(0.3);
    const terminalTv = totalVariation(terminalDistribution(dag, learned), targetDistribution(dag));
    expect(terminalTv).toBeGreaterThan(0);
    expect(terminalTv).toBeLessThanOrEqual(deviations[0].weight + 1e-12);
    // A second, smaller error elsewhere ranks below the first.
    const elsewhere = [...Array(dag.states.length).keys()].find(
      (s) => s !== wrong && s > 0 && visit[s] > 0 && visit[s] < visit[wrong] && dag.edgeOffset[s + 1] - dag.edgeOffset[s] > 1,
    );
    if (elsewhere !== undefined) {
      const both = misdirected(dag, learned, elsewhere);
      const ranked = rankDeviations(dag, both, target, visit, 20);
      expect(ranked[0].state).toBe(wrong);
      expect(ranked.map((d) => d.state)).toContain(elsewhere);
      const sum = ranked.reduce((a, d) => a + d.weight, 0);
      expect(totalVariation(terminalDistribution(dag, both), targetDistribution(dag))).toBeLessThanOrEqual(sum + 1e-12);
    }
  });

  it('with a non-uniform P_B the target flow stops with R(x) at every terminal and its P_F* samples R / Z', () => {
    const dag = make();
    const rng = new Rng(3);
    const pb = new Float64Array(dag.edgeChild.length);
    for (let c = 1; c < dag.states.length; c++) {
      let sum = 0;
      for (let p = dag.parentOffset[c]; p < dag.parentOffset[c + 1]; p++) sum += pb[dag.parentEdge[p]] = 0.05 + rng.next() ** 3;
      for (let p = dag.parentOffset[c]; p < dag.parentOffset[c + 1]; p++) pb[dag.parentEdge[p]] /= sum;
    }
    const flows = flowsWithBackward(dag, pb);
    expect(flows.logScale).toBe(0);
    expect(flows.state[0]).toBeCloseTo(Math.exp(logPartitionFunction(dag)), 9);
    for (let s = 0; s < dag.states.length; s++) {
      // Flow in = flow out: F(s') = sum of parent edge flows; at terminals the stop flow is R(x).
      if (s > 0) {
        let inflow = 0;
        for (let p = dag.parentOffset[s]; p < dag.parentOffset[s + 1]; p++) inflow += flows.edge[dag.parentEdge[p]];
        expect(inflow).toBeCloseTo(flows.state[s], 9);
      }
      if (dag.terminal[s]) expect(flows.stop[s]).toBe(Math.exp(dag.logReward[s]));
      // P_B of the flow is the one given: F(s -> s') / F(s') = P_B(s | s').
      for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
        const c = dag.edgeChild[e];
        if (flows.state[c] > 0) expect(flows.edge[e] / flows.state[c]).toBeCloseTo(pb[e], 12);
      }
    }
    const target = policyFromFlows(dag, flows);
    const p = terminalDistribution(dag, target);
    expect(totalVariation(p, targetDistribution(dag))).toBeLessThan(1e-12);
    // A different P_B gives a different P_F* where parents share a child, still with the same terminal distribution.
    const uniformTarget = policyFromFlows(dag, flowsWithBackward(dag, uniformBackwardPolicy(dag)));
    expect(totalVariation(target.edgeProb, uniformTarget.edgeProb)).toBeGreaterThan(1e-3);
  });

  it('gives the terminal mass per depth of the target, a policy and the samples', () => {
    const dag = make();
    const target = targetDistribution(dag);
    const uniformPolicy = policyFromFlows(dag, uniformBackwardFlows(dag));
    const learned = terminalDistribution(dag, misdirected(dag, uniformPolicy, 0));
    const sampled = new Float64Array(dag.states.length);
    sampled[dag.terminals[0]] = 0.25;
    sampled[dag.terminals[dag.terminals.length - 1]] = 0.75;
    const rows = depthMass(dag, target, learned, sampled);
    expect(rows.map((r) => r.depth)).toEqual([...rows.keys()]);
    const total = (k: 'target' | 'learned' | 'sampled') => rows.reduce((a, r) => a + r[k], 0);
    expect(total('target')).toBeCloseTo(1, 12);
    expect(total('learned')).toBeCloseTo(1, 12);
    expect(total('sampled')).toBeCloseTo(1, 12);
    for (const row of rows) {
      let expected = 0;
      dag.terminals.forEach((x, i) => {
        if (dag.depth[x] === row.depth) expected += target[i];
      });
      expect(row.target).toBeCloseTo(expected, 12);
    }
    expect(rows[dag.depth[dag.terminals[0]]].sampled).toBeGreaterThanOrEqual(0.25);
  });

  it('stop per depth: by hand on a DAG whose two paths to one state differ in length, and terminal mass over visit mass on random DAGs', () => {
    // 0 -> a (depth 1), 0 -> b (depth 1), a -> b is a second, longer path to b; a and b may stop, b is a sink.
    const env = defineEnvironment({
      name: 'two paths',
      initial: '0',
      actions: (s: string) => (s === '0' ? ['a', 'b'] : s === 'a' ? ['b'] : []),
      step: (_s: string, a: string) => a,
      canStop: (s: string) => s !== '0',
      reward: () => 1,
      parents: (s: string) => (s === 'a' ? [{ state: '0', action: 'a' }] : s === 'b' ? [{ state: '0', action: 'b' }, { state: 'a', action: 'b' }] : []),
    });
    const { dag } = explore(env);
    const a = dag.keys.indexOf(JSON.stringify('a'));
    const b = dag.keys.indexOf(JSON.stringify('b'));
    expect(dag.depth[a]).toBe(1);
    expect(dag.depth[b]).toBe(1);
    // P(0 -> a) = 0.3, P(0 -> b) = 0.7; at a: stop 0.4, on to b 0.6; b always stops.
    const edgeProb = Float64Array.from(dag.edgeChild, (to, e) => (dag.edgeSource[e] === 0 ? (to === a ? 0.3 : 0.7) : 0.6));
    const stopProb = new Float64Array(dag.states.length);
    stopProb[a] = 0.4;
    stopProb[b] = 1;
    const policy: ForwardPolicy = { edgeProb, stopProb };
    const visit = visitProbabilities(dag, policy);
    // u(a) = 0.3, u(b) = 0.7 + 0.3 * 0.6 = 0.88: at depth 1, (0.3 * 0.4 + 0.88 * 1) / (0.3 + 0.88) = 1 / 1.18.
    expect(visit[b]).toBeCloseTo(0.88, 12);
    const stop = stopPerDepth(dag, policy, visit);
    expect(stop[0]).toBe(0);
    expect(stop[1]).toBeCloseTo(1 / 1.18, 12);

    for (const seed of [3, 4]) {
      const r = randomDag(seed);
      const p = policyFromFlows(r, uniformBackwardFlows(r));
      const u = visitProbabilities(r, p);
      const learned = terminalDistribution(r, p);
      const rows = depthMass(r, learned, learned, new Float64Array(r.states.length));
      const stops = stopPerDepth(r, p, u);
      for (const row of rows) {
        let visited = 0;
        for (let s = 0; s < r.states.length; s++) if (r.depth[s] === row.depth) visited += u[s];
        expect(stops[row.depth] * visited).toBeCloseTo(row.learned, 10);
      }
    }
  });
});
