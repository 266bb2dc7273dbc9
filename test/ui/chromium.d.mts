import type { Browser } from 'playwright-core';

export declare const CHROMIUM: string;
export declare function launchChromium(): Promise<Browser>;
import type { Page } from 'playwright-core';

export declare function watchPage(page: Page, problems: string[]): Page;
export declare function openPanelPage(browser: Browser, file: string, problems: string[], viewport?: { width: number; height: number }): Promise<Page>;
