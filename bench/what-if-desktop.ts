/**
 * What-if latency in the desktop app (the browser UI's engine Web Worker, driven in headless
 * Chromium): time from Run to the results, then from a dose edit to the updated results (the app
 * re-runs by itself). Usage:
 *   npx tsx bench/what-if-desktop.ts [--backend cpu|webgpu] [--patients N] [--edits E] [--root <checkout>]
 * `--root` serves another checkout's app (e.g. a build before compile-once) for a before/after pair.
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
process.chdir(root);
const { startServer } = await import(join(root, 'desktop/serve.ts')) as { startServer(o: { port: number }): Promise<{ url: string; close(): Promise<void> }> };
const server = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'],
});
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length === 2, undefined, { timeout: 60_000 });
  const settled = async (): Promise<void> => {
    await page.waitForFunction(() => /Done in|failed|errors|Cancelled/.test(document.querySelector('#status')?.textContent ?? '')
      && !document.querySelector('#results')!.classList.contains('updating') && (document.querySelector('#stale') as HTMLElement).hidden, undefined, { timeout: 600_000 });
  };
  await page.fill('#size', String(nPatients));
  await page.selectOption('#backend', backend);
  let t0 = performance.now();
  await page.click('#run-btn');
  await settled();
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let k = 0; k < edits; k++) {
    t0 = performance.now();
    await page.locator('#regimens fieldset.regimen').nth(1).locator('input.dose').fill(String(36 + k));
    await page.waitForFunction(() => !(document.querySelector('#stale') as HTMLElement).hidden || document.querySelector('#results')!.classList.contains('updating'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await settled();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ root, backend, nPatients, firstMs: Math.round(first), editMedianMs: Math.round(times[Math.floor(times.length / 2)]), editMs: times.map(Math.round), status: await page.textContent('#status'), load: loadavg()[0] }));
} finally {
  await browser.close();
  await server.close();
}
process.exit(0);
