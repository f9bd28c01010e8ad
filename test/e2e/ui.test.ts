/**
 * End to end: the browser UI (desktop/serve.ts) in headless Chromium runs the real engine in a Web
 * Worker on the built-in default scenario (200 patients), and the page shows the engine's numbers.
 * Screenshots go to test-artifacts/ for a human to look at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../desktop/serve.js';
import { runScenario, DEFAULT_SCENARIO } from '../../engine/run-scenario.js';
import { comparisonTable } from '../../engine/common/report/clinical-views.js';
import { tableCells } from '../../engine/common/report/table-format.js';

const CHROMIUM = '/usr/bin/chromium';
const ART = 'test-artifacts';
const N = 200;
// Chromium is installed by scripts/ensure-system-deps.sh; under CI the test must run, never skip.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveBrowser)('desktop UI in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ART, { recursive: true });
    server = await startServer({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'],
    });
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true })).newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelectorAll('#regimens tbody tr').length === 2, undefined, { timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function runAndWait(): Promise<void> {
    await page.click('#run-btn');
    await page.waitForFunction(() => /Done in|failed|errors/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.textContent('#status')).toMatch(/^Done in/);
  }

  it('runs the default scenario and shows the same table as the engine in Node', async () => {
    await page.fill('#size', String(N));
    await expect.poll(() => page.inputValue('#editor')).toContain(`size: ${N}`);
    await page.selectOption('#backend', 'cpu');
    await runAndWait();
    const status = await page.textContent('#status');
    expect(status).toMatch(/on cpu/);
    const shown = await page.$$eval('#comparison tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
    const node = await runScenario(DEFAULT_SCENARIO, { backend: 'cpu', threads: 0, nPatients: N });
    expect(shown).toEqual(tableCells(comparisonTable(node)));
    expect(await page.locator('#fan-anc .uplot').count()).toBe(1);
    expect(await page.locator('#fan-tumour .uplot').count()).toBe(1);
    expect(await page.locator('#fig-km-pfs svg').count()).toBe(1);
    await page.screenshot({ path: `${ART}/ui-results.png`, fullPage: true });
    for (const id of ['comparison', 'fan-anc', 'fan-tumour', 'scatter-3d', 'svg-charts']) await page.locator(`#${id}`).screenshot({ path: `${ART}/ui-${id}.png` });
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('a higher weekly dose changes the results', async () => {
    const before = await page.$$eval('#comparison tbody tr', (rows) => rows.map((r) => r.textContent));
    // auto: WebGPU only on a hardware adapter; here (SwiftShader or none) the status says why it fell back to CPU.
    await page.selectOption('#backend', 'auto');
    const dose = page.locator('#regimens tbody tr').nth(1).locator('input');
    await dose.fill('45');
    await expect.poll(() => page.inputValue('#editor')).toContain('amount: 45');
    expect(await page.isVisible('#stale')).toBe(true);
    await runAndWait();
    expect(await page.textContent('#status')).toMatch(/on cpu /);
    expect(await page.textContent('#backend-notes')).toMatch(/backend webgpu: skipped — /);
    await page.locator('#run').screenshot({ path: `${ART}/ui-run-auto.png` });
    expect(await page.isVisible('#stale')).toBe(false);
    const after = await page.$$eval('#comparison tbody tr', (rows) => rows.map((r) => r.textContent));
    expect(after).not.toEqual(before);
    // More weekly docetaxel → the grade-4 row (weekly rate and paired difference) moves.
    const g4 = (rows: (string | null)[]): string | null | undefined => rows.find((t) => t?.startsWith('P(ANC grade 4)'));
    expect(g4(after)).not.toEqual(g4(before));
  }, 90_000);

  it('a YAML error shows at its line and blocks the run', async () => {
    const text = await page.inputValue('#editor');
    const lines = text.split('\n');
    const k = lines.findIndex((l) => l.startsWith('horizon:'));
    lines[k] = 'horizon: [126 d';
    await page.fill('#editor', lines.join('\n'));
    await expect.poll(() => page.textContent('#diagnostics'), { timeout: 10_000 }).toMatch(/line \d+, col \d+/);
    const msg = (await page.textContent('#diagnostics'))!;
    const line = Number(/line (\d+)/.exec(msg)![1]);
    expect(line).toBeGreaterThanOrEqual(k + 1);
    expect(line).toBeLessThanOrEqual(k + 2);
    expect(await page.isDisabled('#run-btn')).toBe(true);
    await page.screenshot({ path: `${ART}/ui-yaml-error.png` });
    lines[k] = 'horizon: 126 parsecs';
    await page.fill('#editor', lines.join('\n'));
    await expect.poll(() => page.textContent('#diagnostics'), { timeout: 10_000 }).toContain(`line ${k + 1}`);
    lines[k] = 'horizon: 126 d';
    await page.fill('#editor', lines.join('\n'));
    await expect.poll(() => page.textContent('#diagnostics'), { timeout: 10_000 }).toBe('');
  }, 60_000);

  it('cancels a long run and keeps the previous results', async () => {
    const table = await page.textContent('#comparison');
    await page.fill('#size', '50000');
    await page.click('#run-btn');
    await page.waitForFunction(() => /Running on/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await page.click('#cancel-btn');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Cancelled.', undefined, { timeout: 20_000 });
    expect(await page.textContent('#comparison')).toBe(table);
    expect(await page.isEnabled('#run-btn')).toBe(true);
    await page.fill('#size', String(N));
  }, 60_000);

  it('runs WebGPU in the worker when asked (SwiftShader adapter) on a scenario it supports', async () => {
    await page.selectOption('#builtin', 'carboplatin-auc5-vs-auc6.yaml');
    await page.waitForFunction(() => /carboplatin/i.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    await page.fill('#size', '100');
    await page.selectOption('#backend', 'webgpu');
    await runAndWait();
    expect(await page.textContent('#status')).toMatch(/on webgpu/);
    expect(await page.locator('#comparison tbody tr').count()).toBeGreaterThan(0);
    await page.selectOption('#backend', 'cpu');
    await page.selectOption('#builtin', 'default.yaml');
    await page.waitForFunction(() => /q3w/.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    await page.fill('#size', String(N));
    const dose = page.locator('#regimens tbody tr').nth(1).locator('input');
    await dose.fill('45');
    await runAndWait();
  }, 90_000);

  it('exports the report and the CSV', async () => {
    const [html] = await Promise.all([page.waitForEvent('download'), page.click('#export-html')]);
    expect(html.suggestedFilename()).toBe('default-report.html');
    const report = readFileSync((await html.path())!, 'utf8');
    expect(report).toContain('<h2>Comparison</h2>');
    expect(report).toContain('amount: 45');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^metric,unit,/);
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
