/**
 * The Compare view's rules (webview/compare/), part of the panel's stylesheet (shared/panelCss.ts): one theme chart
 * colour per objective, bands as a translucent fill of the same colour.
 */
export const compareCss = `
:root {
  --gfn-c1: var(--vscode-charts-blue, #1a73c9);
  --gfn-c2: var(--vscode-charts-orange, #d1700f);
  --gfn-c3: var(--vscode-charts-green, #388a34);
  --gfn-c4: var(--vscode-charts-purple, #8152c9);
  --gfn-c5: var(--vscode-charts-red, #c72e2e);
  --gfn-c6: var(--vscode-charts-yellow, #b08800);
}
@media (prefers-color-scheme: dark) {
  :root {
    --gfn-c1: var(--vscode-charts-blue, #4fa3f7);
    --gfn-c2: var(--vscode-charts-orange, #f0a050);
    --gfn-c3: var(--vscode-charts-green, #89d185);
    --gfn-c4: var(--vscode-charts-purple, #b180d7);
    --gfn-c5: var(--vscode-charts-red, #f14c4c);
    --gfn-c6: var(--vscode-charts-yellow, #e2c08d);
  }
}
#compare { display: none; }
body.has-compare #compare { display: block; flex: 1; min-height: 0; overflow: auto; padding: 10px 16px; }
body.has-compare:not(.compare-hidden) #main { display: none; }
body.has-compare.compare-hidden #compare { display: none; }
/* The graph's controls (search, Top k, zoom, exports, details) mean nothing on the Compare view. */
body[data-view=compare] #toolbar .group, body[data-view=compare] #toolbar .sep, body[data-view=compare] #side-toggle { display: none; }
/* A page with a comparison and no graph (gfn compare's comparison.html) has nothing to show under the other tabs. */
body.compare-only #view-graph, body.compare-only #view-gallery { display: none; }
.compare-head h2 { font-size: 1.15em; margin: 0 0 2px; font-weight: 600; }
.compare-legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0 4px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.swatch.c1 { background: var(--gfn-c1); } .swatch.c2 { background: var(--gfn-c2); } .swatch.c3 { background: var(--gfn-c3); }
.swatch.c4 { background: var(--gfn-c4); } .swatch.c5 { background: var(--gfn-c5); } .swatch.c6 { background: var(--gfn-c6); }
.compare-grid { display: flex; flex-wrap: wrap; gap: 16px; }
.compare-grid figure { margin: 0; }
.compare-table-wrap { flex: 1; min-width: 320px; overflow-x: auto; }
svg.compare-chart { width: auto; }
svg.compare-chart text { font-size: 12px; }
svg.compare-chart .chart-title { fill: var(--gfn-fg); font-weight: 600; font-size: 13px; }
svg.compare-chart .axis-label { fill: var(--gfn-muted); }
svg.compare-chart .plot { fill: none; stroke: var(--gfn-border); }
svg.compare-chart .grid { stroke: var(--gfn-border); stroke-opacity: 0.6; }
svg.compare-chart .mean { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
svg.compare-chart .band { stroke: none; fill-opacity: 0.18; }
svg.compare-chart .threshold { stroke: var(--gfn-muted); stroke-dasharray: 2 3; fill: none; }
svg.compare-chart .reference { stroke: var(--gfn-fg); stroke-dasharray: 7 4; stroke-width: 1.5; fill: none; }
svg.compare-chart .ref-label { fill: var(--gfn-muted); font-size: 11px; }
svg.compare-chart .mean.c1 { stroke: var(--gfn-c1); } svg.compare-chart .band.c1, svg.compare-chart .dot.c1 { fill: var(--gfn-c1); }
svg.compare-chart .mean.c2 { stroke: var(--gfn-c2); } svg.compare-chart .band.c2, svg.compare-chart .dot.c2 { fill: var(--gfn-c2); }
svg.compare-chart .mean.c3 { stroke: var(--gfn-c3); } svg.compare-chart .band.c3, svg.compare-chart .dot.c3 { fill: var(--gfn-c3); }
svg.compare-chart .mean.c4 { stroke: var(--gfn-c4); } svg.compare-chart .band.c4, svg.compare-chart .dot.c4 { fill: var(--gfn-c4); }
svg.compare-chart .mean.c5 { stroke: var(--gfn-c5); } svg.compare-chart .band.c5, svg.compare-chart .dot.c5 { fill: var(--gfn-c5); }
svg.compare-chart .mean.c6 { stroke: var(--gfn-c6); } svg.compare-chart .band.c6, svg.compare-chart .dot.c6 { fill: var(--gfn-c6); }
.compare-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
/* Measured at its narrowest and natural widths (webview/compare/view.ts makeRoomForTable), then laid out in its frame. */
.compare-table.measure-min { width: min-content; }
.compare-table.measure-max { width: max-content; }
.compare-table th, .compare-table td { padding: 5px 8px; border-bottom: 1px solid var(--gfn-border); text-align: left; vertical-align: top; }
.compare-table thead th { font-weight: 600; }
.compare-table td.num { text-align: right; white-space: nowrap; }
.compare-table th[scope=row] { white-space: nowrap; }
.compare-table .error { color: var(--vscode-errorForeground, #c72e2e); max-width: 28em; overflow-wrap: anywhere; }
`;
