/**
 * The panel's state across graph messages (webview/state.ts setGraph): the same graph shown again keeps the curves;
 * a graph of another run of the same environment (Train again, a stored run opened from the runs view) starts them
 * afresh instead of appending its points to the last run's.
 */
import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../../shared/flowGraph';
import type { TrainProgress } from '../../../shared/trainProgress';
import type { Host } from '../../../webview/host';
import { PanelState } from '../../../webview/state';

const host: Host = { inVsCode: false, post: () => undefined, getState: () => undefined, setState: () => undefined };

const graph: FlowGraph = {
  name: 'two states', whole: true, totalStates: 2, totalEdges: 1, logZ: 0, complete: true,
  nodes: [
    { state: 0, key: 's0', label: 's0', depth: 0, terminal: false },
    { state: 1, key: 'x', label: 'x', depth: 1, terminal: true, reward: 1, target: 1 },
  ],
  edges: [{ edge: 0, source: 0, target: 1, action: 'a' }],
};

const point = (iteration: number): TrainProgress => ({
  iteration, iterations: 10, loss: 1, logZ: 0, tv: 0.5, jsd: 0.1, empiricalTv: null, modesFound: 1, trajectories: iteration * 16,
  trajectoriesPerSecond: 100, seconds: iteration / 10,
});

describe('PanelState.setGraph', () => {
  it('keeps the curves for the same graph of the same run, and starts new ones for another run', () => {
    const state = new PanelState(host);
    state.setGraph(graph, '/runs/smiley/a');
    state.addProgress(point(5));
    state.addProgress(point(10));
    state.setGraph(graph);
    expect(state.data.progress.map((p) => p.iteration)).toEqual([5, 10]);
    state.setGraph(graph, '/runs/smiley/a');
    expect(state.data.progress).toHaveLength(2);
    state.selected = 1;
    state.setGraph(graph, '/runs/smiley/b');
    expect(state.data.progress).toEqual([]);
    // The drawing is the same: the user's selection stays.
    expect(state.selected).toBe(1);
  });
});
