/**
 * The selection and the side bar's Selected state section: the state's picture, key, depth, R, p*, p, f and flows,
 * the policy at the state (panels/inspector.ts), and its parents and children as buttons that select them.
 */
import { formatNumber, formatReward, formatPercent } from '../../shared/format';
import type { FlowView } from '../flowView';
import type { Panel } from '../panel';
import { el } from '../skeleton';
import { clipLabel, shortLabel } from '../style';
import { figureHtml } from './figure';
import { actionTable } from './inspector';
import { row } from './markup';

/** At most this many edges are listed each way, those of highest flow. */
const MAX_LISTED_EDGES = 50;

function edgeList(panel: Panel, edges: number[], side: 'source' | 'target', fv: FlowView): string {
  const g = panel.state.data.graph;
  if (!g) return '';
  const items = edges
    .slice()
    .sort((a, b) => fv.edgeFlow[b] - fv.edgeFlow[a])
    .slice(0, MAX_LISTED_EDGES)
    .map((e) => {
      const other = g.edges[e][side];
      const label = `${g.edges[e].action} ${side === 'target' ? '→' : '←'} ${clipLabel(shortLabel(g.nodes[other]))}`;
      const text = `${label}  F=${formatNumber(fv.edgeFlow[e])} (target ${formatNumber(fv.targetEdgeFlow[e])})`;
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.node = String(other);
      b.textContent = text;
      return `<li>${b.outerHTML}</li>`;
    });
  const more = edges.length > MAX_LISTED_EDGES ? `<li class="muted">… ${edges.length - MAX_LISTED_EDGES} more</li>` : '';
  return `<ul class="edges">${items.join('')}${more}</ul>`;
}

export function renderDetails(panel: Panel): void {
  const { state, view } = panel;
  const box = el('details');
  const g = state.data.graph;
  const selected = state.selected;
  if (!g || selected === null || !g.nodes[selected]) {
    box.className = 'muted';
    box.textContent = 'Click a state, or search for one.';
    return;
  }
  const v = selected;
  const node = g.nodes[v];
  const fv = state.flowView(g);
  box.className = '';
  let html = '<dl class="summary">';
  html += row('Key', node.key);
  html += row('Depth', String(node.depth));
  html += row('Terminal', node.terminal ? 'yes' : 'no');
  if (node.terminal) {
    html += row('R(x)', formatReward(node));
    html += row('Target p*(x)', formatPercent(node.target));
    html += row('Learned p(x)', formatPercent(fv.terminalProb ? fv.terminalProb[v] : null));
    html += row('Sampled freq.', formatPercent(fv.sampledFreq ? fv.sampledFreq[v] : null));
  }
  html += row('Flow F(s)', formatNumber(fv.nodeFlow[v]));
  html += row('Exact F(s)', formatNumber(node.exactFlow));
  html += row('Drawn', view.isDrawn(v) ? 'yes' : 'no (filtered out)');
  html += '</dl>';
  box.innerHTML = figureHtml(node.label, node.key, 88) + html + actionTable(g, state.fittingSnapshot(g), v, fv, state.childrenOf[v]);
  const { parentsOf, childrenOf } = state;
  box.insertAdjacentHTML(
    'beforeend',
    `<div class="muted">Parents (${parentsOf[v].length})</div>${edgeList(panel, parentsOf[v], 'source', fv)}` +
      `<div class="muted">Children (${childrenOf[v].length})</div>${edgeList(panel, childrenOf[v], 'target', fv)}`,
  );
}

/** Selects a state (null: none) in the state, the drawing and this section, and saves. */
export function selectState(panel: Panel, v: number | null, center: boolean): void {
  panel.state.selected = v;
  panel.view.select(v, center);
  renderDetails(panel);
  panel.state.save();
}

/** The edge buttons select the state at their other end. */
export function mountDetails(panel: Panel): void {
  el('details').addEventListener('click', (e) => {
    const target = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('button[data-node]') : null;
    if (target) panel.select(Number(target.dataset.node), true);
  });
}
