/**
 * FlowSnapshot.inspector: the learned policy beside the target of the backward policy in use, in FlowGraph order,
 * with the deviations ranked over the whole DAG and the terminal mass per depth (the numbers of src/dag/inspect.ts).
 */
import type { Dag } from '../dag/dag';
import { flowsWithBackward, inUnits, policyFromFlows, visitProbabilities, type Flows, type ForwardPolicy } from '../dag/exact';
import { depthMass, rankDeviations, stopPerDepth } from '../dag/inspect';
import type { DepthMass, PolicyInspection } from '../../shared/inspection';

/** The rows of the "where is the policy wrong" list. */
export const DEVIATION_ROWS = 20;

export interface InspectionInput {
  dag: Dag<unknown, unknown>;
  /** DAG state ids of FlowGraph.nodes and edge ids of FlowGraph.edges. */
  nodes: ArrayLike<number>;
  edges: ArrayLike<number>;
  learned: ForwardPolicy;
  /** The learned P(x) and the target p*(x) = R(x) / Z, indexed like dag.terminals. */
  learnedTerminal: ArrayLike<number>;
  target: ArrayLike<number>;
  /** The target of P_B(s | s') (the learned head's, or 1 / |parents(s')|). */
  targetFlow: TargetOfBackward;
  /** Frequency of each state among the recent samples (state-indexed). */
  sampled: ArrayLike<number>;
  /** u(s), the learned policy's probability of visiting s (src/dag/exact.ts visitProbabilities), for the stop per depth. */
  learnedVisit: ArrayLike<number>;
  /** A label for a deviation's state (the drawn label, or render through the guarded environment). */
  labelOf(state: number, node: number): string;
}

/** The target of one backward policy: its flow, its forward policy P_F* and visit probabilities u*(s). */
export interface TargetOfBackward {
  backward: ArrayLike<number>;
  flows: Flows;
  policy: ForwardPolicy;
  visit: Float64Array;
}

/** Computed once for the uniform P_B (it never changes), every report for a learned one; of R^beta. */
export function targetOfBackward(dag: Dag<unknown, unknown>, backward: ArrayLike<number>, beta = 1): TargetOfBackward {
  const flows = flowsWithBackward(dag, backward, beta);
  const policy = policyFromFlows(dag, flows);
  return { backward, flows, policy, visit: visitProbabilities(dag, policy) };
}

export function policyInspection(input: InspectionInput): PolicyInspection {
  const { dag, nodes, edges, learned } = input;
  const { backward, flows, policy: target, visit } = input.targetFlow;
  const nodeOf = new Map<number, number>();
  for (let i = 0; i < nodes.length; i++) nodeOf.set(nodes[i], i);
  return {
    forwardProb: pick(learned.edgeProb, edges),
    backwardProb: pick(backward, edges),
    targetForwardProb: pick(target.edgeProb, edges),
    targetEdgeFlow: inScale(pick(flows.edge, edges), flows.logScale),
    stopProb: pick(learned.stopProb, nodes),
    targetStopProb: pick(target.stopProb, nodes),
    deviations: rankDeviations(dag, learned, target, visit, DEVIATION_ROWS).map((d) => {
      const node = nodeOf.get(d.state) ?? -1;
      return { state: d.state, node, key: dag.keys[d.state], label: input.labelOf(d.state, node), visit: d.visit, tv: d.tv, weight: d.weight };
    }),
    depthMass: depthProfile(input),
  };
}

/** Terminal mass per depth with the target's and the learned policy's stop probability per depth (src/dag/inspect.ts). */
export function depthProfile(input: Pick<InspectionInput, 'dag' | 'target' | 'learnedTerminal' | 'sampled' | 'learned' | 'learnedVisit' | 'targetFlow'>): DepthMass[] {
  const { dag } = input;
  const targetStop = stopPerDepth(dag, input.targetFlow.policy, input.targetFlow.visit);
  const learnedStop = stopPerDepth(dag, input.learned, input.learnedVisit);
  return depthMass(dag, input.target, input.learnedTerminal, input.sampled).map((row) => ({
    ...row,
    targetStop: targetStop[row.depth],
    learnedStop: learnedStop[row.depth],
  }));
}

/** Flows in the user's scale (exact.ts keeps them relative to e^logScale): Infinity beyond a double, as F is. */
function inScale(flows: number[], logScale: number): number[] {
  return logScale === 0 ? flows : flows.map((f) => inUnits(f, logScale));
}

/** values[ids[i]] for each i, as the plain array the protocol carries. */
function pick(values: ArrayLike<number>, ids: ArrayLike<number>): number[] {
  const out = new Array<number>(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = values[ids[i]];
  return out;
}
