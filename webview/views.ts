/**
 * The view switcher at the top of the panel: tabs over the main area ("Flow graph", "Gallery", and "Compare" once
 * the page has a comparison; a view is one entry of VIEWS and a tabpanel element). The side column (run, curves,
 * inspector) stays beside the graph and the gallery; the Compare view takes the whole width (webview/compare/).
 */
import type { Panel } from './panel';
import { el } from './skeleton';

export type ViewId = 'graph' | 'gallery' | 'compare';

interface ViewEntry {
  id: ViewId;
  title: string;
  /** The tabpanel's element id. */
  panel: string;
}

const VIEWS: ViewEntry[] = [
  { id: 'graph', title: 'Flow graph', panel: 'graph-wrap' },
  { id: 'gallery', title: 'Gallery', panel: 'gallery-wrap' },
  { id: 'compare', title: 'Compare', panel: 'compare' },
];

/** Compare has a tab only once there is a comparison to show (enableCompareView). */
const available = new Set<ViewId>(['graph', 'gallery']);

/** Gives the Compare view its tab (a comparison arrived); the caller then shows it. */
export function enableCompareView(): void {
  available.add('compare');
  el('view-compare').hidden = false;
}

let current: ViewId = 'graph';

export function currentView(): ViewId {
  return current;
}

/** Shows one view: its tab selected, its panel shown, the others hidden; the graph re-fits when it comes back. */
export function showView(panel: Panel, id: ViewId): void {
  if (!available.has(id)) return;
  current = id;
  for (const v of VIEWS) {
    const tab = el(`view-${v.id}`);
    tab.setAttribute('aria-selected', String(v.id === id));
    tab.tabIndex = v.id === id ? 0 : -1;
    // The Compare section is made with the first comparison (webview/compare/mount.ts).
    const section = document.getElementById(v.panel);
    if (section) section.hidden = v.id !== id;
  }
  document.body.dataset.view = id;
  document.body.classList.toggle('compare-hidden', id !== 'compare');
  if (id === 'graph') panel.view.resized();
  panel.refreshSide();
}

/** The tabs, with the keys of a tablist (left and right arrows move between them). */
export function mountViews(panel: Panel): void {
  const nav = el('views');
  nav.innerHTML = VIEWS.map(
    (v) => `<button type="button" role="tab" id="view-${v.id}" aria-controls="${v.panel}" aria-selected="${v.id === current}"${available.has(v.id) ? '' : ' hidden'}>${v.title}</button>`,
  ).join('');
  nav.addEventListener('click', (e) => {
    const tab = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[role=tab]') : null;
    if (tab) showView(panel, tab.id.slice('view-'.length) as ViewId);
  });
  nav.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const views = VIEWS.filter((v) => available.has(v.id));
    const i = views.findIndex((v) => v.id === current);
    const next = views[(i + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length];
    showView(panel, next.id);
    el(`view-${next.id}`).focus();
  });
  showView(panel, current);
}
