/**
 * The flow graph panel: receives the protocol's ToWebview messages (or, in the standalone report, the embedded run),
 * draws the graph, curves and histogram, and answers with FromWebview messages. It renders; it computes no flows.
 * See webview/README.md for the messages and the render-time measurement.
 */
import type { FlowGraph, FlowSnapshot, FromWebview, ToWebview, TrainProgress } from '../shared/protocol';
import { PANEL_DATA_ELEMENT_ID, type PanelData } from '../shared/panelData';
import { connectHost, download } from './host';
import { buildSkeleton, el } from './skeleton';
import { GraphView, type FlowView } from './graphView';
import { defaultFilter, topTerminalsByTarget, visibleSubgraph, type ViewFilter } from './filter';
import { histogram, lineChart } from './charts';
import { formatNumber, formatPercent } from '../shared/format';
import { clipLabel, isSvgLabel } from './style';

/** What survives a reload of the VS Code panel (acquireVsCodeApi().setState). */
interface SavedState {
  version: 1;
  data: PanelData | null;
  filter: ViewFilter | null;
  selected: number | null;
  search: string;
}

/** Graphs larger than this are not persisted: setState serialises synchronously on every change. */
const MAX_SAVED_NODES = 5000;
/** A readable top 10: one labelled row per terminal fits the side column; the rest is a click or a search away. */
const HISTOGRAM_BARS = 10;

const host = connectHost();
// Read before the skeleton replaces the body's content (the data script sits in the body).
const embedded = embeddedData();
buildSkeleton(document.body);

let data: PanelData = { graph: null, snapshot: null, progress: [], summary: null };
let filter: ViewFilter | null = null;
let selected: number | null = null;
let searchText = '';
let matchCursor = 0;
let parentsOf: number[][] = [];
let childrenOf: number[][] = [];

const view = new GraphView(el('graph'), {
  select: (v) => select(v, false),
  hover: (v, at) => showTip(v, at),
});

function post(message: FromWebview): void {
  host.post(message);
}

function setStatus(text: string): void {
  el('status').textContent = text;
}

function notice(text: string): void {
  el('notice').textContent = text;
}

function save(): void {
  const keepGraph = (data.graph?.nodes.length ?? 0) <= MAX_SAVED_NODES;
  const state: SavedState = {
    version: 1,
    data: keepGraph ? data : null,
    filter,
    selected,
    search: searchText,
  };
  host.setState(state);
}

/** A snapshot is used only when it is indexed like the graph (a stale one from another graph is dropped). */
function snapshotFits(graph: FlowGraph, s: FlowSnapshot | null): s is FlowSnapshot {
  return !!s && s.edgeFlow.length === graph.edges.length && s.stateFlow.length === graph.nodes.length;
}

function flowView(graph: FlowGraph): FlowView {
  const exactNode = graph.nodes.map((n) => n.exactFlow ?? 0);
  const exactEdge = graph.edges.map((e) => e.exactFlow ?? 0);
  const s = snapshotFits(graph, data.snapshot) ? data.snapshot : null;
  return {
    nodeFlow: s ? s.stateFlow : exactNode,
    edgeFlow: s ? s.edgeFlow : exactEdge,
    exactEdgeFlow: exactEdge,
    terminalProb: s ? s.terminalProb : null,
    sampledFreq: s ? s.sampledFreq : null,
  };
}

function indexEdges(graph: FlowGraph): void {
  parentsOf = graph.nodes.map(() => []);
  childrenOf = graph.nodes.map(() => []);
  graph.edges.forEach((e, i) => {
    childrenOf[e.source]?.push(i);
    parentsOf[e.target]?.push(i);
  });
}

async function redraw(): Promise<void> {
  const graph = data.graph;
  if (!graph) return;
  const started = performance.now();
  filter ??= defaultFilter(graph);
  el<HTMLInputElement>('topk').value = String(filter.topK);
  el<HTMLInputElement>('topk').max = String(graph.nodes.length);
  el<HTMLInputElement>('threshold').value = String(filter.threshold * 100);
  const fv = flowView(graph);
  const sub = visibleSubgraph(graph, fv.nodeFlow, fv.edgeFlow, filter);
  const filtered = Math.round(performance.now() - started);
  await view.draw(graph, sub, fv);
  const ms = Math.round(performance.now() - started);
  const drawn = view.drawnCounts;
  const partial = drawn.nodes < graph.nodes.length;
  notice(
    (partial ? `Showing the ${drawn.nodes} highest-flow states of ${graph.nodes.length} (raise Top k to see more). ` : '') +
      (graph.whole ? '' : `The engine sent ${graph.nodes.length} of ${graph.totalStates} states.`),
  );
  if (selected !== null) view.select(selected, false);
  // The measurable render time (webview/README.md): from receiving the graph to its first full paint.
  document.body.dataset.renderMs = String(ms);
  document.body.dataset.renderPhases = `subgraph=${filtered} ${document.body.dataset.renderPhases ?? ''}`.trim();
  document.body.dataset.drawnNodes = String(drawn.nodes);
  document.body.dataset.drawnEdges = String(drawn.edges);
  post({ type: 'rendered', ms, nodes: drawn.nodes, edges: drawn.edges });
}

let pendingSide = false;
/** Side bar updates are batched per animation frame: progress messages can arrive faster than the screen refreshes. */
function refreshSide(): void {
  if (pendingSide) return;
  pendingSide = true;
  requestAnimationFrame(() => {
    pendingSide = false;
    renderSummary();
    renderCurves();
    renderHistogram();
    renderDetails();
  });
}

function row(term: string, value: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`;
}

/** Everything a user asks about a state under the pointer: its label and, for terminals, R, p*, p and f. */
function describe(v: number): string {
  const g = data.graph;
  const node = g?.nodes[v];
  if (!g || !node) return '';
  const fv = flowView(g);
  const lines = [isSvgLabel(node.label) ? node.key : node.label, `key ${node.key}, depth ${node.depth}`];
  if (node.terminal) {
    lines.push(`R(x) = ${formatNumber(node.reward)}`, `target p*(x) = ${formatPercent(node.target)}`);
    lines.push(`learned p(x) = ${formatPercent(fv.terminalProb ? fv.terminalProb[v] : null)}`);
    lines.push(`sampled f(x) = ${formatPercent(fv.sampledFreq ? fv.sampledFreq[v] : null)}`);
  }
  lines.push(`F(s) = ${formatNumber(fv.nodeFlow[v])} (exact ${formatNumber(node.exactFlow)})`);
  return lines.join('\n');
}

function showTip(v: number | null, at: { x: number; y: number }): void {
  const tip = el('tip');
  if (v === null) {
    tip.hidden = true;
    return;
  }
  tip.textContent = describe(v);
  tip.hidden = false;
  // Beside the pointer, flipped to stay inside the graph area.
  const box = el('graph');
  const left = at.x + 14 + tip.offsetWidth > box.clientWidth ? at.x - 14 - tip.offsetWidth : at.x + 14;
  const top = Math.min(Math.max(0, at.y - 10), Math.max(0, box.clientHeight - tip.offsetHeight));
  tip.style.left = `${Math.max(0, left)}px`;
  tip.style.top = `${top}px`;
}

/** Charts are drawn 1:1 at the side column's width, so their 10 px text is 10 px on screen. */
function chartWidth(): number {
  return Math.max(180, Math.floor(el('curves').clientWidth || 300));
}

function renderSummary(): void {
  const g = data.graph;
  const last = data.progress[data.progress.length - 1];
  const s = data.summary;
  let html = '';
  if (g) {
    html += row('Environment', g.name);
    html += row('States', `${g.totalStates}${g.complete ? '' : ' (incomplete)'}`);
    html += row('Edges', String(g.totalEdges));
    html += row('Terminals', String(g.nodes.filter((n) => n.terminal).length));
    html += row('True log Z', formatNumber(g.logZ));
  }
  if (s) {
    html += row('Objective', `${s.loss}, ${s.iterations} iterations`);
    html += row('Learned log Z', formatNumber(s.logZ));
    html += row('TV / JSD', `${formatNumber(s.tv)} / ${formatNumber(s.jsd)}`);
    html += row('Speed', `${formatNumber(s.trajectoriesPerSecond)} traj/s (${s.backend})`);
  } else if (last) {
    html += row('Iteration', `${last.iteration} / ${last.iterations}`);
    html += row('Loss', formatNumber(last.loss));
    html += row('Learned log Z', formatNumber(last.logZ));
    html += row('TV', formatNumber(last.tv));
  }
  if (data.source) html += row('Run', data.source);
  el('summary').innerHTML = html;
}

function renderCurves(): void {
  const p = data.progress;
  const trueLogZ = data.graph?.logZ ?? data.summary?.trueLogZ ?? null;
  const xs = (f: (q: TrainProgress) => number | null) =>
    p.flatMap((q) => {
      const y = f(q);
      return y === null ? [] : [[q.iteration, y] as const];
    });
  const logZLine =
    trueLogZ !== null && p.length > 0
      ? [{ points: [[p[0].iteration, trueLogZ], [p[p.length - 1].iteration, trueLogZ]] as const, cls: 'l2' as const, name: 'true' }]
      : [];
  const lossPositive = p.length > 0 && p.every((q) => q.loss > 0);
  const width = chartWidth();
  const height = 100;
  el('curves').innerHTML =
    lineChart({ width, height, title: lossPositive ? 'Loss (log scale)' : 'Loss', logY: lossPositive, series: [{ points: xs((q) => q.loss), cls: 'l1', name: 'loss' }] }) +
    lineChart({ width, height, title: 'log Z', series: [{ points: xs((q) => q.logZ), cls: 'l1', name: 'learned' }, ...logZLine] }) +
    lineChart({
      width,
      height,
      title: 'Total variation to the target',
      // A distance: the axis starts at 0.
      yMin: 0,
      series: [
        { points: xs((q) => q.tv), cls: 'l1', name: 'exact TV' },
        { points: xs((q) => q.empiricalTv), cls: 'l3', name: 'sampled TV' },
      ],
    });
}

function shortLabel(v: number): string {
  const node = data.graph?.nodes[v];
  if (!node) return '';
  const text = isSvgLabel(node.label) ? node.key : node.label;
  return text.replace(/\s*\n\s*/g, '/').trim() || node.key;
}

function renderHistogram(): void {
  const g = data.graph;
  if (!g) return;
  const s = snapshotFits(g, data.snapshot) ? data.snapshot : null;
  const top = topTerminalsByTarget(g, HISTOGRAM_BARS);
  const names = ['target p*', ...(s ? ['learned p', 'sampled f'] : [])];
  el('histogram').innerHTML =
    histogram({
      width: chartWidth(),
      title: `Top ${top.length} terminals by target p*`,
      seriesNames: names,
      bars: top.map((v) => ({
        label: shortLabel(v),
        title: `${g.nodes[v].key}  R=${formatNumber(g.nodes[v].reward)}`,
        values: [g.nodes[v].target ?? null, ...(s ? [s.terminalProb[v], s.sampledFreq[v]] : [])],
      })),
    }) +
    `<div class="muted">${names.map((n, i) => `<span class="key k${i + 1}"></span>${n}`).join('')}</div>`;
}

function edgeList(edges: number[], side: 'source' | 'target', fv: FlowView): string {
  const g = data.graph;
  if (!g) return '';
  const items = edges
    .slice()
    .sort((a, b) => fv.edgeFlow[b] - fv.edgeFlow[a])
    .slice(0, 50)
    .map((e) => {
      const other = g.edges[e][side];
      const label = `${g.edges[e].action} ${side === 'target' ? '→' : '←'} ${clipLabel(shortLabel(other))}`;
      const text = `${label}  F=${formatNumber(fv.edgeFlow[e])} (exact ${formatNumber(g.edges[e].exactFlow)})`;
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.node = String(other);
      b.textContent = text;
      return `<li>${b.outerHTML}</li>`;
    });
  const more = edges.length > 50 ? `<li class="muted">… ${edges.length - 50} more</li>` : '';
  return `<ul class="edges">${items.join('')}${more}</ul>`;
}

function renderDetails(): void {
  const box = el('details');
  const g = data.graph;
  if (!g || selected === null || !g.nodes[selected]) {
    box.className = 'muted';
    box.textContent = 'Click a state, or search for one.';
    return;
  }
  const v = selected;
  const node = g.nodes[v];
  const fv = flowView(g);
  box.className = '';
  let html = '<dl class="summary">';
  html += row('Key', node.key);
  html += row('Depth', String(node.depth));
  html += row('Terminal', node.terminal ? 'yes' : 'no');
  if (node.terminal) {
    html += row('R(x)', formatNumber(node.reward));
    html += row('Target p*(x)', formatPercent(node.target));
    html += row('Learned p(x)', formatPercent(fv.terminalProb ? fv.terminalProb[v] : null));
    html += row('Sampled freq.', formatPercent(fv.sampledFreq ? fv.sampledFreq[v] : null));
  }
  html += row('Flow F(s)', formatNumber(fv.nodeFlow[v]));
  html += row('Exact F(s)', formatNumber(node.exactFlow));
  html += row('Drawn', view.isDrawn(v) ? 'yes' : 'no (filtered out)');
  html += '</dl>';
  box.innerHTML = html;
  const pre = document.createElement('pre');
  pre.className = 'label';
  pre.textContent = isSvgLabel(node.label) ? '(SVG label, drawn on the node)' : node.label;
  box.prepend(pre);
  box.insertAdjacentHTML(
    'beforeend',
    `<div class="muted">In-edges (${parentsOf[v].length})</div>${edgeList(parentsOf[v], 'source', fv)}` +
      `<div class="muted">Out-edges (${childrenOf[v].length})</div>${edgeList(childrenOf[v], 'target', fv)}`,
  );
}

function select(v: number | null, center: boolean): void {
  selected = v;
  view.select(v, center);
  renderDetails();
  save();
}

function runSearch(next: boolean): void {
  const g = data.graph;
  const q = el<HTMLInputElement>('search').value.trim().toLowerCase();
  searchText = q;
  const result = el('search-result');
  if (!g || !q) {
    result.textContent = '';
    return;
  }
  const matches: number[] = [];
  g.nodes.forEach((n, v) => {
    if (n.key.toLowerCase().includes(q) || (!isSvgLabel(n.label) && n.label.toLowerCase().includes(q))) matches.push(v);
  });
  if (matches.length === 0) {
    result.textContent = 'no match';
    return;
  }
  matchCursor = next ? (matchCursor + 1) % matches.length : 0;
  const v = matches[matchCursor];
  result.textContent = `${matchCursor + 1}/${matches.length}${view.isDrawn(v) ? '' : ' (not drawn: raise Top k)'}`;
  select(v, true);
}

async function applyFilter(): Promise<void> {
  const g = data.graph;
  if (!g) return;
  const k = Number(el<HTMLInputElement>('topk').value);
  const t = Number(el<HTMLInputElement>('threshold').value);
  filter = {
    topK: Number.isFinite(k) && k >= 1 ? Math.min(Math.floor(k), g.nodes.length) : defaultFilter(g).topK,
    threshold: Number.isFinite(t) ? Math.max(0, Math.min(100, t)) / 100 : 0,
  };
  await redraw();
  refreshSide();
  save();
}

function exportJson(): string {
  return JSON.stringify({ graph: data.graph, snapshot: data.snapshot, progress: data.progress, summary: data.summary }, null, 1);
}

function fileStem(): string {
  return (data.graph?.name ?? 'flow-graph').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'flow-graph';
}

/**
 * A zoom button: zoom, and record in dataset.zoomMs how long the page took from the click to the second frame after it
 * (the first frame that shows the new zoom), so a UI test can tell the panel's response from its own overhead.
 */
function zoomClicked(factor: number): void {
  const clicked = performance.now();
  view.zoomBy(factor);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      document.body.dataset.zoomMs = String(Math.round(performance.now() - clicked));
    }),
  );
}

function setSideVisible(visible: boolean): void {
  document.body.classList.toggle('side-hidden', !visible);
  const button = el('side-toggle');
  button.textContent = visible ? 'Hide details' : 'Show details';
  button.setAttribute('aria-expanded', String(visible));
}

function wireControls(): void {
  const search = el<HTMLInputElement>('search');
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') runSearch(searchText === search.value.trim().toLowerCase());
  });
  search.addEventListener('search', () => runSearch(false));
  for (const id of ['topk', 'threshold']) el(id).addEventListener('change', () => void applyFilter());
  el('fit').addEventListener('click', () => view.fit());
  el('zoom-in').addEventListener('click', () => zoomClicked(1.25));
  el('zoom-out').addEventListener('click', () => zoomClicked(0.8));
  el('export-png').addEventListener('click', () => {
    const png = view.png();
    if (!png) return;
    if (host.inVsCode) post({ type: 'exportPng', dataUrl: png });
    else download(`${fileStem()}.png`, png);
  });
  el('export-json').addEventListener('click', () => {
    const json = exportJson();
    if (host.inVsCode) post({ type: 'exportJson', json });
    else download(`${fileStem()}.json`, URL.createObjectURL(new Blob([json], { type: 'application/json' })));
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
      Escape: () => select(null, false),
    };
    const act = actions[e.key];
    if (act) {
      act();
      e.preventDefault();
    }
  });
  el('details').addEventListener('click', (e) => {
    const target = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('button[data-node]') : null;
    if (target) select(Number(target.dataset.node), true);
  });
  el('side-toggle').addEventListener('click', () => setSideVisible(document.body.classList.contains('side-hidden')));
  // Panel resized or the side column toggled: re-fit the drawing and redraw the charts at the new width. (A
  // ResizeObserver already calls back at most once per frame, before paint.)
  const onResize = () => {
    view.resized();
    refreshSide();
  };
  new ResizeObserver(onResize).observe(el('graph'));
  // VS Code switches themes by changing the body's classes: re-read the colours Cytoscape was given.
  new MutationObserver(() => view.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

async function setGraph(graph: FlowGraph): Promise<void> {
  const sameGraph = data.graph !== null && data.graph.name === graph.name && data.graph.nodes.length === graph.nodes.length;
  data = { ...data, graph, snapshot: snapshotFits(graph, data.snapshot) && sameGraph ? data.snapshot : null };
  if (!sameGraph) {
    filter = null;
    selected = null;
    data.progress = [];
    data.summary = null;
  }
  indexEdges(graph);
  el('title').textContent = `Flow graph: ${graph.name}`;
  await redraw();
  refreshSide();
  save();
}

function setSnapshot(snapshot: FlowSnapshot): void {
  data.snapshot = snapshot;
  const g = data.graph;
  if (g && snapshotFits(g, snapshot)) view.applyFlows(flowView(g));
  refreshSide();
  save();
}

async function onMessage(message: ToWebview): Promise<void> {
  switch (message.type) {
    case 'graph':
      await setGraph(message.graph);
      break;
    case 'progress':
      data.progress.push(message.progress);
      refreshSide();
      save();
      break;
    case 'flows':
      setSnapshot(message.snapshot);
      break;
    case 'status':
      setStatus(message.text);
      break;
  }
}

function embeddedData(): PanelData | null {
  const script = document.getElementById(PANEL_DATA_ELEMENT_ID);
  if (!script?.textContent) return null;
  try {
    return JSON.parse(script.textContent) as PanelData;
  } catch (error) {
    console.error(`Could not read the embedded run: ${String(error)}`);
    return null;
  }
}

function isSavedState(value: unknown): value is SavedState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
}

async function start(): Promise<void> {
  wireControls();
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    if (m && typeof m === 'object' && typeof m.type === 'string') void onMessage(m);
  });
  const saved = host.getState();
  if (embedded) {
    data = { ...embedded, progress: embedded.progress ?? [] };
    if (data.summary) setStatus(`Finished: ${data.summary.iterations} iterations in ${formatNumber(data.summary.seconds)} s`);
  } else if (isSavedState(saved) && saved.data) {
    data = saved.data;
    filter = saved.filter;
    selected = saved.selected;
    searchText = saved.search;
    el<HTMLInputElement>('search').value = saved.search;
  }
  if (data.graph) {
    const g = data.graph;
    indexEdges(g);
    el('title').textContent = `Flow graph: ${g.name}`;
    await redraw();
  } else {
    notice('Waiting for a flow graph: run "GFlowNet: Show Flow Graph" or "GFlowNet: Train".');
  }
  refreshSide();
  post({ type: 'ready' });
}

void start();
