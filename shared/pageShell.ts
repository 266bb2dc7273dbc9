/**
 * The HTML page of the flow graph panel: one pure function shared by the extension's panel host (script loaded from
 * dist/webview.js through asWebviewUri) and `gfn report` (the same bundle inlined, with the run's data embedded).
 * Security after microsoft/vscode-hexeditor: a strict CSP with a per-page nonce and no remote resources. The page
 * itself is a shell; webview/main.ts builds the DOM. Pure code (no Node module), like everything in shared/.
 */
import { escapeHtml } from './html';
import { PANEL_DATA_ELEMENT_ID, type PanelData } from './panelData';
import { panelCss } from './panelCss';

export interface PanelHtmlOptions {
  /** `webview.cspSource` in VS Code; omit for the standalone report (then only the nonce and data: URIs are allowed). */
  cspSource?: string;
  /** A fresh random value per page load (makeNonce()). */
  nonce: string;
  /** The webview bundle: a URI to load (VS Code) or its source text to inline (report). */
  script: { uri: string } | { inline: string };
  title?: string;
  /** Data embedded in the page as inert JSON (`<script type="application/json" id="gfn-data">`, PANEL_DATA_ELEMENT_ID). */
  data?: PanelData;
}

/**
 * Cytoscape injects its own <style> element (which the CSP would block) unless one with this id exists: our nonce'd
 * stylesheet takes the id, and panelCss carries Cytoscape's one rule.
 */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

/**
 * 128 random bits, base64: enough that a page's nonce cannot be guessed. Web Crypto (globalThis.crypto, in Node 20 and
 * browsers), so this file needs no Node module.
 */
export function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * JSON that cannot end the script element it sits in: `<` becomes \u003c (also defusing `<!--`), and the line
 * separators U+2028/9 are escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A script's source inlined in a <script> element: `</script` and `<!--` inside strings, regexes or comments would end
 * or confuse the element, so their `<` is escaped as `\x3C`, which means the same inside JS strings and regex literals.
 */
export function scriptForInline(source: string): string {
  return source.replace(/<\/(script)/gi, '\\x3C/$1').replace(/<!--/g, '\\x3C!--');
}

export function panelHtml(options: PanelHtmlOptions): string {
  const { nonce } = options;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error(`panelHtml: the nonce must be base64, got ${JSON.stringify(nonce)}`);
  const cspSource = options.cspSource ?? '';
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`.replace(/ {2,}/g, ' '),
    `img-src ${cspSource} data:`.replace(/ {2,}/g, ' '),
  ].join('; ');
  const title = escapeHtml(options.title ?? 'GFlowNet flow graph');
  const data = options.data ? `<script type="application/json" id="${PANEL_DATA_ELEMENT_ID}">${jsonForScript(options.data)}</script>\n` : '';
  const script =
    'uri' in options.script
      ? `<script nonce="${nonce}" src="${escapeHtml(options.script.uri)}"></script>`
      : `<script nonce="${nonce}">${scriptForInline(options.script.inline)}</script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${nonce}" id="${CYTOSCAPE_STYLESHEET_ID}">${panelCss}</style>
</head>
<body>
<noscript>This page needs JavaScript to draw the flow graph.</noscript>
${data}${script}
</body>
</html>
`;
}
