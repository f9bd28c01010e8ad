/**
 * What-if latency in the desktop app (the browser UI's engine Web Worker, driven in headless
 * Chromium): time from Run to the results, then from a dose edit (typed into the second regimen's
 * form) to the first chart update (a preview of the leading patients where the app sends one) and to
 * the final results (the app re-runs by itself). Usage:
 *   npx tsx bench/what-if-desktop.ts [--backend cpu|webgpu] [--patients N] [--edits E] [--scenario F] [--root <checkout>]
 * `--root` serves another checkout's app (e.g. a build before compile-once) for a before/after pair;
 * `--scenario` is a built-in scenario file name (default: default.yaml).
 * "first" is when the results table or charts first changed after the edit (in the page's clock, at
 * the next animation frame); an app without previews updates them once, so there first = final.
 */
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const root = resolve(arg('root', join(import.meta.dirname, '..')));
const backend = arg('backend', 'cpu');
const nPatients = Number(arg('patients', '500'));
const edits = Number(arg('edits', '3'));
const scenario = arg('scenario', 'default.yaml');
process.chdir(root);
const { startServer } = await import(join(root, 'desktop/serve.ts')) as { startServer(o: { port: number }): Promise<{ url: string; close(): Promise<void> }> };
const server = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'],
});
const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length >= 2, undefined, { timeout: 60_000 });
  if (scenario !== 'default.yaml') {
    await page.selectOption('#builtin', scenario);
    await page.waitForFunction((s) => (document.querySelector('#builtin') as HTMLSelectElement).value === s && document.querySelectorAll('#regimens fieldset.regimen').length >= 2, scenario, { timeout: 60_000 });
  }
  const settled = async (): Promise<void> => {
    await page.waitForFunction(() => /Done in|failed|errors|Cancelled/.test(document.querySelector('#status')?.textContent ?? '')
      && !document.querySelector('#results')!.classList.contains('updating') && !document.querySelector('#results')!.classList.contains('partial')
      && (document.querySelector('#stale') as HTMLElement).hidden, undefined, { timeout: 600_000 });
  };
  await page.fill('#size', String(nPatients));
  await page.selectOption('#backend', backend);
  let t0 = performance.now();
  await page.click('#run-btn');
  await settled();
  const first = performance.now() - t0;
  const toFirst: number[] = [], toFinal: number[] = [];
  const doseInput = page.locator('#regimens fieldset.regimen').nth(1).locator('input.dose');
  const dose0 = Number(await doseInput.inputValue());
  for (let k = 0; k < edits; k++) {
    // Watch the results table and charts; record the animation frame after each change.
    await page.evaluate(() => {
      const w = window as unknown as { marks: number[]; edit: number };
      w.marks = [];
      const obs = new MutationObserver(() => requestAnimationFrame(() => w.marks.push(performance.now())));
      for (const id of ['comparison', 'charts']) obs.observe(document.getElementById(id)!, { childList: true, subtree: true, characterData: true });
      w.edit = performance.now();
    });
    t0 = performance.now();
    await doseInput.fill(String(dose0 + 1 + k));
    await page.waitForFunction(() => !(document.querySelector('#stale') as HTMLElement).hidden || document.querySelector('#results')!.classList.contains('updating'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await settled();
    const marks = await page.evaluate(() => { const w = window as unknown as { marks: number[]; edit: number }; return w.marks.map((m) => m - w.edit); });
    toFinal.push(performance.now() - t0);
    toFirst.push(marks.length ? marks[0] : NaN);
  }
  console.log(JSON.stringify({
    root, scenario, backend, nPatients, firstRunMs: Math.round(first),
    editToFirstChartMs: median(toFirst), editToFinalMs: median(toFinal), firstMs: toFirst.map(Math.round), finalMs: toFinal.map(Math.round),
    status: await page.textContent('#status'), load: loadavg()[0],
  }));
} finally {
  await browser.close();
  await server.close();
}
process.exit(0);
