/**
 * The panel's SVG sanitiser (webview/svg.ts, bundled as the panel bundles it) in headless Chromium, against hostile
 * drawings: what render() may return is shown only after it, and only as an image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../ui/chromium.mjs';

const root = resolve(__dirname, '../../..');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('SVG sanitiser (webview/svg.ts in Chromium)', () => {
  it('strips script, handlers, foreignObject, external and javascript: references, style imports; keeps the drawing', async () => {
    const bundle = await build({ entryPoints: [join(root, 'webview/svg.ts')], bundle: true, write: false, format: 'iife', globalName: 'gfnSvg', platform: 'browser' });
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const hostile: Record<string, string> = {
      script: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>',
      handlers: '<svg onload="alert(1)"><circle onclick="alert(2)" onmouseover="alert(3)" r="4"/></svg>',
      external: '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image href="https://evil.example/a.png"/><image xlink:href="http://evil.example/b.png"/><use href="https://evil.example/s.svg#x"/><circle r="4"/></svg>',
      foreignObject: '<svg><foreignObject width="10" height="10"><iframe src="https://evil.example/"></iframe><div>html</div></foreignObject><circle r="4"/></svg>',
      javascript: '<svg><a href="javascript:alert(1)"><text>x</text></a><a xlink:href="JaVaScRiPt:alert(2)"><circle r="4"/></a></svg>',
      style: '<svg><style>@import url(https://evil.example/x.css); circle { fill: red }</style><circle style="fill: url(https://evil.example/p.svg#g)" r="3"/><rect fill="url(#grad)" width="2" height="2"/></svg>',
      animation: '<svg><a><animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onmouseover" to="alert(1)"/><circle r="4"/></a></svg>',
    };
    const out = await page.evaluate((cases) => {
      const api = (window as unknown as { gfnSvg: { sanitizeSvg(s: string): string | null } }).gfnSvg;
      return Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, api.sanitizeSvg(v)]));
    }, hostile);
    for (const [name, clean] of Object.entries(out)) {
      expect(clean, name).not.toBeNull();
      expect(clean!, name).toMatch(/^<svg[\s>]/);
      expect(clean!, name).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(clean!.toLowerCase(), name).not.toMatch(/<script|\son\w+=|foreignobject|<iframe|javascript:|https?:\/\/evil|@import|<style|<animate|<set/);
    }
    // What is not hostile stays: the circles, the fragment reference.
    expect(out.script).toContain('<circle r="4"');
    expect(out.handlers).toContain('<circle r="4"');
    expect(out.style).toContain('fill="url(#grad)"');
    expect(out.style).not.toContain('style=');
    const kept = await page.evaluate(() => {
      const api = (window as unknown as { gfnSvg: { sanitizeSvg(s: string): string | null } }).gfnSvg;
      return {
        fragment: api.sanitizeSvg('<svg><defs><path id="c" d="M0 0 L9 9"/></defs><text><textPath href="#c">x</textPath></text></svg>'),
        raster: api.sanitizeSvg('<svg><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>'),
        nestedSvgData: api.sanitizeSvg('<svg><image href="data:image/svg+xml,%3Csvg%3E%3Cscript%3E%3C/script%3E%3C/svg%3E"/></svg>'),
        notSvg: api.sanitizeSvg('<div>hello</div>'),
      };
    });
    expect(kept.fragment).toContain('href="#c"');
    expect(kept.raster).toContain('href="data:image/png;base64,');
    expect(kept.nestedSvgData).not.toContain('data:image/svg');
    expect(kept.notSvg).toBeNull();
    await page.close();
  }, 60_000);
});
