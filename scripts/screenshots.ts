/**
 * The screenshots in docs/img, taken in headless Chromium (playwright-core, /usr/bin/chromium):
 * - desktop-results.png: the desktop results screen (`npm run ui`, the same page as the app) after
 *   running the default scenario on the CPU: comparison table, overall survival beside ANC nadir,
 *   PFS beside per-cycle neutropenia risk, the RECIST waterfall;
 * - desktop-km.png: the overall-survival chart with its numbers at risk, on its own;
 * - report.png: the top of the HTML report (`oncotwin run --report`) of the same scenario.
 * Run: npx tsx scripts/screenshots.ts   (about a minute on two cores)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../desktop/serve.js';
import { reportHtml } from '../engine/common/report/report-html.js';
import { DEFAULT_SCENARIO, disposeDefaultSession, runScenario } from '../engine/run-scenario.js';

const OUT = 'docs/img';
const WIDTH = 1400;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: WIDTH, height: 1000 }, deviceScaleFactor: 1 })).newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length > 0, undefined, { timeout: 30_000 });
    await page.selectOption('#backend', 'cpu');
    await page.click('#run-btn');
    await page.waitForFunction(() => /^Done in/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 180_000 });
    const results = page.locator('#results');
    await results.scrollIntoViewIfNeeded();
    // The table and the first rows of charts (efficacy beside toxicity, then the waterfall).
    const box = await results.boundingBox();
    const waterfall = await page.locator('#fig-waterfall').boundingBox();
    if (!box || !waterfall) throw new Error('results not laid out');
    await page.setViewportSize({ width: WIDTH, height: Math.ceil(waterfall.y + waterfall.height + 16) });
    await page.screenshot({ path: join(OUT, 'desktop-results.png'), clip: { x: 0, y: box.y - 8, width: WIDTH, height: waterfall.y + waterfall.height - box.y + 16 } });
    await page.locator('#fig-km-os').screenshot({ path: join(OUT, 'desktop-km.png') });

    const r = await runScenario(DEFAULT_SCENARIO, { backend: 'cpu' });
    const file = join(tmpdir(), 'oncotwin-report.html');
    writeFileSync(file, reportHtml(r));
    const rep = await (await browser.newContext({ viewport: { width: WIDTH, height: 2000 } })).newPage();
    await rep.goto(`file://${file}`);
    // The table and the first two rows of charts (survival | ANC nadir, PFS | per-cycle risk).
    const cycle = await rep.locator('#cycle-risk').boundingBox();
    await rep.screenshot({ path: join(OUT, 'report.png'), clip: { x: 0, y: 0, width: WIDTH, height: Math.ceil((cycle?.y ?? 1800) + (cycle?.height ?? 0) + 8) } });
  } finally {
    await browser.close();
    await server.close();
    await disposeDefaultSession();
  }
}

await main();
