/**
 * Where the Compare view sits on the panel's page: a section under the toolbar, the "Compare" tab of the view
 * switcher (webview/views.ts). Without a graph it is the page's only view
 * (body.compare-only hides the other tabs); the graph's controls are hidden on it (shared/compareCss.ts).
 * The section re-renders when the panel is resized, since its charts are drawn at the measured width.
 */
import type { Comparison } from '../../shared/comparison';
import { renderCompareView } from './view';

let current: Comparison | null = null;

function section(): HTMLElement {
  let el = document.getElementById('compare');
  if (el) return el;
  el = document.createElement('section');
  el.id = 'compare';
  el.setAttribute('role', 'tabpanel');
  el.setAttribute('aria-labelledby', 'view-compare');
  el.setAttribute('aria-label', 'Compare objectives');
  document.getElementById('toolbar')?.after(el);
  let width = 0;
  new ResizeObserver(() => {
    const w = el.clientWidth;
    if (current && w !== width) renderCompareView(el, current);
    width = w;
  }).observe(el);
  return el;
}

/** Shows (or updates) a comparison; `hasGraph` says whether the page also draws a flow graph. */
export function showComparison(comparison: Comparison, hasGraph: boolean): void {
  current = comparison;
  const el = section();
  document.body.classList.add('has-compare');
  document.body.classList.toggle('compare-only', !hasGraph);
  const title = document.getElementById('title');
  if (title && !hasGraph) title.textContent = 'Compare objectives';
  renderCompareView(el, comparison);
}

/** The same comparison, later: same environment file and the same run directories. */
export function sameComparison(a: Comparison | null | undefined, b: Comparison): boolean {
  return !!a && a.file === b.file && a.runs.length === b.runs.length && a.runs.every((r, i) => r.dir === b.runs[i].dir);
}
