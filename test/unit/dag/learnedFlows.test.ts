/**
 * learnedFlows (src/dag/exact.ts), the flows the panel draws, against the definition: F(s) is Z times the probability
 * mass of the complete trajectories through s, F(s -> s') of those through the edge, F(s -> x_f) of those that stop at
 * s, found here by enumerating every trajectory of a small DAG with several parents per state.
 */
import { describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import type { Dag } from '../../../src/dag/dag';
import { explore } from '../../../src/dag/explore';
import { FLOW_SCALE_FREE, inUnits, learnedFlows, type ForwardPolicy } from '../../../src/dag/exact';
import { Rng } from '../../../shared/rng';

/** A 3x3 grid walked right or down from (0, 0); every cell may stop (HyperGrid-like): up to two parents per state. */
type Cell = [number, number];
const grid = defineEnvironment({
  name: 'grid',
  initial: [0, 0] as Cell,
  actions: ([i, j]: Cell) => [...(i < 2 ? ['down'] : []), ...(j < 2 ? ['right'] : [])],
  step: ([i, j]: Cell, a: string): Cell => (a === 'down' ? [i + 1, j] : [i, j + 1]),
  canStop: () => true,
  reward: ([i, j]: Cell) => 1 + i + 2 * j,
});

/** A seeded random forward policy: each state's edges and its stop (where terminal) get random positive weights. */
function randomPolicy(dag: Dag<unknown, unknown>, seed: number): ForwardPolicy {
  const rng = new Rng(seed);
  const edgeProb = new Float64Array(dag.edgeChild.length);
  const stopProb = new Float64Array(dag.states.length);
  for (let s = 0; s < dag.states.length; s++) {
    const stop = dag.terminal[s] ? 0.1 + rng.next() : 0;
    let total = stop;
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) total += edgeProb[e] = 0.1 + rng.next();
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) edgeProb[e] /= total;
    stopProb[s] = total > 0 ? stop / total : 0;
  }
  return { edgeProb, stopProb };
}

/** Z times the mass of the trajectories through each state, edge and stop, by depth-first enumeration. */
function bruteForce(dag: Dag<unknown, unknown>, policy: ForwardPolicy, z: number) {
  const state = new Float64Array(dag.states.length);
  const edge = new Float64Array(dag.edgeChild.length);
  const stop = new Float64Array(dag.states.length);
  let trajectories = 0;
  const walk = (s: number, p: number, states: number[], edges: number[]) => {
    if (policy.stopProb[s] > 0) {
      // One complete trajectory: it ends here.
      const q = z * p * policy.stopProb[s];
      trajectories++;
      for (const v of [...states, s]) state[v] += q;
      for (const e of edges) edge[e] += q;
      stop[s] += q;
    }
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) walk(dag.edgeChild[e], p * policy.edgeProb[e], [...states, s], [...edges, e]);
  };
  walk(0, 1, [], []);
  return { state, edge, stop, trajectories };
}

describe('learnedFlows', () => {
  const { dag } = explore(grid);

  it('matches Z times the trajectory mass through each state, edge and stop (every trajectory of a 3x3 grid)', () => {
    expect(dag.states.length).toBe(9);
    const policy = randomPolicy(dag, 7);
    const logZ = Math.log(3.7);
    const flows = learnedFlows(dag, policy, logZ);
    const brute = bruteForce(dag, policy, 3.7);
    // C(i + j, i) paths lead to cell (i, j), and each may stop there: 1 + 1 + 1 + 1 + 2 + 3 + 1 + 3 + 6 = 19.
    expect(brute.trajectories).toBe(19);
    expect(flows.logScale).toBe(0);
    expect(flows.state[0]).toBeCloseTo(3.7, 12);
    for (let s = 0; s < dag.states.length; s++) {
      expect(flows.state[s]).toBeCloseTo(brute.state[s], 12);
      expect(flows.stop[s]).toBeCloseTo(brute.stop[s], 12);
    }
    for (let e = 0; e < dag.edgeChild.length; e++) expect(flows.edge[e]).toBeCloseTo(brute.edge[e], 12);
  });

  it('keeps Z = e^1000 relative to e^logScale, where a double would overflow', () => {
    const policy = randomPolicy(dag, 3);
    const flows = learnedFlows(dag, policy, 1000);
    expect(flows.logScale).toBe(1000);
    expect(1000).toBeGreaterThan(FLOW_SCALE_FREE);
    const brute = bruteForce(dag, policy, 1);
    for (let e = 0; e < dag.edgeChild.length; e++) expect(flows.edge[e]).toBeCloseTo(brute.edge[e], 12);
    expect(inUnits(flows.state[0], flows.logScale)).toBe(Infinity);
    expect(inUnits(0, flows.logScale)).toBe(0);
  });
});
