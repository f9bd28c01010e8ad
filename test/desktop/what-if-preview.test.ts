/**
 * The desktop's what-if in headless Chromium (the real engine in the Web Worker): after a dose edit
 * the app shows a preview of the first patients, marked as preliminary (n of N, export disabled),
 * then the final results, with the untouched regimen reused (engine/what-if.ts, engine/staged-run.ts).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../desktop/serve.js';
import { PREVIEW_PATIENTS } from '../../engine/staged-run.js';

const CHROMIUM = '/usr/bin/chromium';
const N = PREVIEW_PATIENTS + 150;
// Chromium is installed by scripts/ensure-system-deps.sh; under CI the test must run, never skip.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveBrowser)('what-if preview in the desktop app', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
    page = await (await browser.newContext()).newPage();
    await page.goto(server.url);
    // The two-regimen translational scenario (the previous default) these steps were written against.
    await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length === 3, undefined, { timeout: 30_000 });
    await page.selectOption('#builtin', 'docetaxel-schedules-translational.yaml');
    await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length === 2, undefined, { timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const final = () => page.waitForFunction(() => /^Done in/.test(document.querySelector('#status')?.textContent ?? '')
    && !document.querySelector('#results')!.classList.contains('partial') && (document.querySelector('#stale') as HTMLElement).hidden, undefined, { timeout: 300_000 });
  const firstColumn = () => page.$$eval('#comparison tbody tr', (rows) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent ?? ''));

  it('shows the first patients as preliminary, then the final results with the untouched regimen reused', async () => {
    await page.fill('#size', String(N));
    await page.selectOption('#backend', 'cpu');
    await page.click('#run-btn');
    // The first run previews too (nothing to reuse yet).
    await page.waitForSelector('#results.partial', { timeout: 300_000 });
    await final();
    const before = await firstColumn();

    await page.locator('#regimens fieldset.regimen').nth(1).locator('input.dose').fill('30');
    // Read the page in the same task that sees the preview: the final results may follow quickly.
    const preview = await (await page.waitForFunction(() => document.querySelector('#results.partial') && {
      banner: document.querySelector('#stale')!.textContent,
      disabled: ['export-html', 'export-csv', 'table-csv'].map((id) => (document.getElementById(id) as HTMLButtonElement).disabled),
    }, undefined, { timeout: 300_000, polling: 'raf' })).jsonValue();
    if (!preview) throw new Error('no preview');
    expect(preview.banner).toContain(`Preliminary: the first ${PREVIEW_PATIENTS} of ${N} patients`);
    expect(preview.banner).toContain('will change');
    expect(preview.disabled).toEqual([true, true, true]);

    await final();
    for (const id of ['#export-html', '#export-csv', '#table-csv']) expect(await page.isDisabled(id)).toBe(false);
    expect(await page.textContent('#backend-notes')).toContain('what-if: 75 mg/m² q3w reused from the previous run');
    // The reference regimen's column is the same patients' same numbers.
    expect(await firstColumn()).toEqual(before);
  }, 600_000);
});
