/**
 * The desktop Patient screen in headless Chromium (desktop/serve.ts): with the built-in Kloft
 * neutropenia scenario selected, the example record fits, the per-regimen risks and the fit charts
 * appear, a dose target gives a recommendation, and a bad record shows its line:col.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../desktop/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveBrowser)('desktop Patient screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelectorAll('#builtin option').length > 2, undefined, { timeout: 20_000 });
    const value = await page.$eval('#builtin', (s) => [...(s as HTMLSelectElement).options].find((o) => o.value.includes('docetaxel-neutropenia-kloft2006'))?.value);
    await page.selectOption('#builtin', value!);
    await page.waitForFunction(() => (document.querySelector('#editor') as HTMLTextAreaElement).value.includes('docetaxel-neutropenia-kloft2006'), undefined, { timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fits the example record, shows each regimen\'s risks and charts, and a dose', async () => {
    await page.fill('#patient-body [data-id=target]', 'grade4<=0.2');
    await page.click('#patient-body [data-act=fit]');
    await page.waitForFunction(() => /Done in|could not/.test(document.querySelector('#patient-body [data-id=status]')?.textContent ?? ''), undefined, { timeout: 240_000 });
    const text = await page.textContent('#patient-body [data-id=out]');
    expect(await page.textContent('#patient-body [data-id=status]'), text ?? '').toMatch(/^Done in/);
    expect(text).toContain('75 mg/m² q3w');
    expect(text).toMatch(/Dose: \d+/);
    expect(await page.$$eval('#patient-body figure svg', (s) => s.length)).toBeGreaterThanOrEqual(3);
    mkdirSync('test-artifacts', { recursive: true });
    await page.locator('#patient').screenshot({ path: 'test-artifacts/patient-screen.png' });
    expect(errors).toEqual([]);
  }, 300_000);

  it('a bad record shows the problem at its line and column', async () => {
    await page.fill('#patient-body [data-id=record]', 'patient: x\ncovariates: { SEX: F }\ndoses:\n  - { time: 0 h, amount: 100 mg }\nobservations:\n  - { time: 7 d, output: ANK, value: 1, unit: 1e9/L }\n');
    await page.fill('#patient-body [data-id=target]', '');
    await page.click('#patient-body [data-act=fit]');
    await page.waitForFunction(() => /Done in|could not/.test(document.querySelector('#patient-body [data-id=status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.textContent('#patient-body pre')).toContain("patient.yaml:6:5: model docetaxel-kloft2006 has no output 'ANK'");
  }, 120_000);
});
