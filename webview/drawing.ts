/**
 * Drawing the graph: the visible subgraph under the filter, drawn by the GraphView, then the measured render time
 * (webview/README.md) in the body's dataset and in a 'rendered' message to the host.
 */
import { defaultFilter, visibleSubgraph } from './filter';
import { showFilter } from './controls';
import type { Panel } from './panel';
import { el } from './skeleton';

/** The line over the bottom of the graph: what is not drawn, or what the panel waits for. */
export function notice(text: string): void {
  el('notice').textContent = text;
}

export async function redraw(panel: Panel): Promise<void> {
  const { state, view } = panel;
  const graph = state.data.graph;
  if (!graph) return;
  const started = performance.now();
  state.filter ??= defaultFilter(graph);
  showFilter(graph, state.filter);
  const fv = state.flowView(graph);
  const sub = visibleSubgraph(graph, fv.nodeFlow, fv.edgeFlow, state.filter);
  const filtered = Math.round(performance.now() - started);
  await view.draw(graph, sub, fv);
  const ms = Math.round(performance.now() - started);
  const drawn = view.drawnCounts;
  const partial = drawn.nodes < graph.nodes.length;
  notice(
    (partial ? `Showing the ${drawn.nodes} highest-flow states of ${graph.nodes.length} (raise Top k to see more). ` : '') +
      (graph.whole ? '' : `The engine sent ${graph.nodes.length} of ${graph.totalStates} states.`),
  );
  if (state.selected !== null) view.select(state.selected, false);
  // The measurable render time (webview/README.md): from receiving the graph to its first full paint.
  document.body.dataset.renderMs = String(ms);
  document.body.dataset.renderPhases = `subgraph=${filtered} ${document.body.dataset.renderPhases ?? ''}`.trim();
  document.body.dataset.drawnNodes = String(drawn.nodes);
  document.body.dataset.drawnEdges = String(drawn.edges);
  panel.host.post({ type: 'rendered', ms, nodes: drawn.nodes, edges: drawn.edges });
}

/** A graph to show, arrived or restored at start-up: its title, then its drawing. */
export async function showGraph(panel: Panel): Promise<void> {
  const graph = panel.state.data.graph;
  if (!graph) return;
  el('title').textContent = `Flow graph: ${graph.name}`;
  await panel.redraw();
}
