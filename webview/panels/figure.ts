/**
 * A state's picture wherever the side column or the gallery shows one: render()'s SVG, sanitised (webview/svg.ts) and
 * drawn as an <img>, never inlined; or its text in a <pre>; or, with no label, the key.
 */
import { escapeHtml } from '../../shared/html';
import { isSvgLabel } from '../style';
import { safeSvgDataUri } from '../svg';

export function figureHtml(label: string | undefined, key: string, px: number): string {
  if (label !== undefined && isSvgLabel(label)) {
    const uri = safeSvgDataUri(label);
    if (uri) return `<img class="figure" src="${escapeHtml(uri)}" width="${px}" height="${px}" alt="${escapeHtml(key)}">`;
    return `<pre class="label muted">(render gave an SVG with nothing safe to draw) ${escapeHtml(key)}</pre>`;
  }
  return `<pre class="label">${escapeHtml(label ?? key)}</pre>`;
}
