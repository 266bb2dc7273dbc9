/** The side bar's Terminals section: the top terminals by target p*, with learned p and sampled f after training. */
import { formatReward } from '../../shared/format';
import { histogram } from '../charts';
import { topTerminalsByTarget } from '../filter';
import type { PanelState } from '../state';
import { el } from '../skeleton';
import { isSvgLabel, shortLabel } from '../style';
import { safeSvgDataUri } from '../svg';
import { chartWidth } from './markup';

/** A readable top 10: one labelled row per terminal fits the side column; the rest is a click or a search away. */
const HISTOGRAM_BARS = 10;

export function renderHistogram(state: PanelState): void {
  const g = state.data.graph;
  if (!g) return;
  const s = state.fittingSnapshot(g);
  const top = topTerminalsByTarget(g, HISTOGRAM_BARS);
  const names = ['target p*', ...(s ? ['learned p', 'sampled f'] : [])];
  el('histogram').innerHTML =
    histogram({
      width: chartWidth(),
      title: `Top ${top.length} terminals by target p*`,
      seriesNames: names,
      bars: top.map((v) => ({
        label: shortLabel(g.nodes[v]),
        image: isSvgLabel(g.nodes[v].label) ? safeSvgDataUri(g.nodes[v].label) ?? undefined : undefined,
        title: `${g.nodes[v].key}  R=${formatReward(g.nodes[v])}`,
        values: [g.nodes[v].target ?? null, ...(s ? [s.terminalProb[v], s.sampledFreq[v]] : [])],
      })),
    }) +
    `<div class="muted">${names.map((n, i) => `<span class="key k${i + 1}"></span>${n}`).join('')}</div>`;
}
