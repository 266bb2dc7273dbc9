/**
 * Where the drawn nodes go (positions for Cytoscape's `preset` layout, from layout.ts) and the bounds the viewport
 * is fitted to: a big drawing, without labels, is spread to the panel's aspect ratio; a labelled one makes room for
 * its widest label and is staggered (viewport.ts bestStagger) so that its fitted text is largest.
 */
import { layeredLayout, type Layout, type LayoutInput } from './layout';
import { LABEL_FONT_PX, MAX_NODE_SIZE } from './style';
import { bestStagger, boundsOf, type Bounds, type ScreenSize, type StaggerOptions } from './viewport';

/** Width of one character of the monospace label font, per px of font size (DejaVu Sans Mono: 0.602). */
const CHAR_WIDTH = 0.62;
const LINE_HEIGHT = 1.25;
/** Margin around a fitted drawing (screen px). */
export const FIT_PADDING = 20;
/** A tiny graph would be blown up to fill the panel: the fitted zoom is capped. */
export const MAX_FIT_ZOOM = 1.5;

/** What a labelled drawing was staggered from, to stagger it again for a new panel size. */
export interface Stagger {
  input: LayoutInput;
  options: StaggerOptions;
}

export interface Placement {
  layout: Layout;
  bounds: Bounds;
  /** Null for a big drawing (its placement does not depend on the panel's shape beyond the first fit). */
  stagger: Stagger | null;
}

/** Places the drawn subgraph (`input`, local indices) with its node labels ('' for none) in a panel of `screen` px. */
export function placeDrawing(input: LayoutInput, labels: string[], big: boolean, screen: ScreenSize): Placement {
  if (big) {
    // No labels to make room for: spread the ranks so that the drawing has the panel's aspect ratio.
    const nodeSep = 40;
    const perRank = new Map<number, number>();
    for (let i = 0; i < input.rank.length; i++) perRank.set(input.rank[i], (perRank.get(input.rank[i]) ?? 0) + 1);
    const aspect = Math.max(0.2, screen.height / screen.width);
    const rankSep = Math.max(80, (Math.max(...perRank.values()) * nodeSep * aspect) / Math.max(1, perRank.size - 1));
    const layout = layeredLayout(input, { nodeSep, rankSep, maxRows: 1 });
    const sizes = new Float64Array(labels.length).fill(nodeSep / 2);
    return { layout, bounds: boundsOf(layout.x, layout.y, sizes, null), stagger: null };
  }
  // Labels are drawn: make room for the widest line, and stagger wide ranks over as many rows as makes the
  // fitted zoom (and so the text) largest for this panel.
  const font = LABEL_FONT_PX;
  const labelHeight = labels.map((l) => (l ? l.split('\n').length * font * LINE_HEIGHT : 0));
  const widest = Math.max(0, ...labels.map((l) => Math.max(...l.split('\n').map((line) => line.length))));
  const stagger: Stagger = {
    input,
    options: {
      nodeSep: Math.min(240, Math.max(50, widest * font * CHAR_WIDTH + 16)),
      rankSep: 60,
      rowSep: 28,
      screen,
      padding: FIT_PADDING,
      maxZoom: MAX_FIT_ZOOM,
      nodeSize: MAX_NODE_SIZE,
      labelHeight,
    },
  };
  const best = bestStagger(input, stagger.options);
  return { layout: best.layout, bounds: best.bounds, stagger };
}

/** A labelled drawing staggered again for a new panel size (positions only). */
export function restagger(stagger: Stagger, screen: ScreenSize): { layout: Layout; bounds: Bounds } {
  return bestStagger(stagger.input, { ...stagger.options, screen });
}
