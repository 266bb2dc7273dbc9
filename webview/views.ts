/**
 * The view switcher at the top of the panel: tabs over the main area ("Flow graph", "Gallery"; a view is one entry
 * of VIEWS and a tabpanel element). The side column (run, curves, inspector) stays beside every view.
 */
import type { Panel } from './panel';
import { el } from './skeleton';

export type ViewId = 'graph' | 'gallery';

interface ViewEntry {
  id: ViewId;
  title: string;
  /** The tabpanel's element id. */
  panel: string;
}

const VIEWS: ViewEntry[] = [
  { id: 'graph', title: 'Flow graph', panel: 'graph-wrap' },
  { id: 'gallery', title: 'Gallery', panel: 'gallery-wrap' },
];

let current: ViewId = 'graph';

export function currentView(): ViewId {
  return current;
}

/** Shows one view: its tab selected, its panel shown, the others hidden; the graph re-fits when it comes back. */
export function showView(panel: Panel, id: ViewId): void {
  current = id;
  for (const v of VIEWS) {
    const tab = el(`view-${v.id}`);
    tab.setAttribute('aria-selected', String(v.id === id));
    tab.tabIndex = v.id === id ? 0 : -1;
    el(v.panel).hidden = v.id !== id;
  }
  document.body.dataset.view = id;
  if (id === 'graph') panel.view.resized();
  panel.refreshSide();
}

/** The tabs, with the keys of a tablist (left and right arrows move between them). */
export function mountViews(panel: Panel): void {
  const nav = el('views');
  nav.innerHTML = VIEWS.map(
    (v) => `<button type="button" role="tab" id="view-${v.id}" aria-controls="${v.panel}" aria-selected="${v.id === current}">${v.title}</button>`,
  ).join('');
  nav.addEventListener('click', (e) => {
    const tab = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[role=tab]') : null;
    if (tab) showView(panel, tab.id.slice('view-'.length) as ViewId);
  });
  nav.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = VIEWS.findIndex((v) => v.id === current);
    const next = VIEWS[(i + (e.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length];
    showView(panel, next.id);
    el(`view-${next.id}`).focus();
  });
  showView(panel, current);
}
