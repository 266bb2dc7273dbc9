/**
 * render() output that is SVG, made safe to show. Two walls: DOMPurify (a sanitiser made for the job) strips scripts,
 * event handler attributes, foreignObject, <style> (and so its @import), animations (which could set an href), and
 * every external reference (href / xlink:href other than '#fragment' or a raster data: image, url() other than
 * url(#fragment)); then the page draws the result only as an image (a data: URI in <img> or a Cytoscape background),
 * and images never run script nor load anything (CSP img-src allows data: only, besides the extension's files).
 */
import DOMPurify from 'dompurify';

/** An href the drawing may keep: a fragment of itself, or a raster image inlined as data. */
const SAFE_HREF = /^\s*(#|data:image\/(png|jpeg|gif|webp);)/i;
/** Every url(...) reference in an attribute value (presentation attributes and style="..."). */
const URL_REF = /url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi;

const purify = DOMPurify(window);
purify.addHook('uponSanitizeAttribute', (_node, data) => {
  const name = data.attrName.toLowerCase();
  const value = data.attrValue;
  if ((name === 'href' || name.endsWith(':href')) && !SAFE_HREF.test(value)) data.keepAttr = false;
  // Every url( must be a well-formed url(#fragment); @import and old IE expressions have no place in a drawing.
  const refs = [...value.matchAll(URL_REF)];
  const opened = (value.match(/url\s*\(/gi) ?? []).length;
  if (opened !== refs.length || refs.some((m) => !m[2].trim().startsWith('#'))) data.keepAttr = false;
  if (/@import|expression\s*\(|javascript:/i.test(value)) data.keepAttr = false;
});

const CONFIG = {
  USE_PROFILES: { svg: true, svgFilters: true },
  FORBID_TAGS: ['script', 'style', 'foreignObject', 'foreignobject', 'animate', 'set', 'animateMotion', 'animateTransform', 'animateColor', 'iframe', 'object', 'embed'],
  RETURN_DOM: true as const,
};

const known = new Map<string, string | null>();

/**
 * The sanitised SVG document as XML text (namespaces declared, so it loads as an image), or null when nothing of it
 * is an <svg> drawing. Kept per input: labels repeat at every redraw.
 */
export function sanitizeSvg(svg: string): string | null {
  const cached = known.get(svg);
  if (cached !== undefined) return cached;
  const body = purify.sanitize(svg.trim(), CONFIG);
  const root = body.firstElementChild;
  const out = root && root.localName === 'svg' && body.childElementCount === 1 ? new XMLSerializer().serializeToString(root) : null;
  if (known.size > 10_000) known.clear();
  known.set(svg, out);
  return out;
}

/** A data: URI of the sanitised drawing, for <img src> and Cytoscape's background-image; null when nothing is left. */
export function safeSvgDataUri(svg: string): string | null {
  const clean = sanitizeSvg(svg);
  return clean === null ? null : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(clean)}`;
}
