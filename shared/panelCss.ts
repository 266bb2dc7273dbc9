/**
 * The panel's stylesheet, inlined by shared/pageShell.ts under the CSP nonce (no remote or separate CSS file to serve).
 * Colours come from VS Code's `--vscode-*` theme variables; the fallbacks make the standalone report readable in
 * light and dark system themes.
 */
import { compareCss } from './compareCss';

export const panelCss = `
:root {
  --gfn-bg: var(--vscode-editor-background, #ffffff);
  --gfn-fg: var(--vscode-editor-foreground, #1f1f1f);
  --gfn-muted: var(--vscode-descriptionForeground, #616161);
  --gfn-border: var(--vscode-panel-border, #d4d4d4);
  --gfn-panel: var(--vscode-sideBar-background, #f5f5f5);
  --gfn-accent: var(--vscode-focusBorder, #0066b8);
  --gfn-terminal: var(--vscode-charts-purple, #8152c9);
  --gfn-node: var(--vscode-charts-foreground, #7a7a7a);
  /* Exact-flow edges: darker than the mid grey of the diverging scale, for contrast on a light background. */
  --gfn-edge: #6b6b6b;
  --gfn-select: var(--vscode-charts-yellow, #d9a400);
  --gfn-line1: var(--vscode-charts-blue, #1a73c9);
  --gfn-line2: var(--vscode-charts-orange, #d1700f);
  --gfn-line3: var(--vscode-charts-green, #388a34);
  --gfn-input-bg: var(--vscode-input-background, #ffffff);
  --gfn-input-fg: var(--vscode-input-foreground, #1f1f1f);
  --gfn-input-border: var(--vscode-input-border, #c8c8c8);
  --gfn-button-bg: var(--vscode-button-secondaryBackground, #e5e5e5);
  --gfn-button-fg: var(--vscode-button-secondaryForeground, #1f1f1f);
  --gfn-font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  --gfn-mono: var(--vscode-editor-font-family, ui-monospace, "DejaVu Sans Mono", monospace);
  --gfn-font-size: var(--vscode-font-size, 13px);
}
@media (prefers-color-scheme: dark) {
  :root {
    --gfn-bg: var(--vscode-editor-background, #1e1e1e);
    --gfn-fg: var(--vscode-editor-foreground, #d4d4d4);
    --gfn-muted: var(--vscode-descriptionForeground, #a0a0a0);
    --gfn-border: var(--vscode-panel-border, #444444);
    --gfn-panel: var(--vscode-sideBar-background, #252526);
    --gfn-accent: var(--vscode-focusBorder, #3794ff);
    --gfn-terminal: var(--vscode-charts-purple, #b180d7);
    --gfn-node: var(--vscode-charts-foreground, #9d9d9d);
    --gfn-edge: #a8a8a8;
    --gfn-select: var(--vscode-charts-yellow, #e2c08d);
    --gfn-line1: var(--vscode-charts-blue, #4fa3f7);
    --gfn-line2: var(--vscode-charts-orange, #f0a050);
    --gfn-line3: var(--vscode-charts-green, #89d185);
    --gfn-input-bg: var(--vscode-input-background, #3c3c3c);
    --gfn-input-fg: var(--vscode-input-foreground, #cccccc);
    --gfn-input-border: var(--vscode-input-border, #555555);
    --gfn-button-bg: var(--vscode-button-secondaryBackground, #3a3d41);
    --gfn-button-fg: var(--vscode-button-secondaryForeground, #ffffff);
  }
}
/* VS Code says its theme with body classes (its webviews do not follow prefers-color-scheme). */
body.vscode-dark, body.vscode-high-contrast:not(.vscode-high-contrast-light) { --gfn-edge: #a8a8a8; }
body.vscode-light, body.vscode-high-contrast-light { --gfn-edge: #6b6b6b; }
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body {
  background: var(--gfn-bg); color: var(--gfn-fg);
  font-family: var(--gfn-font); font-size: var(--gfn-font-size);
  display: flex; flex-direction: column; overflow: hidden;
}
#toolbar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px;
  padding: 6px 8px; border-bottom: 1px solid var(--gfn-border);
}
#toolbar h1 { font-size: 1.1em; margin: 0 8px 0 0; font-weight: 600; }
#toolbar .group { display: flex; align-items: center; gap: 4px; }
#toolbar .sep { width: 1px; height: 20px; background: var(--gfn-border); margin: 0 4px; }
/* The status gets a row of its own and wraps: it carries numbers (log Z, TV) that must not be cut off. */
#status { color: var(--gfn-muted); flex-basis: 100%; white-space: normal; overflow-wrap: anywhere; }
#status:empty { display: none; }
input, button, select {
  font: inherit; color: var(--gfn-input-fg); background: var(--gfn-input-bg);
  border: 1px solid var(--gfn-input-border); border-radius: 2px; padding: 2px 6px;
}
button { background: var(--gfn-button-bg); color: var(--gfn-button-fg); cursor: pointer; }
button:hover { filter: brightness(1.1); }
input:focus-visible, button:focus-visible, select:focus-visible, #graph:focus-visible {
  outline: 2px solid var(--gfn-accent); outline-offset: 1px;
}
input[type=number] { width: 6em; }
input[type=search] { width: 12em; }
label { color: var(--gfn-muted); }
#main { flex: 1; display: flex; min-height: 0; }
#graph-wrap { flex: 1; min-width: 0; position: relative; }
#graph { position: absolute; inset: 0; }
/* The graph gets most of the width; the details column is narrow and can be hidden (#side-toggle). */
#side {
  width: clamp(240px, 27vw, 420px); flex: none; overflow-y: auto; padding: 8px 10px;
  border-left: 1px solid var(--gfn-border); background: var(--gfn-panel);
}
body.side-hidden #side { display: none; }
#tip {
  position: absolute; z-index: 3; pointer-events: none; max-width: min(420px, 90%); padding: 4px 8px;
  background: var(--gfn-panel); color: var(--gfn-fg); border: 1px solid var(--gfn-border);
  font-family: var(--gfn-mono); font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.25);
}
#side h2 { font-size: 1em; margin: 12px 0 4px; font-weight: 600; }
#side h2:first-child { margin-top: 0; }
#side section > h2:first-child { margin-top: 12px; }
.muted { color: var(--gfn-muted); }
.summary { display: grid; grid-template-columns: auto 1fr; gap: 1px 10px; margin: 0; }
.summary dt { color: var(--gfn-muted); }
.summary dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
pre.label { font-family: var(--gfn-mono); margin: 2px 0; white-space: pre; }
.edges { list-style: none; padding: 0; margin: 2px 0; max-height: 10em; overflow-y: auto; }
.edges button { border: none; background: none; color: var(--gfn-accent); padding: 0; text-align: left; }
.legend { display: flex; align-items: center; gap: 6px; font-size: 0.9em; }
.legend .bar { height: 10px; flex: 1; border: 1px solid var(--gfn-border); }
.legend-row { margin: 4px 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart.histogram { width: auto; max-width: 100%; }
svg.chart .bar-label { fill: var(--gfn-fg); font-family: var(--gfn-mono); }
svg.chart .bar-value { font-size: 9px; }
svg.chart text { fill: var(--gfn-muted); font-size: 10px; font-family: var(--gfn-font); }
svg.chart .axis { stroke: var(--gfn-border); }
svg.chart .l1 { stroke: var(--gfn-line1); fill: none; stroke-width: 1.5; }
svg.chart .l2 { stroke: var(--gfn-line2); fill: none; stroke-width: 1.2; stroke-dasharray: 5 3; }
svg.chart .l3 { stroke: var(--gfn-line3); fill: none; stroke-width: 1.2; }
svg.chart .l1-text { fill: var(--gfn-line1); }
svg.chart .l2-text { fill: var(--gfn-line2); }
svg.chart .l3-text { fill: var(--gfn-line3); }
svg.chart .b1 { fill: var(--gfn-line1); }
svg.chart .b2 { fill: var(--gfn-line2); }
svg.chart .b3 { fill: var(--gfn-line3); }
.key { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 8px; vertical-align: middle; }
.key.k1 { background: var(--gfn-line1); }
.key.k2 { background: var(--gfn-line2); }
.key.k3 { background: var(--gfn-line3); }
/* The projection heatmaps (webview/panels/heatmaps.ts): one colour, opacity = mass / the largest cell. */
#projection-band {
  position: absolute; left: 0; right: 0; top: 0; z-index: 1; padding: 6px 12px 8px;
  background: var(--gfn-bg); border-bottom: 1px solid var(--gfn-border);
}
#projection-band h2 { font-size: 1em; margin: 0 0 4px; font-weight: 600; }
.heatmaps { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-start; }
.heatmap { margin: 0; }
.heatmap figcaption { font-size: 0.9em; color: var(--gfn-muted); margin-bottom: 2px; }
.heatmap svg, .heat-legend svg { display: block; }
.heatmap rect, .heat-legend rect { fill: var(--gfn-line1); }
.heatmap rect.frame, .heat-legend rect.frame { fill: none; stroke: var(--gfn-border); }
.heat-notes { flex: 1 1 180px; max-width: 320px; align-self: flex-end; }
.heat-legend { display: flex; align-items: center; gap: 6px; margin: 4px 0; font-size: 0.9em; }
/* Cytoscape's own rule (it skips injecting it: see shared/pageShell.ts). */
.__________cytoscape_container { position: relative; }
#notice {
  position: absolute; left: 8px; bottom: 8px; padding: 2px 6px; z-index: 2; pointer-events: none;
  background: var(--gfn-panel); border: 1px solid var(--gfn-border); color: var(--gfn-muted);
}
#notice:empty { display: none; }
/* The view switcher (webview/views.ts): tabs over the main area. */
#views { display: flex; gap: 2px; }
#views [role=tab] { border: none; border-bottom: 2px solid transparent; background: none; color: var(--gfn-muted); padding: 3px 10px; }
#views [role=tab][aria-selected=true] { color: var(--gfn-fg); border-bottom-color: var(--gfn-accent); font-weight: 600; }
[hidden] { display: none !important; }
/* The Gallery view (webview/panels/gallery.ts): cards of sampled objects, drawn with render(). */
#gallery-wrap { flex: 1; min-width: 0; overflow-y: auto; padding: 10px 12px; }
#gallery-caption { margin-bottom: 8px; }
#gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(168px, 1fr)); gap: 10px; }
.card {
  display: flex; flex-direction: column; align-items: center; gap: 6px; position: relative; padding: 10px 8px 8px;
  background: var(--gfn-panel); color: var(--gfn-fg); border: 1px solid var(--gfn-border); border-radius: 4px; text-align: left;
}
button.card:hover { border-color: var(--gfn-accent); filter: none; }
.card .rank { position: absolute; top: 4px; left: 6px; color: var(--gfn-muted); font-size: 0.9em; }
.card .summary { width: 100%; font-size: 0.92em; }
.card pre.label { max-width: 100%; overflow: hidden; }
img.figure { display: block; image-rendering: auto; }
#details img.figure { margin: 2px 0 6px; }
/* The inspector's tables (panels/inspector.ts, panels/deviations.ts); a column too narrow for them scrolls sideways. */
.table-scroll { overflow-x: auto; }
table.actions, table.deviations { border-collapse: collapse; width: 100%; margin: 6px 0 2px; font-size: 0.92em; }
table.actions th, table.deviations th { color: var(--gfn-muted); font-weight: normal; text-align: right; padding: 1px 3px; }
table.actions th:first-child, table.deviations th:first-child { text-align: left; }
table.actions td, table.deviations td { text-align: right; padding: 1px 3px; font-variant-numeric: tabular-nums; border-top: 1px solid var(--gfn-border); }
table.actions td:first-child, table.deviations td:first-child { text-align: left; max-width: 8em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.actions button, table.deviations button { border: none; background: none; color: var(--gfn-accent); padding: 0; text-align: left; max-width: 100%; overflow: hidden; text-overflow: ellipsis; }
table.deviations button, table.deviations .undrawn { display: flex; align-items: center; gap: 4px; }
table.deviations .undrawn { color: var(--gfn-muted); }
table.deviations img.figure { flex: none; }
table.actions tr.stop td { font-style: italic; }
.play-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.play-controls input[type=number] { width: 4.5em; }
#play-step, #play-end { margin-top: 4px; overflow-wrap: anywhere; }
/* The training diagnosis (panels/diagnosis.ts): a warning block per code. */
.diagnosis { border-left: 3px solid var(--vscode-editorWarning-foreground, #bf8803); background: var(--vscode-inputValidation-warningBackground, #fff8e1); padding: 4px 6px; margin: 4px 0 6px; overflow-wrap: anywhere; }
.diagnosis-title { font-weight: 600; }
.diagnosis-message, .diagnosis-try { margin-top: 3px; }
.diagnosis-try { color: var(--gfn-muted); }
.diagnosis-try ul { margin: 2px 0 0; padding-left: 1.2em; }
.diagnosis-try code { color: var(--gfn-fg); font-family: var(--gfn-mono); }
${compareCss}`;
