/**
 * The side bar's Terminals section: the top terminals by target p*, with learned p and sampled f after training; for
 * a finished run with few reward levels, the mass of each level over every terminal object (summary.json's
 * rewardLevels, computed by the engine over the whole DAG, not over the drawn graph).
 */
import type { TrainSummary } from '../../shared/trainSummary';
import { formatReward } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
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
    `<div class="muted">${names.map((n, i) => `<span class="key k${i + 1}"></span>${n}`).join('')}</div>` +
    levelsChart(state.data.summary);
}

/** The levels of equal reward of a finished run (more than one), or nothing. */
function levelsChart(summary: TrainSummary | null): string {
  const levels = summary?.rewardLevels ?? [];
  if (levels.length < 2) return '';
  const objects = levels.reduce((n, l) => n + l.count, 0);
  const source = summary?.tableSamples === 'final' ? `the ${summary.samples} final samples of the trained policy` : 'the recent training samples';
  const sampled = 'sampled f';
  return histogram({
    width: chartWidth(),
    title: `By reward level, all ${objects} terminals`,
    seriesNames: ['target p*', 'learned p', sampled],
    bars: levels.map((l) => ({
      label: `R = ${formatReward(l)} (${l.count})`,
      title: `R = ${formatReward(l)}: ${l.count} objects`,
      values: [l.target, l.learned, l.sampled],
    })),
  }) + `<div class="muted">Sampled f: frequency in ${escapeHtml(source)}.</div>`;
}
