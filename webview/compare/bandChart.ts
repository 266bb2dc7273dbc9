/**
 * One chart of the Compare view as SVG markup: per objective the mean over seeds as a line and the min-max over
 * seeds as a band (shared/comparison.ts band), optional horizontal reference lines (TV thresholds, the true log Z).
 * Drawn 1:1 in pixels (the caller passes the measured width) so that the text stays at its CSS size, after
 * webview/charts.ts. Paths carry data-series and data-points for tests and for reading the DOM.
 */
import type { BandPoint } from '../../shared/comparison';
import { formatNumber } from '../../shared/format';
import { escapeHtml as esc } from '../../shared/html';
import { linearTicks, logTicks } from './axes';

export interface BandSeries {
  /** The objective's name: data-series. */
  name: string;
  /** Colour class c1..c6 (shared/compareCss.ts). */
  cls: string;
  points: BandPoint[];
}

export interface ReferenceLine {
  y: number;
  label: string;
  /** data-series of the line, e.g. 'true-logZ'. */
  series: string;
  cls: 'reference' | 'threshold';
}

export interface BandChartSpec {
  /** data-chart: 'tv-trajectories', 'tv-seconds', 'logz'. */
  id: string;
  title: string;
  xLabel: string;
  series: BandSeries[];
  references?: ReferenceLine[];
  logY?: boolean;
  width: number;
  height: number;
}

// 4 significant digits keep 0.001 and 16000 out of the exponent form.
const tick = (v: number) => formatNumber(v, 4);

export function bandChart(spec: BandChartSpec): string {
  const { width, height } = spec;
  const left = 58, right = 26, top = 30, bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const usable = spec.series.map((s) => ({
    ...s,
    points: s.points.filter((p) => Number.isFinite(p.x) && (!spec.logY || (p.mean > 0 && p.min > 0))),
  }));
  const all = usable.flatMap((s) => s.points);
  const refs = (spec.references ?? []).filter((r) => Number.isFinite(r.y) && (!spec.logY || r.y > 0));
  const head = `<svg class="chart compare-chart" data-chart="${esc(spec.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(spec.title)}">`;
  const title = `<text class="chart-title" x="${left}" y="18">${esc(spec.title)}</text>`;
  if (all.length === 0) return `${head}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data yet</text></svg>`;

  const fy = (v: number) => (spec.logY ? Math.log10(v) : v);
  let x0 = Math.min(...all.map((p) => p.x)), x1 = Math.max(...all.map((p) => p.x));
  const ys = [...all.flatMap((p) => [p.min, p.max]), ...refs.map((r) => r.y)];
  let y0 = Math.min(...ys.map(fy)), y1 = Math.max(...ys.map(fy));
  if (x1 === x0) { x0 -= 0.5; x1 += 0.5; }
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.06;
  y0 -= pad; y1 += pad;
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => top + (1 - (fy(y) - y0) / (y1 - y0)) * plotH;
  const xy = (x: number, y: number) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`;

  const yTicks = spec.logY ? logTicks(10 ** y0, 10 ** y1) : linearTicks(y0, y1, Math.max(4, Math.floor(plotH / 45)));
  const xTicks = linearTicks(x0, x1, Math.max(3, Math.floor(plotW / 70)));
  let axes = `<rect class="plot" x="${left}" y="${top}" width="${plotW}" height="${plotH}"/>`;
  for (const t of yTicks) {
    const y = py(t).toFixed(1);
    axes += `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}"/><text class="tick" x="${left - 6}" y="${y}" dy="4" text-anchor="end">${tick(t)}</text>`;
  }
  for (const t of xTicks) {
    const x = px(t).toFixed(1);
    axes += `<line class="grid" x1="${x}" x2="${x}" y1="${top}" y2="${top + plotH}"/><text class="tick" x="${x}" y="${top + plotH + 16}" text-anchor="middle">${tick(t)}</text>`;
  }
  axes += `<text class="axis-label" x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(spec.xLabel)}</text>`;

  const lines = refs
    .map((r) => {
      const y = py(r.y).toFixed(1);
      return `<path class="${r.cls}" data-series="${esc(r.series)}" d="M${left},${y}H${left + plotW}"/>` +
        // At the left end: curves start high there (TV falls, log Z rises from its initial value), so the label stays clear.
        `<text class="ref-label" x="${left + 6}" y="${y}" dy="-4">${esc(r.label)}</text>`;
    })
    .join('');
  const bands = usable
    .filter((s) => s.points.length > 1)
    .map((s) => {
      const upper = s.points.map((p, i) => `${i ? 'L' : 'M'}${xy(p.x, p.max)}`).join('');
      const lower = [...s.points].reverse().map((p) => `L${xy(p.x, p.min)}`).join('');
      return `<path class="band ${s.cls}" data-series="${esc(s.name)}" data-band="1" d="${upper}${lower}Z"/>`;
    })
    .join('');
  const means = usable
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${xy(p.x, p.mean)}`).join('');
      const last = s.points[s.points.length - 1];
      // A one-point series draws nothing as a path: a dot makes it visible.
      const dot = s.points.length === 1 ? `<circle class="dot ${s.cls}" cx="${px(last.x).toFixed(1)}" cy="${py(last.mean).toFixed(1)}" r="3"/>` : '';
      return `<path class="mean ${s.cls}" data-series="${esc(s.name)}" data-points="${s.points.length}" d="${d}"><title>${esc(s.name)}: ${tick(last.mean)} (mean of ${last.count})</title></path>${dot}`;
    })
    .join('');
  return `${head}${title}${axes}${lines}${bands}${means}</svg>`;
}
