/**
 * Which part of the graph is drawn. Past a few thousand nodes Cytoscape stops being smooth (docs/performance.md,
 * "The panel"), so large graphs open on their highest-flow subgraph and the user raises k on demand.
 */
import type { FlowGraph } from '../shared/flowGraph';
import { topFlowConnected } from '../shared/topFlow';

/** Graphs with more nodes than this open on a top-k view. */
export const LARGE_GRAPH_NODES = 2000;
/** k of that default view. */
export const DEFAULT_TOP_K = 1000;

export interface ViewFilter {
  /** Draw at most this many nodes, those of highest state flow (s0 always). */
  topK: number;
  /** Hide nodes and edges whose flow is below this fraction of the largest state / edge flow (0 hides nothing). */
  threshold: number;
}

export interface Subgraph {
  /** Indices into graph.nodes, ascending. */
  nodes: number[];
  /** Indices into graph.edges whose both ends are drawn and whose flow passes the threshold, ascending. */
  edges: number[];
}

export function defaultFilter(graph: FlowGraph): ViewFilter {
  return { topK: graph.nodes.length > LARGE_GRAPH_NODES ? DEFAULT_TOP_K : graph.nodes.length, threshold: 0 };
}

function maxOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/**
 * The k states of highest flow that stay connected to s0 (best-first search from s0 by flow, as the engine cuts large
 * DAGs in src/flowGraph/graph.ts), so that the drawing has no floating islands; then the threshold drops weak nodes and edges.
 */
export function visibleSubgraph(graph: FlowGraph, nodeFlow: ArrayLike<number>, edgeFlow: ArrayLike<number>, filter: ViewFilter): Subgraph {
  const n = graph.nodes.length;
  const k = Math.max(1, Math.min(n, Math.floor(filter.topK)));
  const threshold = Math.max(0, Math.min(1, filter.threshold));
  const nodeCut = threshold * maxOf(nodeFlow);
  const edgeCut = threshold * maxOf(edgeFlow);
  const flowOf = (v: number) => (Number.isFinite(nodeFlow[v]) ? nodeFlow[v] : 0);
  const shown = new Uint8Array(n);
  if (k >= n) {
    shown.fill(1);
  } else {
    const children: number[][] = graph.nodes.map(() => []);
    for (const e of graph.edges) children[e.source]?.push(e.target);
    const roots: number[] = [];
    graph.nodes.forEach((node, v) => {
      if (node.depth === 0) roots.push(v);
    });
    const kept = topFlowConnected(n, roots, (v, visit) => children[v].forEach(visit), flowOf, k);
    for (const v of kept) shown[v] = 1;
  }
  if (threshold > 0) {
    for (let v = 0; v < n; v++) if (flowOf(v) < nodeCut) shown[v] = 0;
  }
  // s0 roots the drawing even when a threshold would drop it.
  graph.nodes.forEach((node, v) => {
    if (node.depth === 0) shown[v] = 1;
  });
  const nodes: number[] = [];
  for (let v = 0; v < n; v++) if (shown[v]) nodes.push(v);
  const edges: number[] = [];
  graph.edges.forEach((e, i) => {
    if (!shown[e.source] || !shown[e.target]) return;
    if (threshold > 0 && !(edgeFlow[i] >= edgeCut)) return;
    edges.push(i);
  });
  return { nodes, edges };
}

/** Indices of terminal nodes with the highest target p*(x), for the histogram. */
export function topTerminalsByTarget(graph: FlowGraph, k: number): number[] {
  const terminals: number[] = [];
  graph.nodes.forEach((node, v) => {
    if (node.terminal) terminals.push(v);
  });
  // Without targets (an incomplete DAG), by log R, which every positive reward has (e^800 too).
  const t = (v: number) => {
    const n = graph.nodes[v];
    return n.target ?? n.logReward ?? (n.reward ? Math.log(n.reward) : -Infinity);
  };
  terminals.sort((a, b) => t(b) - t(a) || a - b);
  return terminals.slice(0, k);
}
