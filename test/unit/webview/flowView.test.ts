/**
 * The flow an edge's colour compares the learned flow with (webview/flowView.ts): the snapshot's target flow of the
 * backward policy in use when it has one, else graph.json's exact flow under the uniform P_B (before training, an
 * incomplete DAG, a flows.json written without the inspector's numbers).
 */
import { describe, expect, it } from 'vitest';
import type { FlowGraph, GraphNode } from '../../../shared/flowGraph';
import type { FlowSnapshot } from '../../../shared/flowSnapshot';
import type { PolicyInspection } from '../../../shared/inspection';
import { flowView } from '../../../webview/flowView';

/** s0 -> s1 -> s2 with uniform-P_B exact flows 3 and 2 on its edges. */
const graph: FlowGraph = (() => {
  const nodes: GraphNode[] = [0, 1, 2].map((v) => ({ state: v, key: `s${v}`, label: `s${v}`, depth: v, terminal: v === 2, exactFlow: 3 - v / 2 }));
  const edges = [3, 2].map((f, i) => ({ edge: i, source: i, target: i + 1, action: 'a', exactFlow: f }));
  return { name: 'chain', whole: true, totalStates: 3, totalEdges: 2, nodes, edges, logZ: Math.log(3), complete: true };
})();

const learned: FlowSnapshot = { iteration: 10, edgeFlow: [2.5, 1.5], stateFlow: [2.5, 2, 1.5], terminalProb: [0, 0, 1], sampledFreq: [0, 0, 1] };
const inspector = (targetEdgeFlow: number[]): PolicyInspection => ({
  forwardProb: [1, 1],
  backwardProb: [1, 1],
  targetForwardProb: [1, 1],
  targetEdgeFlow,
  stopProb: [0, 0, 1],
  targetStopProb: [0, 0, 1],
  deviations: [],
  depthMass: [],
});

describe('flowView target edge flow', () => {
  it('before training: the exact flows, learned and target alike', () => {
    const fv = flowView(graph, null);
    expect(Array.from(fv.edgeFlow)).toEqual([3, 2]);
    expect(Array.from(fv.targetEdgeFlow)).toEqual([3, 2]);
  });

  it("with the inspector's numbers: the target flow of the P_B in use, not graph.json's uniform-P_B flow", () => {
    const fv = flowView(graph, { ...learned, inspector: inspector([2.5, 1.25]) });
    expect(Array.from(fv.edgeFlow)).toEqual([2.5, 1.5]);
    expect(Array.from(fv.targetEdgeFlow)).toEqual([2.5, 1.25]);
  });

  it('a snapshot without them (an older or incomplete run) falls back to the uniform-P_B exact flow', () => {
    expect(Array.from(flowView(graph, learned).targetEdgeFlow)).toEqual([3, 2]);
    // Indexed like another graph: not used.
    expect(Array.from(flowView(graph, { ...learned, inspector: inspector([1]) }).targetEdgeFlow)).toEqual([3, 2]);
  });
});
