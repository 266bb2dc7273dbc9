/** The panel's static markup: a toolbar of native, keyboard-reachable controls, the graph, and a side bar. */
import { deviationGradient } from './style';

export function buildSkeleton(root: HTMLElement): void {
  root.innerHTML = `
<header id="toolbar" role="toolbar" aria-label="Flow graph controls">
  <h1 id="title">GFlowNet flow graph</h1>
  <nav id="views" role="tablist" aria-label="Views"></nav>
  <span class="sep"></span>
  <div class="group">
    <label for="search">Search</label>
    <input id="search" type="search" placeholder="key or label" aria-describedby="search-result">
    <span id="search-result" class="muted" aria-live="polite"></span>
  </div>
  <span class="sep"></span>
  <div class="group">
    <label for="topk" title="Draw the k states of highest flow">Top k</label>
    <input id="topk" type="number" min="1" step="1">
    <label for="threshold" title="Hide states and edges below this percentage of the largest flow">Min flow %</label>
    <input id="threshold" type="number" min="0" max="100" step="0.5" value="0">
  </div>
  <span class="sep"></span>
  <div class="group">
    <button id="fit" type="button" title="Fit the graph (0)">Fit</button>
    <button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
    <button id="zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">−</button>
  </div>
  <span class="sep"></span>
  <div class="group">
    <button id="export-png" type="button">Export PNG</button>
    <button id="export-json" type="button">Export JSON</button>
  </div>
  <span class="sep"></span>
  <button id="side-toggle" type="button" aria-controls="side" aria-expanded="true" title="Show or hide the details column">Hide details</button>
  <span id="status" role="status" aria-live="polite"></span>
</header>
<div id="main">
  <div id="graph-wrap" role="tabpanel" aria-labelledby="view-graph">
    <section id="projection-band" aria-label="Projection heatmaps" hidden></section>
    <div id="graph" tabindex="0" role="application"
      aria-label="Flow graph. Arrow keys pan, plus and minus zoom, 0 fits. Use search to select a state."></div>
    <div id="notice"></div>
    <div id="tip" role="tooltip" hidden></div>
  </div>
  <div id="gallery-wrap" role="tabpanel" aria-labelledby="view-gallery" hidden>
    <div id="gallery-caption" class="muted"></div>
    <div id="gallery"></div>
  </div>
  <aside id="side" aria-label="Details">
    <h2>Run</h2>
    <dl id="summary" class="summary"></dl>
    <section id="diagnosis-section" hidden>
      <h2>Diagnosis</h2>
      <div id="diagnosis" role="status"></div>
    </section>
    <section id="projection-section" hidden>
      <h2>Where the mass is</h2>
      <div id="projection"></div>
    </section>
    <section id="overview-section" hidden>
      <h2>Overview: terminal mass per depth</h2>
      <div id="overview"></div>
    </section>
    <h2>Play a trajectory</h2>
    <div id="play"></div>
    <h2>Selected state</h2>
    <div id="details" class="muted">Click a state, or search for one.</div>
    <h2>Where is the policy wrong</h2>
    <div id="deviations" class="muted"></div>
    <h2>Mass and stop per depth</h2>
    <div id="depth-table" class="muted"></div>
    <h2>Training</h2>
    <div id="curves"></div>
    <h2>Terminals</h2>
    <div id="histogram"></div>
    <section id="rewards-section" hidden>
      <h2>Reward of samples</h2>
      <div id="rewards"></div>
    </section>
    <h2>Legend</h2>
    <div class="legend-row muted">Edge width: flow F(s→s′). Node size: state flow F(s).
      Purple boxes: terminal states (R, target p*, learned p, sampled f); hover a state for all its numbers.</div>
    <div class="legend-row legend" aria-label="Edge colour: learned flow relative to the target flow">
      <span>¼×</span><span class="bar" id="legend-bar"></span><span>4×</span>
    </div>
    <div class="legend-row muted">Edge colour: learned ÷ target flow, the exact flow of the backward policy in use (blue: too little, grey: on target, red: too much).</div>
  </aside>
</div>`;
  // The gradient is set through the CSSOM: the CSP forbids inline style attributes, not script-set styles.
  const bar = root.querySelector<HTMLElement>('#legend-bar');
  if (bar) bar.style.background = deviationGradient;
}

export function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`webview: missing element #${id}`);
  return e as T;
}
