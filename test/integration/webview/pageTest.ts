/**
 * What the Chromium page tests share: one browser for a file's tests and a scratch folder for the run directories
 * they write, both ended after the file's tests (registered with vitest's beforeAll / afterAll).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, openPanelPage } from '../../ui/chromium.mjs';

export const root = resolve(__dirname, '../../..');
/** Screenshots go here (open them and look). */
export const results = join(root, 'test-results');

export interface PageTest {
  /** The scratch folder of this file's tests. */
  readonly dir: string;
  /** A panel page (gfn report's) in the shared browser, failing the test on any page error. */
  open(file: string, problems: string[], viewport?: { width: number; height: number }): Promise<Page>;
}

export function usePageTest(name: string): PageTest {
  let browser: Browser | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `gfn-${name}-page-`));
    mkdirSync(results, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    open: (file, problems, viewport) => openPanelPage(browser!, file, problems, viewport),
  };
}
