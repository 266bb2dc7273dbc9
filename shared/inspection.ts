/**
 * The state inspector's numbers (src/train/inspection.ts): per edge and node of the FlowGraph the learned and the
 * target policy, where the policy deviates most, and the terminal mass and stop probability per depth.
 */
export interface PolicyInspection {
  forwardProb: number[];
  backwardProb: number[];
  targetForwardProb: number[];
  /** The target edge flow F*(s -> s') of the P_B in use: what the panel colours the learned edgeFlow against. */
  targetEdgeFlow: number[];
  stopProb: number[];
  targetStopProb: number[];
  /**
   * Where the policy is wrong, over the whole DAG (not only the drawn part), largest first (at most 20):
   * weight = u*(s) * TV(P_F(.|s), P_F*(.|s)), u*(s) the target's probability of visiting s. Their sum over all
   * states bounds the TV of the terminal distributions (a coupling argument), so the top rows explain the error.
   */
  deviations: PolicyDeviation[];
  /** Terminal mass per depth over the whole DAG: the target's, the learned policy's, the recent samples'. */
  depthMass: DepthMass[];
}

export interface PolicyDeviation {
  /** The state's id in the explored DAG, and its index in FlowGraph.nodes (-1 when it is not drawn). */
  state: number;
  node: number;
  key: string;
  label: string;
  /** u*(s), the target policy's probability of visiting s. */
  visit: number;
  /** TV between the learned and the target action distributions at s (stop included). */
  tv: number;
  /** visit * tv. */
  weight: number;
}

export interface DepthMass {
  depth: number;
  target: number;
  learned: number;
  sampled: number;
  /**
   * P_F(stop | s) averaged over the states of this depth weighted by the probability of visiting them, the target
   * policy's (u*, P_F*) and the learned one's: the terminal mass at the depth over the visit mass at the depth.
   * Absent in snapshots stored before it existed.
   */
  targetStop?: number;
  learnedStop?: number;
}
