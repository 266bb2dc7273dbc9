/**
 * The side column's "Mass and stop per depth": per depth, the terminal mass of the target, of the learned policy and
 * of the samples, and the target's and the learned policy's stop probability (the snapshot's inspector.depthMass,
 * src/dag/inspect.ts). The overview draws the masses for large graphs; this table is there for every exact DAG, since
 * a policy that stops at the wrong depth (the diagnosis's stop-depth) shows here first.
 */
import { formatNumber, formatPercent } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
import type { DepthMass } from '../../shared/inspection';
import type { Panel } from '../panel';
import { el } from '../skeleton';

function rowHtml(r: DepthMass): string {
  const cells = [formatPercent(r.target), formatPercent(r.learned), formatPercent(r.sampled), formatNumber(r.targetStop, 2), formatNumber(r.learnedStop, 2)];
  return `<tr data-depth="${r.depth}"><td>${r.depth}</td>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

export function renderDepthTable(panel: Panel): void {
  const g = panel.state.data.graph;
  const rows = g ? panel.state.fittingSnapshot(g)?.inspector?.depthMass : undefined;
  const box = el('depth-table');
  if (!rows || rows.length === 0) {
    box.className = 'muted';
    box.textContent = g && !g.complete ? 'Needs an enumerable DAG.' : 'Train to see where the policy stops.';
    return;
  }
  box.className = '';
  box.innerHTML =
    '<table class="deviations depth"><thead><tr><th>depth</th><th title="target terminal mass">target</th><th title="learned terminal mass">learned</th>' +
    '<th title="terminal mass in the recent samples">sampled</th><th title="target P(stop) at this depth">stop*</th><th title="learned P(stop) at this depth">stop</th></tr></thead>' +
    `<tbody>${rows.map(rowHtml).join('')}</tbody></table>` +
    '<div class="muted">Terminal mass per depth; stop: P_F(stop | s) averaged over the states of the depth, weighted by how often the policy visits them (stop*: the target\'s).</div>';
}
