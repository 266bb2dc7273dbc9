/**
 * Exact quantities of an enumerable DAG: the partition function, the target distribution, state and edge flows
 * under the uniform backward policy, and the exact terminal distribution of any forward policy.
 *
 * Terminal objects x end a trajectory with an implicit "stop" transition x -> x_f whose flow is R(x)
 * (Bengio et al., "GFlowNet Foundations", JMLR 2023, Sec. 3). Sinks stop with probability 1.
 */
import type { Dag } from './dag';

type AnyDag = Dag<unknown, unknown>;

/** Z = sum_x R(x) over terminal objects. Rewards that are NaN (reward threw) count as 0. */
export function partitionFunction(dag: AnyDag): number {
  let z = 0;
  for (const x of dag.terminals) {
    const r = dag.reward[x];
    if (Number.isFinite(r) && r > 0) z += r;
  }
  return z;
}

/** log Z, computed as a log-sum-exp of log R(x) so that huge or tiny rewards do not overflow. */
export function logPartitionFunction(dag: AnyDag): number {
  let max = -Infinity;
  for (const x of dag.terminals) {
    const r = dag.reward[x];
    if (r > 0 && Number.isFinite(r)) max = Math.max(max, Math.log(r));
  }
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of dag.terminals) {
    const r = dag.reward[x];
    if (r > 0 && Number.isFinite(r)) sum += Math.exp(Math.log(r) - max);
  }
  return max + Math.log(sum);
}

/** The target p*(x) = R(x) / Z, indexed like dag.terminals. */
export function targetDistribution(dag: AnyDag): Float64Array {
  const z = partitionFunction(dag);
  const p = new Float64Array(dag.terminals.length);
  dag.terminals.forEach((x, i) => {
    const r = dag.reward[x];
    p[i] = z > 0 && Number.isFinite(r) && r > 0 ? r / z : 0;
  });
  return p;
}

export interface Flows {
  /** F(s): the total flow through each state. F(s0) = Z. */
  state: Float64Array;
  /** F(s -> s') for each edge id. */
  edge: Float64Array;
  /** F(x -> x_f) = R(x) for terminal states, 0 elsewhere. */
  stop: Float64Array;
}

/**
 * The unique flow consistent with R and the uniform backward policy P_B(s | s') = 1 / |parents(s')|:
 * F(s) = R(s)[s terminal] + sum_{s -> s'} F(s') / |parents(s')| (flowsWithBackward below).
 * Normalising gives the forward policy P_F(s' | s) = F(s -> s') / F(s) that samples x with probability R(x) / Z.
 */
export function uniformBackwardFlows(dag: AnyDag): Flows {
  return flowsWithBackward(dag, uniformBackwardPolicy(dag));
}

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
 * With P_B uniform this is uniformBackwardFlows. Its forward policy
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

/**
 * A forward policy over the DAG: for each edge its probability P_F(s' | s), and for each state the probability of
 * stopping there (1 for sinks, 0 for non-terminal states). For every state, edges plus stop sum to 1.
 */
export interface ForwardPolicy {
  edgeProb: ArrayLike<number>;
  stopProb: ArrayLike<number>;
}

/**
 * The exact terminal distribution of a forward policy, indexed like dag.terminals: the probability u(s) of
 * reaching each state is pushed forward in topological order, u(s') += u(s) P_F(s' | s), and
 * P(x) = u(x) P_F(stop | x). (torchgfn: exact terminating distribution by dynamic programming.)
 */
export function terminalDistribution(dag: AnyDag, policy: ForwardPolicy): Float64Array {
  const reach = visitProbabilities(dag, policy);
  const p = new Float64Array(dag.terminals.length);
  dag.terminals.forEach((x, i) => {
    p[i] = reach[x] * policy.stopProb[x];
  });
  return p;
}

/** The forward policy defined by a flow: P_F(s' | s) = F(s -> s') / F(s), P_F(stop | s) = R(s) / F(s). */
export function policyFromFlows(dag: AnyDag, flows: Flows): ForwardPolicy {
  const edgeProb = new Float64Array(dag.edgeChild.length);
  const stopProb = new Float64Array(dag.states.length);
  for (let s = 0; s < dag.states.length; s++) {
    const f = flows.state[s];
    if (f <= 0) continue;
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) edgeProb[e] = flows.edge[e] / f;
    stopProb[s] = flows.stop[s] / f;
  }
  return { edgeProb, stopProb };
}

/** Total variation distance 0.5 * sum |p - q| (torchgfn's "L1" is twice this). */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += Math.abs(p[i] - q[i]);
  return 0.5 * d;
}

/** Jensen-Shannon divergence in nats: 0.5 KL(p || m) + 0.5 KL(q || m) with m = (p + q) / 2. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) d += 0.5 * p[i] * Math.log(p[i] / m);
    if (q[i] > 0) d += 0.5 * q[i] * Math.log(q[i] / m);
  }
  return d;
}

function requireTopologicalOrder(dag: AnyDag): Int32Array {
  if (!dag.complete) throw new Error('exact quantities need a complete DAG: raise the state budget');
  if (!dag.topoOrder) throw new Error('exact quantities need an acyclic graph: the environment has a cycle');
  return dag.topoOrder;
}
