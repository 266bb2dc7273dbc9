/**
 * Search: Enter (or the search field's own event) selects the first state whose key or text label contains the
 * query, Enter again on the same query the next one; the result line says which of how many, and whether it is drawn.
 */
import type { Panel } from './panel';
import { el } from './skeleton';
import { isSvgLabel } from './style';

/** Which match of the current query is selected (not persisted: a reload starts again from the first). */
let matchCursor = 0;

function runSearch(panel: Panel, next: boolean): void {
  const { state, view } = panel;
  const g = state.data.graph;
  const q = el<HTMLInputElement>('search').value.trim().toLowerCase();
  state.searchText = q;
  const result = el('search-result');
  if (!g || !q) {
    result.textContent = '';
    return;
  }
  const matches: number[] = [];
  g.nodes.forEach((n, v) => {
    if (n.key.toLowerCase().includes(q) || (!isSvgLabel(n.label) && n.label.toLowerCase().includes(q))) matches.push(v);
  });
  if (matches.length === 0) {
    result.textContent = 'no match';
    return;
  }
  matchCursor = next ? (matchCursor + 1) % matches.length : 0;
  const v = matches[matchCursor];
  result.textContent = `${matchCursor + 1}/${matches.length}${view.isDrawn(v) ? '' : ' (not drawn: raise Top k)'}`;
  panel.select(v, true);
}

/** Wires the search field, showing the search restored with the state (state.restore() comes first). */
export function mountSearch(panel: Panel): void {
  const search = el<HTMLInputElement>('search');
  search.value = panel.state.searchText;
  // Chromium fires the field's own `search` event after the Enter keydown (not always within the same task): without
  // this it would start again from the first match, and Enter would never move on. Other browsers have no such event.
  let lastEnter = -Infinity;
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    runSearch(panel, panel.state.searchText === search.value.trim().toLowerCase());
    lastEnter = performance.now();
  });
  search.addEventListener('search', () => {
    if (performance.now() - lastEnter > 250) runSearch(panel, false);
  });
}
