/**
 * The desktop app served locally and opened in headless Chromium, for the end-to-end suites: console
 * errors and uncaught page errors are collected so a suite can assert there were none.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../desktop/serve.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Where the suites write screenshots. */
export const ART = 'test-artifacts';
/** Suites skip where there is no Chromium, except on CI, where a missing browser is a failure. */
export const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

interface BrowserApp {
  server: RunningServer;
  browser: Browser;
  page: Page;
}

/** Starts the server, opens the app and waits until the first regimen form shows; errors go to `consoleErrors`. */
async function openBrowserApp(consoleErrors: string[]): Promise<BrowserApp> {
  mkdirSync(ART, { recursive: true });
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length >= 1, undefined, { timeout: 20_000 });
  return { server, browser, page };
}

async function closeBrowserApp(app: Partial<BrowserApp>): Promise<void> {
  await app.browser?.close();
  await app.server?.close();
}

/** Opens the app before the suite's tests (handing its page to `onPage`) and closes it after them. */
export function useBrowserApp(consoleErrors: string[], onPage: (page: Page) => void): void {
  let app: BrowserApp | undefined;
  beforeAll(async () => {
    app = await openBrowserApp(consoleErrors);
    onPage(app.page);
  }, 60_000);
  afterAll(() => closeBrowserApp(app ?? {}));
}
