/**
 * The state inspector's exact numbers: the target flow under a given backward policy, the target forward policy it
 * defines, the target's visit probabilities, where a learned forward policy departs from it, and terminal mass per
 * depth. Pure functions of a complete DAG and arrays; src/train/session.ts fills FlowSnapshot.inspector with them.
 *
 * Terminal objects stop with an implicit transition x -> x_f of flow R(x), as in src/dag/exact.ts
 * (Bengio et al., "GFlowNet Foundations", JMLR 2023, Sec. 3).
 */
import type { Dag } from './dag';
import type { Flows, ForwardPolicy } from './exact';

type AnyDag = Dag<unknown, unknown>;

/** P_B(s | s') = 1 / |parents(s')| for each edge id s -> s'. */
export function uniformBackwardPolicy(dag: AnyDag): Float64Array {
  const pb = new Float64Array(dag.edgeChild.length);
  for (let e = 0; e < pb.length; e++) {
    const c = dag.edgeChild[e];
    pb[e] = 1 / (dag.parentOffset[c + 1] - dag.parentOffset[c]);
  }
  return pb;
}

/**
 * The unique flow consistent with R and the backward policy `backward` (P_B(s | s') per edge id s -> s', summing to 1
 * over the parent edges of each s' other than s0), by a pass in reverse topological order:
 *   F(s) = R(s)[s terminal] + sum_{s -> s'} F(s -> s'),   F(s -> s') = F(s') P_B(s | s')
 * (Bengio et al., JMLR 2023, Prop. 18: a backward policy and the terminal flows determine the Markovian flow).
 * With P_B uniform this is src/dag/exact.ts uniformBackwardFlows. Its forward policy
 * P_F*(s' | s) = F(s -> s') / F(s), P_F*(stop | s) = R(s) / F(s) samples x with probability R(x) / Z.
 */
export function flowsWithBackward(dag: AnyDag, backward: ArrayLike<number>): Flows {
  const order = requireTopologicalOrder(dag);
  const n = dag.states.length;
  const state = new Float64Array(n);
  const edge = new Float64Array(dag.edgeChild.length);
  const stop = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const s = order[i];
    const r = dag.terminal[s] ? dag.reward[s] : 0;
    stop[s] = Number.isFinite(r) && r > 0 ? r : 0;
    let f = stop[s];
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
      edge[e] = state[dag.edgeChild[e]] * backward[e];
      f += edge[e];
    }
    state[s] = f;
  }
  return { state, edge, stop };
}

/** u(s): the probability that a trajectory of the forward policy visits s, pushed forward in topological order. */
export function visitProbabilities(dag: AnyDag, policy: ForwardPolicy): Float64Array {
  const order = requireTopologicalOrder(dag);
  const reach = new Float64Array(dag.states.length);
  reach[0] = 1;
  for (const s of order) {
    const u = reach[s];
    if (u === 0) continue;
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) reach[dag.edgeChild[e]] += u * policy.edgeProb[e];
  }
  return reach;
}

/** TV between two forward policies' action distributions at s, over its edges and stop: 0.5 sum |p - q|. */
export function stateTotalVariation(dag: AnyDag, p: ForwardPolicy, q: ForwardPolicy, s: number): number {
  let d = Math.abs(p.stopProb[s] - q.stopProb[s]);
  for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) d += Math.abs(p.edgeProb[e] - q.edgeProb[e]);
  return 0.5 * d;
}

export interface StateDeviation {
  state: number;
  /** u*(s), the target policy's probability of visiting s. */
  visit: number;
  /** TV(P_F(. | s), P_F*(. | s)), stop included. */
  tv: number;
  weight: number;
}

/**
 * The states where the learned policy departs from the target, weighted by how often the target passes there:
 * weight(s) = u*(s) TV(P_F(. | s), P_F*(. | s)), largest first, at most `limit`, zero weights left out.
 *
 * Why the weights explain the error: couple a learned and a target trajectory from s0 by drawing, at each state they
 * share, the next action from a maximal coupling of the two action distributions there, which differ with probability
 * TV_s. Until they part they are the same path, so they part at s with probability at most u*(s) TV_s (a DAG path
 * visits s at most once), and trajectories that never part end at the same object. Hence
 * TV(P_learned(x), R(x) / Z) <= P(they part) <= sum_s u*(s) TV_s: the top rows are where the terminal error comes from.
 */
export function rankDeviations(dag: AnyDag, learned: ForwardPolicy, target: ForwardPolicy, visit: ArrayLike<number>, limit: number): StateDeviation[] {
  // Weights first, rows only for the kept states: the pass runs every report, over every state of the DAG.
  const n = dag.states.length;
  const weight = new Float64Array(n);
  const tv = new Float64Array(n);
  const candidates: number[] = [];
  for (let s = 0; s < n; s++) {
    if (!(visit[s] > 0)) continue;
    tv[s] = stateTotalVariation(dag, learned, target, s);
    weight[s] = visit[s] * tv[s];
    if (weight[s] > 0) candidates.push(s);
  }
  candidates.sort((a, b) => weight[b] - weight[a] || a - b);
  return candidates.slice(0, limit).map((s) => ({ state: s, visit: visit[s], tv: tv[s], weight: weight[s] }));
}

export interface DepthMassRow {
  depth: number;
  target: number;
  learned: number;
  sampled: number;
}

/**
 * Terminal mass per depth (dag.depth, the BFS depth the graph shows): the sums of p*(x), of the learned P(x) and of
 * the sampled frequency over terminals x of each depth. `target` and `learned` are indexed like dag.terminals,
 * `sampled` by state id. Every depth from 0 to the deepest terminal has a row.
 */
export function depthMass(dag: AnyDag, target: ArrayLike<number>, learned: ArrayLike<number>, sampled: ArrayLike<number>): DepthMassRow[] {
  let maxDepth = -1;
  for (const x of dag.terminals) maxDepth = Math.max(maxDepth, dag.depth[x]);
  const rows: DepthMassRow[] = Array.from({ length: maxDepth + 1 }, (_, depth) => ({ depth, target: 0, learned: 0, sampled: 0 }));
  dag.terminals.forEach((x, i) => {
    const row = rows[dag.depth[x]];
    row.target += target[i];
    row.learned += learned[i];
    row.sampled += sampled[x];
  });
  return rows;
}

function requireTopologicalOrder(dag: AnyDag): Int32Array {
  if (!dag.complete) throw new Error('exact quantities need a complete DAG: raise the state budget');
  if (!dag.topoOrder) throw new Error('exact quantities need an acyclic graph: the environment has a cycle');
  return dag.topoOrder;
}
