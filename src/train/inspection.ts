/**
 * FlowSnapshot.inspector: the learned policy beside the target of the backward policy in use, in FlowGraph order,
 * with the deviations ranked over the whole DAG and the terminal mass per depth (the numbers of src/dag/inspect.ts).
 */
import type { Dag } from '../dag/dag';
import { policyFromFlows, type ForwardPolicy } from '../dag/exact';
import { depthMass, flowsWithBackward, rankDeviations, visitProbabilities } from '../dag/inspect';
import type { PolicyInspection } from '../../shared/protocol';

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
  /** P_B(s | s') per edge id: the learned head's or 1 / |parents(s')|. */
  backward: ArrayLike<number>;
  /** Frequency of each state among the recent samples (state-indexed). */
  sampled: ArrayLike<number>;
  /** A label for a deviation's state (the drawn label, or render through the guarded environment). */
  labelOf(state: number, node: number): string;
}

export function policyInspection(input: InspectionInput): PolicyInspection {
  const { dag, nodes, edges, learned, backward } = input;
  const flows = flowsWithBackward(dag, backward);
  const target = policyFromFlows(dag, flows);
  const visit = visitProbabilities(dag, target);
  const nodeOf = new Map<number, number>();
  for (let i = 0; i < nodes.length; i++) nodeOf.set(nodes[i], i);
  const pick = (values: ArrayLike<number>, ids: ArrayLike<number>) => Array.from({ length: ids.length }, (_, i) => values[ids[i]]);
  return {
    forwardProb: pick(learned.edgeProb, edges),
    backwardProb: pick(backward, edges),
    targetForwardProb: pick(target.edgeProb, edges),
    targetEdgeFlow: pick(flows.edge, edges),
    stopProb: pick(learned.stopProb, nodes),
    targetStopProb: pick(target.stopProb, nodes),
    deviations: rankDeviations(dag, learned, target, visit, DEVIATION_ROWS).map((d) => {
      const node = nodeOf.get(d.state) ?? -1;
      return { state: d.state, node, key: dag.keys[d.state], label: input.labelOf(d.state, node), visit: d.visit, tv: d.tv, weight: d.weight };
    }),
    depthMass: depthMass(dag, input.target, input.learnedTerminal, input.sampled),
  };
}
