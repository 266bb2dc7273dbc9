/**
 * The Compare view: a comparison of runs (shared/comparison.ts Comparison, from gfn compare's page or a `comparison`
 * message that repeats while runs train) as charts of TV against trajectories and against seconds, log Z against
 * iterations beside the true log Z, and the table of webview/compare/table.ts. One colour per objective, in the order
 * of the comparison's runs.
 */
import { band, objectivesOf, TV_THRESHOLDS } from '../../shared/comparison';
import { formatNumber } from '../../shared/format';
import { escapeHtml as esc } from '../../shared/html';
import { objective } from '../../shared/objectives';
import type { Comparison, ComparisonRun, CurvePoint } from '../../shared/comparison';
import { bandChart, type BandChartSpec, type BandSeries } from './bandChart';
import { compareTable } from './table';

/** Colour classes, shared/compareCss.ts: the theme's chart colours. */
const COLOURS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];

function seriesOf(comparison: Comparison, colourOf: (loss: string) => string, x: (p: CurvePoint) => number, y: (p: CurvePoint) => number | null): BandSeries[] {
  return objectivesOf(comparison).map((loss) => {
    const runs: ComparisonRun[] = comparison.runs.filter((r) => r.loss === loss);
    return { name: loss, cls: colourOf(loss), points: band(runs, x, y) };
  });
}

function statusLine(comparison: Comparison): string {
  const counts = new Map<string, number>();
  for (const r of comparison.runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
}

/** Renders (or re-renders, as more points arrive) the view into `container`; charts take its measured width. */
export function renderCompareView(container: HTMLElement, comparison: Comparison): void {
  const losses = objectivesOf(comparison);
  const colourOf = (loss: string) => COLOURS[Math.max(0, losses.indexOf(loss as never)) % COLOURS.length];
  const c = comparison.config;
  const legend = losses
    .map((l) => `<span class="legend-item" data-objective="${esc(l)}"><span class="swatch ${colourOf(l)}"></span><b>${esc(l)}</b> ${esc(objective(l).title)}</span>`)
    .join('');
  const settings = `${c.iterations} iterations of ${c.batchSize} trajectories, hidden ${c.hidden}x${c.layers}, lr ${c.learningRate}`;
  // Two charts per row on a wide panel, one on a narrow one; the width is measured so that the SVG is drawn 1:1
  // and its text stays at 12 px.
  const gap = 16;
  const perRow = container.clientWidth >= 1000 ? 2 : 1;
  const columnWidth = Math.max(300, Math.floor((container.clientWidth - 2 * gap - (perRow - 1) * gap) / perRow));
  const height = Math.max(260, Math.min(420, Math.floor((window.innerHeight - 170) / 2)));
  const size = { width: columnWidth, height };
  const thresholds = TV_THRESHOLDS.map((t) => ({ y: t, label: `TV ${t}`, series: `tv-${t}`, cls: 'threshold' as const }));
  const charts: BandChartSpec[] = [
    { id: 'tv-trajectories', title: 'TV to the target (log scale) against trajectories', xLabel: 'trajectories sampled', logY: true, references: thresholds, series: seriesOf(comparison, colourOf, (p) => p.trajectories, (p) => p.tv), ...size },
    { id: 'tv-seconds', title: 'TV to the target (log scale) against time', xLabel: 'seconds (wall clock of each run)', logY: true, references: thresholds, series: seriesOf(comparison, colourOf, (p) => p.seconds, (p) => p.tv), ...size },
    {
      id: 'logz', title: 'log Z against iterations', xLabel: 'iteration',
      references: comparison.trueLogZ === null ? [] : [{ y: comparison.trueLogZ, label: `true log Z ${formatNumber(comparison.trueLogZ)}`, series: 'true-logZ', cls: 'reference' }],
      series: seriesOf(comparison, colourOf, (p) => p.iteration, (p) => p.logZ), ...size,
    },
  ];
  container.innerHTML =
    `<header class="compare-head"><h2>${esc(comparison.name)}: ${comparison.runs.length} runs <span class="muted">(${esc(statusLine(comparison))})</span></h2>` +
    `<div class="muted">${esc(settings)}. Lines: mean over seeds; bands: min to max over seeds.</div><div class="compare-legend">${legend}</div></header>` +
    `<div class="compare-grid">${charts.map((spec) => `<figure>${bandChart(spec)}</figure>`).join('')}` +
    `<figure class="compare-table-wrap">${compareTable(comparison, colourOf)}</figure></div>`;
  if (perRow === 2) makeRoomForTable(container, charts[charts.length - 1], columnWidth, gap);
  document.body.dataset.compareRenders = String(Number(document.body.dataset.compareRenders ?? 0) + 1);
}

/**
 * The table shares the last row with the last chart. When its columns need more than the chart leaves (the modes
 * columns were cut off at 1600 px), the chart gives up width: enough for the table's natural width (headers on their
 * own lines) while the chart keeps 60% of its column, and always enough for its narrowest (headers wrapped, figures
 * whole), down to a 300 px chart; a table wider still scrolls in its frame.
 */
function makeRoomForTable(container: HTMLElement, last: BandChartSpec, columnWidth: number, gap: number): void {
  const wrap = container.querySelector<HTMLElement>('.compare-table-wrap');
  const table = wrap?.querySelector<HTMLElement>('.compare-table');
  const figure = wrap?.previousElementSibling;
  if (!wrap || !table || !figure) return;
  const widthAs = (cls: string) => {
    table.classList.add(cls);
    const w = Math.ceil(table.getBoundingClientRect().width);
    table.classList.remove(cls);
    return w;
  };
  const narrowest = widthAs('measure-min');
  const natural = widthAs('measure-max');
  const style = getComputedStyle(container);
  const inner = container.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  if (narrowest <= inner - columnWidth - gap && natural <= inner - columnWidth - gap) return;
  const width = Math.max(300, Math.floor(Math.min(columnWidth, inner - narrowest - gap - 1, Math.max(inner - natural - gap - 1, 0.6 * columnWidth))));
  if (width < columnWidth) figure.innerHTML = bandChart({ ...last, width });
}
