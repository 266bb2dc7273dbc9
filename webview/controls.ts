/**
 * The toolbar and the keyboard: Top k and Min flow % (the filter), Fit and zoom, the exports, Hide details, the status
 * line; arrow keys, +/-/0 and Escape on the graph. Also the page's reactions to its surroundings: a resized panel
 * re-fits the drawing, a theme switch re-reads its colours. (Search has its own file, search.ts.)
 */
import type { FlowGraph } from '../shared/flowGraph';
import { defaultFilter, type ViewFilter } from './filter';
import { download } from './host';
import type { Panel } from './panel';
import { el } from './skeleton';

/** The toolbar's status line (training progress from the host, or the embedded run's summary). */
export function setStatus(text: string): void {
  el('status').textContent = text;
}

/** The filter inputs show the filter the drawing uses (its default for a new graph). */
export function showFilter(graph: FlowGraph, filter: ViewFilter): void {
  el<HTMLInputElement>('topk').value = String(filter.topK);
  el<HTMLInputElement>('topk').max = String(graph.nodes.length);
  el<HTMLInputElement>('threshold').value = String(filter.threshold * 100);
}

async function applyFilter(panel: Panel): Promise<void> {
  const { state } = panel;
  const g = state.data.graph;
  if (!g) return;
  const k = Number(el<HTMLInputElement>('topk').value);
  const t = Number(el<HTMLInputElement>('threshold').value);
  state.filter = {
    topK: Number.isFinite(k) && k >= 1 ? Math.min(Math.floor(k), g.nodes.length) : defaultFilter(g).topK,
    threshold: Number.isFinite(t) ? Math.max(0, Math.min(100, t)) / 100 : 0,
  };
  await panel.redraw();
  panel.refreshSide();
  state.save();
}

/**
 * A zoom button: zoom, and record in dataset.zoomMs how long the page took from the click to the second frame after it
 * (the first frame that shows the new zoom), so a UI test can tell the panel's response from its own overhead.
 */
function zoomClicked(panel: Panel, factor: number): void {
  const clicked = performance.now();
  panel.view.zoomBy(factor);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      document.body.dataset.zoomMs = String(Math.round(performance.now() - clicked));
    }),
  );
}

function exportJson(panel: Panel): string {
  const { data } = panel.state;
  return JSON.stringify({ graph: data.graph, snapshot: data.snapshot, progress: data.progress, summary: data.summary }, null, 1);
}

function fileStem(panel: Panel): string {
  return (panel.state.data.graph?.name ?? 'flow-graph').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'flow-graph';
}

function setSideVisible(visible: boolean): void {
  document.body.classList.toggle('side-hidden', !visible);
  const button = el('side-toggle');
  button.textContent = visible ? 'Hide details' : 'Show details';
  button.setAttribute('aria-expanded', String(visible));
}

export function mountControls(panel: Panel): void {
  const { host, view } = panel;
  for (const id of ['topk', 'threshold']) el(id).addEventListener('change', () => void applyFilter(panel));
  el('fit').addEventListener('click', () => view.fit());
  el('zoom-in').addEventListener('click', () => zoomClicked(panel, 1.25));
  el('zoom-out').addEventListener('click', () => zoomClicked(panel, 0.8));
  el('export-png').addEventListener('click', () => {
    const png = view.png();
    if (!png) return;
    if (host.inVsCode) host.post({ type: 'exportPng', dataUrl: png });
    else download(`${fileStem(panel)}.png`, png);
  });
  el('export-json').addEventListener('click', () => {
    const json = exportJson(panel);
    if (host.inVsCode) host.post({ type: 'exportJson', json });
    else download(`${fileStem(panel)}.json`, URL.createObjectURL(new Blob([json], { type: 'application/json' })));
  });
  el('graph').addEventListener('keydown', (e) => {
    const step = 60;
    const actions: Record<string, () => void> = {
      '+': () => view.zoomBy(1.25),
      '=': () => view.zoomBy(1.25),
      '-': () => view.zoomBy(0.8),
      '0': () => view.fit(),
      ArrowLeft: () => view.panBy(step, 0),
      ArrowRight: () => view.panBy(-step, 0),
      ArrowUp: () => view.panBy(0, step),
      ArrowDown: () => view.panBy(0, -step),
      Escape: () => panel.select(null, false),
    };
    const act = actions[e.key];
    if (act) {
      act();
      e.preventDefault();
    }
  });
  el('side-toggle').addEventListener('click', () => setSideVisible(document.body.classList.contains('side-hidden')));
  // Panel resized or the side column toggled: re-fit the drawing and redraw the charts at the new width. (A
  // ResizeObserver already calls back at most once per frame, before paint.)
  const onResize = () => {
    view.resized();
    panel.refreshSide();
  };
  new ResizeObserver(onResize).observe(el('graph'));
  // VS Code switches themes by changing the body's classes: re-read the colours Cytoscape was given.
  new MutationObserver(() => view.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
