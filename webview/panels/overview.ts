/**
 * The overview of a large DAG (cut by the engine, whole: false, or drawn only in part under Top k): the terminal mass
 * per depth over the whole DAG, the target's beside the learned policy's and the recent samples' (the snapshot's
 * inspector.depthMass), next to the top-flow subgraph the graph view draws. Hidden for graphs drawn whole.
 */
import { formatPercent } from '../../shared/format';
import { histogram } from '../charts';
import type { Panel } from '../panel';
import { el } from '../skeleton';
import { chartWidth } from './markup';

export function renderOverview(panel: Panel): void {
  const section = el('overview-section');
  const g = panel.state.data.graph;
  const drawn = panel.view.drawnCounts.nodes;
  const large = !!g && (!g.whole || (drawn > 0 && drawn < g.nodes.length));
  const rows = g ? panel.state.fittingSnapshot(g)?.inspector?.depthMass : undefined;
  section.hidden = !large;
  if (!large || !g) return;
  if (!rows) {
    el('overview').innerHTML = `<div class="muted">${g.complete ? 'Train to see the mass per depth.' : 'Needs an enumerable DAG.'}</div>`;
    return;
  }
  const names = ['target', 'learned', 'sampled'];
  const shown = rows.filter((r) => r.target > 0 || r.learned > 0 || r.sampled > 0);
  const worst = shown.reduce((w, r) => (Math.abs(r.learned - r.target) > Math.abs(w.learned - w.target) ? r : w), shown[0]);
  el('overview').innerHTML =
    histogram({
      width: chartWidth(),
      title: `P(terminal at depth d), over all ${g.totalStates} states`,
      seriesNames: names,
      bars: shown.map((r) => ({ label: `depth ${r.depth}`, title: `depth ${r.depth}`, values: [r.target, r.learned, r.sampled] })),
    }) +
    `<div class="muted">${names.map((n, i) => `<span class="key k${i + 1}"></span>${n}`).join('')}</div>` +
    (worst ? `<div class="muted">Largest gap: depth ${worst.depth}, learned ${formatPercent(worst.learned)} vs target ${formatPercent(worst.target)}.</div>` : '');
}
