/**
 * Exact quantities of an enumerable DAG: the partition function, the target distribution, state and edge flows
 * under the uniform (or any) backward policy, the exact terminal distribution of any forward policy, and the learned
 * flows of a forward policy with its log Z (what the panel draws and colours against the target flow).
 *
 * Terminal objects x end a trajectory with an implicit "stop" transition x -> x_f whose flow is R(x)
 * (Bengio et al., "GFlowNet Foundations", JMLR 2023, Sec. 3). Sinks stop with probability 1.
 * Rewards are read as log R (the DAG keeps no other form), and Z as log Z: nothing overflows at log R = +-10^4.
 * Every function of the reward takes the run's reward exponent beta (R^beta; 1 for validation).
 */
import type { Dag } from './dag';

type AnyDag = Dag<unknown, unknown>;

/**
 * log R(x)^beta = beta log R(x) of terminal x, or NaN where the reward is invalid or threw (it then counts as 0).
 * beta is the reward exponent of a run (--beta): training targets R(x)^beta / Z_beta; validation uses beta = 1.
 */
function logRewardOf(dag: AnyDag, x: number, beta: number): number {
  const logR = dag.logReward[x];
  return logR < Infinity ? beta * logR : Number.NaN;
}

/** The largest finite beta log R(x) over terminal objects; -Infinity when no reward is positive. */
export function maxLogReward(dag: AnyDag, beta = 1): number {
  let max = -Infinity;
  for (const x of dag.terminals) {
    const logR = logRewardOf(dag, x, beta);
    if (logR > max) max = logR;
  }
  return max;
}

/**
 * R(x) as the protocol carries it (GraphNode, SampledObject) from log R: `reward` while a double holds it (0 for a
 * zero reward), `logReward` for every positive reward; neither for an invalid one.
 */
export function rewardFields(logR: number): { reward?: number; logReward?: number } {
  if (!(logR < Infinity)) return {};
  const fields: { reward?: number; logReward?: number } = {};
  if (logR > -Infinity) fields.logReward = logR;
  const r = Math.exp(logR);
  if (Number.isFinite(r) && (r > 0 || logR === -Infinity)) fields.reward = r;
  return fields;
}

/**
 * log Z_beta = log sum_x R(x)^beta, a log-sum-exp of beta log R(x) (the largest factored out), so that rewards of
 * e^800 or e^-800 neither overflow nor underflow. Invalid rewards count as 0; -Infinity when no reward is positive.
 */
export function logPartitionFunction(dag: AnyDag, beta = 1): number {
  const max = maxLogReward(dag, beta);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of dag.terminals) {
    const logR = logRewardOf(dag, x, beta);
    if (logR > -Infinity) sum += Math.exp(logR - max);
  }
  return max + Math.log(sum);
}

/** The target p*(x) = R(x)^beta / Z_beta = exp(beta log R(x) - log Z_beta), indexed like dag.terminals. */
export function targetDistribution(dag: AnyDag, beta = 1): Float64Array {
  const logZ = logPartitionFunction(dag, beta);
  const p = new Float64Array(dag.terminals.length);
  if (logZ === -Infinity) return p;
  dag.terminals.forEach((x, i) => {
    const logR = logRewardOf(dag, x, beta);
    p[i] = logR > -Infinity ? Math.exp(logR - logZ) : 0;
  });
  return p;
}

/**
 * Flows are kept as F / e^logScale. While the largest log R stays within +-FLOW_SCALE_FREE of 0 (a double then holds
 * every flow, sums of a million of them included), logScale is 0 and the numbers are the flows themselves; beyond,
 * logScale is the largest log R, so that rewards of e^800 or e^-800 neither overflow nor underflow.
 */
export const FLOW_SCALE_FREE = 300;

export interface Flows {
  /** F(s) / e^logScale: the total flow through each state. F(s0) = Z. */
  state: Float64Array;
  /** F(s -> s') / e^logScale for each edge id. */
  edge: Float64Array;
  /** F(x -> x_f) / e^logScale = R(x) / e^logScale for terminal states, 0 elsewhere. */
  stop: Float64Array;
  /** The log of the unit of the numbers above: 0 unless rewards are beyond what a double holds (FLOW_SCALE_FREE). */
  logScale: number;
}

/**
 * The unique flow consistent with R and the uniform backward policy P_B(s | s') = 1 / |parents(s')|:
 * F(s) = R(s)[s terminal] + sum_{s -> s'} F(s') / |parents(s')| (flowsWithBackward below).
 * Normalising gives the forward policy P_F(s' | s) = F(s -> s') / F(s) that samples x with probability R(x) / Z.
 */
export function uniformBackwardFlows(dag: AnyDag, beta = 1): Flows {
  return flowsWithBackward(dag, uniformBackwardPolicy(dag), beta);
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
 * With beta, the flow of R^beta (the target of a run with that reward exponent).
 */
export function flowsWithBackward(dag: AnyDag, backward: ArrayLike<number>, beta = 1): Flows {
  const order = requireTopologicalOrder(dag);
  const n = dag.states.length;
  const state = new Float64Array(n);
  const edge = new Float64Array(dag.edgeChild.length);
  const stop = new Float64Array(n);
  const max = maxLogReward(dag, beta);
  const logScale = Math.abs(max) > FLOW_SCALE_FREE && max > -Infinity ? max : 0;
  for (let i = n - 1; i >= 0; i--) {
    const s = order[i];
    const logR = dag.terminal[s] ? logRewardOf(dag, s, beta) : Number.NaN;
    stop[s] = logR > -Infinity ? Math.exp(logR - logScale) : 0;
    let f = stop[s];
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
      edge[e] = state[dag.edgeChild[e]] * backward[e];
      f += edge[e];
    }
    state[s] = f;
  }
  return { state, edge, stop, logScale };
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
 * The flow a forward policy and a learned log Z define, the "learned flows" the panel draws:
 *   F(s) = Z u(s),   F(s -> s') = Z u(s) P_F(s' | s),   F(s -> x_f) = Z u(s) P_F(stop | s)
 * with u(s) the policy's probability of visiting s (visitProbabilities). It is a flow for any policy (what enters s
 * leaves it); it is the target flow of a backward policy exactly when the policy is that target's P_F* and Z is the
 * true Z (trajectory balance, Malkin et al., NeurIPS 2022: Z prod P_F(tau) = R(x) prod P_B(tau | x) on every
 * trajectory). Kept as F / e^logScale with
 * logScale = log Z beyond +-FLOW_SCALE_FREE, as the exact flows are, so that Z = e^800 does not overflow.
 * `visit` may be passed when the caller has it already.
 */
export function learnedFlows(dag: AnyDag, policy: ForwardPolicy, logZ: number, visit = visitProbabilities(dag, policy)): Flows {
  const logScale = Math.abs(logZ) > FLOW_SCALE_FREE && Number.isFinite(logZ) ? logZ : 0;
  const z = Math.exp(logZ - logScale);
  const n = dag.states.length;
  const state = new Float64Array(n);
  const edge = new Float64Array(dag.edgeChild.length);
  const stop = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const f = z * visit[s];
    state[s] = f;
    stop[s] = f * policy.stopProb[s];
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) edge[e] = f * policy.edgeProb[e];
  }
  return { state, edge, stop, logScale };
}

/** Flows in the user's unit (Flows keep them relative to e^logScale): Infinity beyond a double, 0 where F is 0. */
export function inUnits(flow: number, logScale: number): number {
  return logScale === 0 || flow === 0 ? flow : flow * Math.exp(logScale);
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
