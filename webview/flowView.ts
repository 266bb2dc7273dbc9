/**
 * The flows the page shows: the learned ones of the last snapshot when it is indexed like the graph, else the exact
 * ones (before training, or after a new graph). The drawing (graphView.ts), the tooltip and the side panels read them.
 */
import type { FlowGraph } from '../shared/flowGraph';
import type { FlowSnapshot } from '../shared/flowSnapshot';

/** What the drawing shows for each node and edge; indices as in FlowGraph. */
export interface FlowView {
  nodeFlow: ArrayLike<number>;
  edgeFlow: ArrayLike<number>;
  /**
   * The flow an edge's colour compares edgeFlow with: the target flow of the backward policy in use (the snapshot's
   * inspector.targetEdgeFlow: under a learned P_B, that P_B's), else the uniform-P_B exact flow of graph.json (before
   * training, an incomplete DAG, or a flows.json written without an inspector). Equal to edgeFlow before training.
   */
  targetEdgeFlow: ArrayLike<number>;
  terminalProb: ArrayLike<number> | null;
  sampledFreq: ArrayLike<number> | null;
}

/** A snapshot is used only when it is indexed like the graph (a stale one from another graph is dropped). */
export function snapshotFits(graph: FlowGraph, s: FlowSnapshot | null): s is FlowSnapshot {
  return !!s && s.edgeFlow.length === graph.edges.length && s.stateFlow.length === graph.nodes.length;
}

export function flowView(graph: FlowGraph, snapshot: FlowSnapshot | null): FlowView {
  const exactNode = graph.nodes.map((n) => n.exactFlow ?? 0);
  const exactEdge = graph.edges.map((e) => e.exactFlow ?? 0);
  const s = snapshotFits(graph, snapshot) ? snapshot : null;
  const target = s?.inspector?.targetEdgeFlow;
  return {
    nodeFlow: s ? s.stateFlow : exactNode,
    edgeFlow: s ? s.edgeFlow : exactEdge,
    targetEdgeFlow: target && target.length === graph.edges.length ? target : exactEdge,
    terminalProb: s ? s.terminalProb : null,
    sampledFreq: s ? s.sampledFreq : null,
  };
}
