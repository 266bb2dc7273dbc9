/**
 * Training curves and the terminal histogram as SVG markup (pure functions, so they are unit-testable and update by
 * replacing one element's content). Hand-written SVG instead of a charting library: a handful of series of at most a
 * few thousand points, themable through CSS classes, with no stylesheet to inject past the CSP.
 */

import { formatNumber, formatPercent } from '../shared/format';
import { escapeHtml as esc } from '../shared/html';

export interface Series {
  points: ReadonlyArray<readonly [number, number]>;
  /** CSS class: l1 (solid blue), l2 (dashed orange), l3 (green). */
  cls: 'l1' | 'l2' | 'l3';
  name: string;
}

export interface LineChartSpec {
  title: string;
  series: Series[];
  width?: number;
  height?: number;
  /** Plot y on a log10 axis (positive values only); for losses spanning decades. */
  logY?: boolean;
  /** The axis never goes below this (e.g. 0 for distances, which cannot be negative). */
  yMin?: number;
}

/** Short tick text: 3 significant digits. */
const tick = (v: number): string => formatNumber(v, 3);

/** Keep at most maxPoints points by striding, always keeping the last one (the current value). */
export function downsample<T>(points: ReadonlyArray<T>, maxPoints: number): T[] {
  if (points.length <= maxPoints) return points.slice();
  const stride = Math.ceil(points.length / maxPoints);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += stride) out.push(points[i]);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 330;
  const height = spec.height ?? 120;
  const left = 44;
  const right = 8;
  // Title on the first line, the series' names on the second: both stay readable in a narrow column.
  const top = 30;
  const bottom = 18;
  const fy = (v: number) => (spec.logY ? Math.log10(v) : v);
  const usable = spec.series.map((s) => ({
    ...s,
    points: downsample(
      s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!spec.logY || y > 0)),
      600,
    ),
  }));
  const all = usable.flatMap((s) => s.points);
  const legend = usable.map((s) => `<tspan class="${s.cls}-text">${esc(s.name)}</tspan>`).join('  ');
  const head = `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(spec.title)}" data-points="${all.length}">`;
  const title = `<text x="0" y="11">${esc(spec.title)}</text><text x="0" y="23">${legend}</text>`;
  if (all.length === 0) {
    return `${head}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data yet</text></svg>`;
  }
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [x, y] of all) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
    y0 = Math.min(y0, fy(y)); y1 = Math.max(y1, fy(y));
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad; y1 += pad;
  // The padding must not invent impossible values below the floor (a TV of -0.03).
  if (spec.yMin !== undefined && !spec.logY) y0 = Math.max(y0, spec.yMin);
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (width - left - right);
  const py = (y: number) => top + (1 - (fy(y) - y0) / (y1 - y0)) * (height - top - bottom);
  const yText = (v: number) => tick(spec.logY ? 10 ** v : v);
  const axes =
    `<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}"/>` +
    `<line class="axis" x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}"/>` +
    `<text x="${left - 3}" y="${top + 4}" text-anchor="end">${yText(y1)}</text>` +
    `<text x="${left - 3}" y="${height - bottom}" text-anchor="end">${yText(y0)}</text>` +
    `<text x="${left}" y="${height - 4}">${tick(x0)}</text>` +
    `<text x="${width - right}" y="${height - 4}" text-anchor="end">${tick(x1)}</text>`;
  const paths = usable
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
      return `<path class="${s.cls}" d="${d}"><title>${esc(s.name)}: ${tick(s.points[s.points.length - 1][1])}</title></path>`;
    })
    .join('');
  return `${head}${title}${axes}${paths}</svg>`;
}

export interface HistogramBar {
  /** Short text beside the bar group (the terminal's label or key). */
  label: string;
  /** A full description for the tooltip. */
  title: string;
  values: Array<number | null>;
  /** A picture drawn before the label (a data: URI of a sanitised render() SVG: webview/svg.ts). */
  image?: string;
}

export interface HistogramSpec {
  title: string;
  /** Names of the values of each bar group, classes b1, b2, b3 in order (or `classes`). */
  seriesNames: string[];
  /** The class of each series' bars, when not b1, b2, b3 in order (a chart without learned p keeps sampled f's colour). */
  classes?: string[];
  bars: HistogramBar[];
  /** Width in px (the SVG is drawn 1:1, so 10 px text stays 10 px). */
  width?: number;
}

/** Fits text to a number of characters, with an ellipsis. */
function clip(text: string, chars: number): string {
  return text.length > chars ? text.slice(0, Math.max(1, chars - 1)) + '…' : text;
}

/**
 * Grouped horizontal bars, one row per terminal: its label on the left, then target p*(x), learned p(x) and the
 * sampled frequency as bars with their values written at their ends. Rows (not columns) so that every terminal's
 * label is horizontal and readable in a narrow side column.
 */
export function histogram(spec: HistogramSpec): string {
  const width = spec.width ?? 330;
  const k = Math.max(1, spec.seriesNames.length);
  const barH = 7;
  const rowH = k * barH + 7;
  const top = 18;
  const bottom = 4;
  const height = top + Math.max(1, spec.bars.length) * rowH + bottom;
  const labelW = Math.min(120, Math.round(width * 0.34));
  const valueW = 40;
  const left = labelW + 6;
  const plotW = Math.max(20, width - left - valueW);
  const head = `<svg class="chart histogram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(spec.title)}" data-bars="${spec.bars.length}">`;
  const title = `<text x="0" y="11">${esc(spec.title)}</text>`;
  if (spec.bars.length === 0) return `${head}${title}<text x="${width / 2}" y="${top + 10}" text-anchor="middle">no terminals</text></svg>`;
  let max = 0;
  for (const b of spec.bars) for (const v of b.values) if (v !== null && Number.isFinite(v) && v > max) max = v;
  if (max <= 0) max = 1;
  let body = `<line class="axis" x1="${left}" y1="${top - 2}" x2="${left}" y2="${height - bottom}"/>`;
  spec.bars.forEach((bar, g) => {
    const y = top + g * rowH;
    // A picture takes the left of the label's room: a face tells more than its clipped key.
    const side = Math.min(rowH - 2, 22);
    if (bar.image) body += `<image class="bar-image" href="${esc(bar.image)}" x="0" y="${(y + (rowH - side) / 2).toFixed(1)}" width="${side}" height="${side}"><title>${esc(bar.title)}</title></image>`;
    const chars = Math.floor((labelW - (bar.image ? side + 4 : 0)) / 6.2);
    body += `<text x="${labelW}" y="${(y + rowH / 2 + 3).toFixed(1)}" text-anchor="end" class="bar-label"><title>${esc(bar.title)}</title>${esc(clip(bar.label, chars))}</text>`;
    bar.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v) || v <= 0) return;
      const w = Math.max(1, (Math.min(v, max) / max) * plotW);
      const by = y + 3 + i * barH;
      body +=
        `<rect class="${spec.classes?.[i] ?? `b${i + 1}`}" x="${left}" y="${by.toFixed(1)}" width="${w.toFixed(1)}" height="${barH - 1}"><title>${esc(bar.title)}\n${esc(spec.seriesNames[i])}: ${formatPercent(v)}</title></rect>` +
        `<text x="${(left + w + 3).toFixed(1)}" y="${(by + barH - 1).toFixed(1)}" class="bar-value">${esc(formatPercent(v))}</text>`;
    });
  });
  return `${head}${title}${body}</svg>`;
}
