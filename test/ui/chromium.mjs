// Headless Chromium as it works on a machine without a GPU or a network: Debian's binary (GFN_CHROMIUM overrides
// it) with the flags that keep it off the closed network. Shared by the page tests (vitest) and the code-server runner.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.GFN_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Collects what would tell a user (or the CSP) that a page broke: uncaught errors, console errors and warnings. */
export function watchPage(page, problems) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  return page;
}

/**
 * Opens a standalone panel page (gfn report, gfn compare) from disk and waits for its first full draw. The timeout only
 * catches a page that never draws: how fast it draws is `npm run bench -- responsiveness`'s to measure.
 */
export async function openPanelPage(browser, file, problems, viewport = { width: 1600, height: 1000 }) {
  const page = watchPage(await browser.newPage({ viewport }), problems);
  await page.goto(`file://${file}`, { timeout: 60_000 });
  await page.waitForFunction(() => document.body.dataset.renderMs !== undefined, null, { timeout: 60_000 });
  return page;
}
