/**
 * What each drawn element of the flow graph carries, from a flow view (flowView.ts): a node's size and label, an
 * edge's width and colour (its deviation from the target flow of the P_B in use). Small drawings take the sizes of
 * style.ts as they are; big ones get them in screen px at the fitted zoom, quantized (graphView.ts draws them).
 */
import type { FlowGraph } from '../shared/flowGraph';
import type { Subgraph } from './filter';
import type { FlowView } from './flowView';
import { deviation, deviationColour, edgeWidth, nodeLabel, nodeSize } from './style';

/**
 * Rounds to a step: Cytoscape parses (and caches) each distinct style value, so thousands of distinct floats cost a
 * parse each, while a few dozen steps cost a few parses and look the same at overview zoom.
 */
function quantize(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function maxOf(values: ArrayLike<number>, indices: number[]): number {
  let m = 0;
  for (const i of indices) if (values[i] > m) m = values[i];
  return m;
}

/** The largest flows among the drawn elements, and how a big drawing scales: what sizes and widths are relative to. */
export interface DrawScale {
  maxEdge: number;
  maxTarget: number;
  maxNode: number;
  /** A big drawing (graphView.ts BIG_DRAWING), and its model px per screen px at the fitted zoom. */
  big: boolean;
  unit: number;
}

export function drawScale(view: FlowView, drawn: Subgraph, big: boolean, unit: number): DrawScale {
  return {
    maxEdge: maxOf(view.edgeFlow, drawn.edges),
    maxTarget: maxOf(view.targetEdgeFlow, drawn.edges),
    maxNode: maxOf(view.nodeFlow, drawn.nodes),
    big,
    unit,
  };
}

export function labelOf(graph: FlowGraph, v: number, view: FlowView): string {
  return nodeLabel(graph.nodes[v], view.terminalProb ? view.terminalProb[v] : null, view.sampledFreq ? view.sampledFreq[v] : null);
}

/** Small drawings: nodeSize as is. Big ones: 2.5 to 11 screen px at the fitted zoom (nodes sit about 3 px apart). */
export function sizeOf(v: number, view: FlowView, scale: DrawScale): number {
  const s = nodeSize(view.nodeFlow[v], scale.maxNode);
  return scale.big ? scale.unit * quantize(Math.max(2.5, s / 4), 0.5) : s;
}

/** Width by the learned flow; colour by its deviation from the target flow of the P_B in use (flowView.ts). */
export function edgeData(e: number, view: FlowView, scale: DrawScale, edgeColour: string): { w: number; colour: string } {
  const w = edgeWidth(view.edgeFlow[e], scale.maxEdge);
  return {
    // Big drawings: 1 to 5 screen px at the fitted zoom.
    w: scale.big ? scale.unit * quantize(Math.max(1, w / 2), 0.25) : w,
    colour: deviationColour(deviation(view.edgeFlow[e], view.targetEdgeFlow[e], Math.max(scale.maxEdge, scale.maxTarget)), edgeColour),
  };
}
