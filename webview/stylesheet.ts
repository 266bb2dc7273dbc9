/**
 * The Cytoscape stylesheet of the drawing and the theme colours it is made from (read from the page's CSS variables,
 * shared/panelCss.ts, which follow VS Code's theme). A big drawing gets a cheaper sheet: no labels, no arrows, no images.
 */
import type { StylesheetJson } from 'cytoscape';
import { LABEL_FONT_PX } from './style';

export interface Theme {
  fg: string;
  bg: string;
  node: string;
  terminal: string;
  select: string;
  mono: string;
  /** Colour of edges whose learned flow matches the target one: a grey with contrast on this background. */
  edge: string;
}

export function readTheme(): Theme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--gfn-fg', '#1f1f1f'),
    bg: v('--gfn-bg', '#ffffff'),
    node: v('--gfn-node', '#7a7a7a'),
    terminal: v('--gfn-terminal', '#8152c9'),
    select: v('--gfn-select', '#d9a400'),
    mono: v('--gfn-mono', 'monospace'),
    edge: v('--gfn-edge', '#6e6e6e'),
  };
}

export function stylesheet(theme: Theme, big: boolean): StylesheetJson {
  const rules: StylesheetJson = [
    {
      selector: 'node',
      style: {
        width: 'data(size)',
        height: 'data(size)',
        'background-color': theme.node,
        // Measuring thousands of wrapped labels dominated the first paint of big drawings (docs/performance.md, "The
        // panel"): there, only the selected node shows its label; the side bar has the details.
        ...(big ? {} : { label: 'data(label)' }),
        color: theme.fg,
        'font-size': LABEL_FONT_PX,
        'font-family': theme.mono,
        'text-wrap': 'wrap',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 3,
        // Labels sit where edges pass: a backing of the page colour keeps them readable over the lines.
        'text-background-color': theme.bg,
        'text-background-opacity': 0.75,
        'text-background-padding': '1px',
        'min-zoomed-font-size': big ? 8 : 5,
      },
    },
    // Plain rectangles in big drawings: a rounded outline costs a path per node and is invisible at overview zoom.
    { selector: 'node.terminal', style: { 'background-color': theme.terminal, shape: big ? 'rectangle' : 'round-rectangle' } },
    {
      selector: 'node.image',
      style: {
        'background-image': 'data(image)',
        'background-fit': 'contain',
        'background-color': theme.bg,
        'border-width': 1,
        'border-color': theme.terminal,
      },
    },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': theme.select, label: 'data(label)', 'z-index': 20 } },
    {
      selector: 'edge',
      style: {
        width: 'data(w)',
        'line-color': 'data(colour)',
        opacity: big ? 0.7 : 0.85,
        'curve-style': big ? 'haystack' : 'straight',
        ...(big ? { 'haystack-radius': 0 } : {}),
        ...(big ? {} : { 'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(colour)', 'arrow-scale': 0.6 }),
      },
    },
    { selector: 'node.played', style: { 'border-width': 2, 'border-color': theme.select, 'border-style': 'dashed' } },
    { selector: 'edge.played', style: { opacity: 1, 'z-index': 15, 'underlay-color': theme.select, 'underlay-opacity': 0.6, 'underlay-padding': 3 } },
    { selector: 'edge.near', style: { opacity: 1, 'z-index': 10, 'underlay-color': theme.select, 'underlay-opacity': 0.35, 'underlay-padding': 2 } },
  ];
  // Images (SVG render()) are drawn in small drawings only: a big one has no such rule to match against 18k elements.
  return big ? rules.filter((rule) => !('selector' in rule && rule.selector === 'node.image')) : rules;
}
