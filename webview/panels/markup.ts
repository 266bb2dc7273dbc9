/** What the side panels share: a row of a definition list, and the width their charts are drawn at. */
import { escapeHtml } from '../../shared/html';
import { el } from '../skeleton';

export function row(term: string, value: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`;
}

/** Charts are drawn 1:1 at the side column's width, so their 10 px text is 10 px on screen. */
export function chartWidth(): number {
  return Math.max(180, Math.floor(el('curves').clientWidth || 300));
}
