/**
 * "Where is the policy wrong": the snapshot's deviations over the whole DAG, largest first, weight u*(s) TV(P_F, P_F*)
 * at s (their sum bounds the TV of the terminal distributions: src/dag/inspect.ts). A row of a drawn state selects
 * it; states outside the graph (node -1, beyond its top-flow cut) are listed but cannot be selected.
 */
import { formatNumber, formatPercent } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
import type { PolicyDeviation } from '../../shared/inspection';
import type { Panel } from '../panel';
import { el } from '../skeleton';
import { isSvgLabel } from '../style';
import { figureHtml } from './figure';

function name(d: PolicyDeviation): string {
  const text = isSvgLabel(d.label) ? d.key : d.label.replace(/\s*\n\s*/g, '/').trim() || d.key;
  return text.length > 40 ? text.slice(0, 39) + '…' : text;
}

function rowHtml(d: PolicyDeviation, i: number): string {
  const picture = isSvgLabel(d.label) ? figureHtml(d.label, d.key, 28) : '';
  const text = `${picture}<span class="name">${escapeHtml(name(d))}</span>`;
  const numbers = `<td>${escapeHtml(formatNumber(d.weight, 3))}</td><td>${escapeHtml(formatPercent(d.visit))}</td><td>${escapeHtml(formatPercent(d.tv))}</td>`;
  const who =
    d.node >= 0
      ? `<button type="button" data-node="${d.node}" title="${escapeHtml(d.key)}">${text}</button>`
      : `<span class="undrawn" title="${escapeHtml(d.key)}: not in the drawn graph (beyond its top-flow part)">${text}</span>`;
  return `<tr data-rank="${i + 1}"><td>${who}</td>${numbers}</tr>`;
}

export function renderDeviations(panel: Panel): void {
  const box = el('deviations');
  const g = panel.state.data.graph;
  const ins = g ? panel.state.fittingSnapshot(g)?.inspector : undefined;
  if (!ins) {
    box.className = 'muted';
    box.textContent = g && !g.complete ? 'Needs an enumerable DAG.' : 'Train to see where the learned policy departs from the target.';
    return;
  }
  box.className = '';
  if (ins.deviations.length === 0) {
    box.innerHTML = '<div class="muted">Nowhere: the learned policy is the target at every state the target visits.</div>';
    return;
  }
  const total = ins.deviations.reduce((a, d) => a + d.weight, 0);
  box.innerHTML =
    `<table class="deviations"><thead><tr><th>state</th><th title="u*(s) × TV">weight</th><th title="u*(s): how often the target visits s">u*(s)</th><th title="TV between the learned and the target action distributions at s">TV</th></tr></thead>` +
    `<tbody>${ins.deviations.map(rowHtml).join('')}</tbody></table>` +
    `<div class="muted">weight = u*(s) × TV at s; these ${ins.deviations.length} add up to ${escapeHtml(formatNumber(total, 3))}, and the weights of all states bound the terminal TV.</div>`;
}

export function mountDeviations(panel: Panel): void {
  el('deviations').addEventListener('click', (e) => {
    const b = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('button[data-node]') : null;
    if (b) panel.select(Number(b.dataset.node), true);
  });
}
