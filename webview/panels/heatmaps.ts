/**
 * The projection heatmaps: the terminal mass per cell of the environment's `project(x) = [i, j]`, as the engine
 * summed it (shared/flowSnapshot.ts ProjectedMass): the target, the learned policy's exact distribution and the recent
 * samples, side by side on one colour scale. A DAG of a few hundred states or fewer draws them in the side column;
 * a larger one (HyperGrid 8x8x8x8: 4,096 states whose drawing is the shape of the DAG, not of what was learned)
 * draws them larger in a band above the graph.
 */
import { formatNumber, formatPercent } from '../../shared/format';
import { escapeHtml as esc } from '../../shared/html';
import type { ProjectedMass } from '../../shared/flowSnapshot';
import type { Panel } from '../panel';
import { el } from '../skeleton';
import { chartWidth } from './markup';

/** Above this many states the heatmaps take the band above the graph. */
const BAND_STATES = 400;
/** Largest cell drawn, in px: a small grid (8 x 8) gets readable cells, not a poster. */
const MAX_CELL = { band: 26, side: 16 } as const;
const KINDS = [
  { key: 'target', title: 'Target' },
  { key: 'learned', title: 'Learned' },
  // Training draws its trajectories with its exploration (epsilon): they spread wider than the learned policy.
  { key: 'sampled', title: 'Training samples' },
] as const;
/** Steps of the legend's colour bar. */
const LEGEND_STEPS = 8;

/**
 * Three heatmaps of one cell size with one colour scale (opacity = mass / the largest cell of the three) and its
 * legend. Each cell's title gives its value (by magnitude: 0.0312, 1.2e-7), shown on hover.
 */
export function heatmapsMarkup(mass: ProjectedMass, width: number, maxCell: number): string {
  const gap = 12;
  const cell = Math.max(2, Math.min(maxCell, Math.floor((width - 2 * gap) / 3 / Math.max(1, mass.cols))));
  const max = Math.max(...mass.target, ...mass.learned, ...mass.sampled);
  const w = cell * mass.cols;
  const h = cell * mass.rows;
  const maps = KINDS.map(({ key, title }) => {
    const values = mass[key];
    let rects = '';
    for (let i = 0; i < mass.rows; i++) {
      for (let j = 0; j < mass.cols; j++) {
        const v = values[i * mass.cols + j];
        const opacity = max > 0 ? v / max : 0;
        rects += `<rect x="${j * cell}" y="${i * cell}" width="${cell}" height="${cell}" fill-opacity="${opacity.toFixed(4)}"><title>${esc(`${title}, cell [${i}, ${j}]: ${formatNumber(v, 3)}`)}</title></rect>`;
      }
    }
    const total = values.reduce((a, b) => a + b, 0);
    return `<figure class="heatmap" data-kind="${key}"><figcaption>${title}</figcaption>` +
      `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(`${title} mass per cell, ${mass.rows} x ${mass.cols}, total ${formatNumber(total, 3)}`)}">` +
      `<rect class="frame" x="0" y="0" width="${w}" height="${h}"></rect>${rects}</svg></figure>`;
  }).join('');
  const steps = Array.from({ length: LEGEND_STEPS }, (_, k) => `<rect x="${k * 14}" y="0" width="14" height="10" fill-opacity="${((k + 1) / LEGEND_STEPS).toFixed(3)}"></rect>`).join('');
  const legend = `<div class="heat-legend muted"><span>0</span><svg viewBox="0 0 ${14 * LEGEND_STEPS} 10" width="${14 * LEGEND_STEPS}" height="10" aria-hidden="true"><rect class="frame" x="0" y="0" width="${14 * LEGEND_STEPS}" height="10"></rect>${steps}</svg>` +
    `<span>${esc(formatPercent(max))} of the mass in one cell</span></div>`;
  // The notes sit right of the maps where there is room (the band), under them in the side column.
  return `<div class="heatmaps">${maps}<div class="heat-notes">${legend}` +
    `<div class="muted">Terminal mass per cell of project(x) = [i, j]: rows i, columns j; one colour scale for the three. Training samples are the recent trajectories of training, drawn with its exploration (epsilon), so they spread wider than the learned policy. Hover a cell for its value.</div></div></div>`;
}

let bandShown = false;

export function renderHeatmaps(panel: Panel): void {
  const g = panel.state.data.graph;
  const mass = g ? panel.state.fittingSnapshot(g)?.projection : undefined;
  const band = !!g && !!mass && g.totalStates > BAND_STATES;
  const section = el('projection-section');
  const bandEl = el('projection-band');
  section.hidden = !mass || band;
  bandEl.hidden = !band;
  if (mass && band) {
    bandEl.innerHTML = `<h2>Where the mass is: ${esc(g.name)}</h2>${heatmapsMarkup(mass, el('graph-wrap').clientWidth - 24, MAX_CELL.band)}`;
  } else if (mass) {
    el('projection').innerHTML = heatmapsMarkup(mass, chartWidth(), MAX_CELL.side);
  }
  const iteration = panel.state.data.snapshot?.iteration;
  (band ? bandEl : section).dataset.iteration = mass && iteration !== undefined ? String(iteration) : '';
  // The graph starts below the band: its ResizeObserver then re-fits the drawing into what is left.
  const top = band ? `${bandEl.offsetHeight}px` : '0px';
  if (band !== bandShown || el('graph').style.top !== top) el('graph').style.top = top;
  bandShown = band;
}
