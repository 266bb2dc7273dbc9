/**
 * From data to visual encoding, as pure functions (unit-tested): edge width ~ flow, edge colour ~ deviation of the
 * learned flow from the target one (flowView.ts: the exact flow of the P_B in use) on a diverging scale, node area ~
 * state flow, and the text of terminal labels.
 */
import { formatReward, formatPercent } from '../shared/format';
import type { GraphNode } from '../shared/flowGraph';

export const MIN_EDGE_WIDTH = 0.5;
export const MAX_EDGE_WIDTH = 10;
export const MIN_NODE_SIZE = 10;
export const MAX_NODE_SIZE = 44;
/** Font size of labels in model px; the layout makes room for it and picks the stagger that fits it largest. */
export const LABEL_FONT_PX = 12;
/** The deviation scale saturates at a factor 2^DEVIATION_RANGE (4x too much or too little flow). */
export const DEVIATION_RANGE = 2;

/** Width proportional to the flow F(s -> s') relative to the largest edge flow, floored so every edge stays visible. */
export function edgeWidth(flow: number, maxFlow: number): number {
  if (!(maxFlow > 0) || !Number.isFinite(flow) || flow <= 0) return MIN_EDGE_WIDTH;
  return Math.max(MIN_EDGE_WIDTH, (MAX_EDGE_WIDTH * Math.min(flow, maxFlow)) / maxFlow);
}

/** Node area proportional to the state flow F(s): the side grows with sqrt(F / F_max). */
export function nodeSize(flow: number, maxFlow: number): number {
  if (!(maxFlow > 0) || !Number.isFinite(flow) || flow <= 0) return MIN_NODE_SIZE;
  return MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * Math.sqrt(Math.min(flow, maxFlow) / maxFlow);
}

/**
 * log2(learned / exact), clamped to [-DEVIATION_RANGE, DEVIATION_RANGE]. A floor of 1e-6 of the largest flow keeps
 * edges with (almost) no flow on both sides neutral instead of dividing noise by noise.
 */
export function deviation(learned: number, exact: number, maxFlow: number): number {
  const floor = Math.max(maxFlow, 0) * 1e-6 + Number.MIN_VALUE;
  const d = Math.log2((Math.max(learned, 0) + floor) / (Math.max(exact, 0) + floor));
  if (Number.isNaN(d)) return 0;
  return Math.max(-DEVIATION_RANGE, Math.min(DEVIATION_RANGE, d));
}

type Rgb = readonly [number, number, number];
/** ColorBrewer RdBu ends with a mid grey: visible on light and dark backgrounds, and readable with red-green blindness. */
const UNDER: Rgb = [33, 102, 172]; // #2166ac: less flow than the target
const MATCH: Rgb = [150, 150, 150]; // #969696
const OVER: Rgb = [178, 24, 43]; // #b2182b: more flow than the target

const hex = (c: Rgb) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** '#rrggbb' to a triple, or null for anything else (a theme may give a colour in another CSS syntax). */
function parseHex(colour: string): Rgb | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : null;
}

/**
 * The colour of a deviation d in [-DEVIATION_RANGE, DEVIATION_RANGE]: blue below, grey at 0, red above. The grey at 0
 * can follow the theme (`neutral`, '#rrggbb'), so that edges on target keep contrast on light and dark backgrounds.
 */
export function deviationColour(d: number, neutral?: string): string {
  const mid = (neutral && parseHex(neutral)) || MATCH;
  const t = Math.max(-1, Math.min(1, d / DEVIATION_RANGE));
  return hex(t < 0 ? mix(mid, UNDER, -t) : mix(mid, OVER, t));
}

/** CSS gradient of the legend, from UNDER through MATCH to OVER. */
export const deviationGradient = `linear-gradient(to right, ${hex(UNDER)}, ${hex(MATCH)}, ${hex(OVER)})`;

/** render() output that is an SVG image (drawn as a data: URI) rather than text. */
export function isSvgLabel(label: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(label);
}

/** A node's text: render()'s output, or its key when render() drew an SVG. */
export function nodeText(node: GraphNode): string {
  return isSvgLabel(node.label) ? node.key : node.label;
}

/** A node's text on one line, for lists and histogram rows: line breaks become '/'. */
export function shortLabel(node: GraphNode): string {
  return nodeText(node).replace(/\s*\n\s*/g, '/').trim() || node.key;
}

/**
 * The text under a node. Terminal nodes: render() (unless it is an SVG, which becomes the node's image), then
 * R(x), the target p*(x), and (after training) the learned probability and the sampled frequency.
 * Long text labels are cut so that one state cannot cover its neighbours.
 */
export function nodeLabel(node: GraphNode, learnedProb: number | null, sampledFreq: number | null): string {
  const text = isSvgLabel(node.label) ? '' : clipLabel(node.label);
  if (!node.terminal) return text;
  const lines = text ? [text] : [];
  lines.push(`R=${formatReward(node)} p*=${formatPercent(node.target)}`);
  if (learnedProb !== null || sampledFreq !== null) {
    lines.push(`p=${formatPercent(learnedProb)} f=${formatPercent(sampledFreq)}`);
  }
  return lines.join('\n');
}

const MAX_LABEL_LINES = 4;
const MAX_LABEL_COLUMNS = 24;

export function clipLabel(label: string): string {
  const lines = label.split('\n');
  const cut = lines.slice(0, MAX_LABEL_LINES).map((l) => (l.length > MAX_LABEL_COLUMNS ? l.slice(0, MAX_LABEL_COLUMNS - 1) + '…' : l));
  if (lines.length > MAX_LABEL_LINES) cut[MAX_LABEL_LINES - 1] += ' …';
  return cut.join('\n');
}
