/**
 * The state inspector's exact numbers beyond those of src/dag/exact.ts (the target flow of a backward policy, its
 * forward policy and visit probabilities live there): where a learned forward policy departs from the target, and
 * terminal mass per depth. Pure functions of a complete DAG and arrays; src/train/inspection.ts fills
 * FlowSnapshot.inspector with them.
 *
 * Terminal objects stop with an implicit transition x -> x_f of flow R(x), as in src/dag/exact.ts
 * (Bengio et al., "GFlowNet Foundations", JMLR 2023, Sec. 3).
 */
import type { Dag } from './dag';
import type { ForwardPolicy } from './exact';


type AnyDag = Dag<unknown, unknown>;

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

/**
 * The stop probability per depth of a forward policy: at each depth d, P_F(stop | s) averaged over the states of depth
 * d weighted by the probability u(s) of visiting them, sum u(s) P_F(stop | s) / sum u(s). The numerator is the
 * policy's terminal mass at depth d, so on DAGs where every path to a state of depth d has d steps (structure
 * learning, sets, grids) this is P(stop at depth d | the trajectory reached depth d). 0 where no state of the depth is
 * visited. Indexed by depth, up to the deepest state.
 */
export function stopPerDepth(dag: AnyDag, policy: ForwardPolicy, visit: ArrayLike<number>): Float64Array {
  let maxDepth = -1;
  for (let s = 0; s < dag.states.length; s++) maxDepth = Math.max(maxDepth, dag.depth[s]);
  const stopped = new Float64Array(maxDepth + 1);
  const visited = new Float64Array(maxDepth + 1);
  for (let s = 0; s < dag.states.length; s++) {
    const d = dag.depth[s];
    visited[d] += visit[s];
    stopped[d] += visit[s] * policy.stopProb[s];
  }
  return stopped.map((m, d) => (visited[d] > 0 ? m / visited[d] : 0));
}
