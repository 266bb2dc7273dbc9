/**
 * Where the Compare view sits on the panel's page: a section under the toolbar. Without a graph it fills the page
 * (body.compare-only hides the graph and its controls); with one, a toolbar button switches between the two.
 * The section re-renders when the panel is resized, since its charts are drawn at the measured width.
 */
import type { Comparison } from '../../shared/protocol';
import { renderCompareView } from './view';

let current: Comparison | null = null;

function section(): HTMLElement {
  let el = document.getElementById('compare');
  if (el) return el;
  el = document.createElement('section');
  el.id = 'compare';
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

function toggleButton(): void {
  if (document.getElementById('compare-toggle')) return;
  const button = document.createElement('button');
  button.id = 'compare-toggle';
  button.type = 'button';
  const label = () => (button.textContent = document.body.classList.contains('compare-hidden') ? 'Show comparison' : 'Show flow graph');
  button.addEventListener('click', () => {
    document.body.classList.toggle('compare-hidden');
    label();
  });
  label();
  document.getElementById('side-toggle')?.after(button);
}

/** Shows (or updates) a comparison; `hasGraph` says whether the page also draws a flow graph. */
export function showComparison(comparison: Comparison, hasGraph: boolean): void {
  current = comparison;
  const el = section();
  document.body.classList.add('has-compare');
  document.body.classList.toggle('compare-only', !hasGraph);
  if (hasGraph) toggleButton();
  const title = document.getElementById('title');
  if (title && !hasGraph) title.textContent = 'Compare objectives';
  renderCompareView(el, comparison);
}
