/**
 * End to end: the browser UI (desktop/serve.ts) in headless Chromium runs the real engine in a Web
 * Worker on the built-in default scenario (200 patients), and the page shows the engine's numbers;
 * the regimen form edits the YAML, edits re-run by themselves, and every chart exports as PNG and SVG.
 * Screenshots go to test-artifacts/ for a human to look at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parse } from 'yaml';
import { startServer, type RunningServer } from '../../desktop/serve.js';
import { runScenario, DEFAULT_SCENARIO } from '../../engine/run-scenario.js';
import { comparisonTable } from '../../engine/common/report/clinical-views.js';
import { tableCells } from '../../engine/common/report/table-format.js';

const CHROMIUM = '/usr/bin/chromium';
const ART = 'test-artifacts';
const N = 200;
// Chromium is installed by scripts/ensure-system-deps.sh; under CI the test must run, never skip.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

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
    await page.waitForFunction(() => document.querySelectorAll('#regimens fieldset.regimen').length === 2, undefined, { timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Waits until no run is in flight or pending and the results match the editor. */
  async function settled(): Promise<void> {
    await page.waitForFunction(() => /Done in|failed|errors|Cancelled/.test(document.querySelector('#status')?.textContent ?? '')
      && !document.querySelector('#results')!.classList.contains('updating') && (document.querySelector('#stale') as HTMLElement).hidden, undefined, { timeout: 60_000 });
    expect(await page.textContent('#status')).toMatch(/^Done in/);
  }

  async function runAndWait(): Promise<void> {
    await page.click('#run-btn');
    await settled();
  }

  const table = (): Promise<string[][]> => page.$$eval('#comparison tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
  const header = (): Promise<string[]> => page.$$eval('#comparison thead th', (th) => th.map((h) => h.textContent ?? ''));
  const regimen = (i: number) => page.locator('#regimens fieldset.regimen').nth(i);
  const yamlRegimens = async (): Promise<Record<string, unknown>[]> => (parse(await page.inputValue('#editor')) as { regimens: Record<string, unknown>[] }).regimens;

  it('runs the default scenario and shows the same table as the engine in Node', async () => {
    await page.fill('#size', String(N));
    await expect.poll(() => page.inputValue('#editor')).toContain(`size: ${N}`);
    await page.selectOption('#backend', 'cpu');
    await runAndWait();
    expect(await page.textContent('#status')).toMatch(/on cpu/);
    const node = await runScenario(DEFAULT_SCENARIO, { backend: 'cpu', threads: 0, nPatients: N });
    expect(await table()).toEqual(tableCells(comparisonTable(node)));
    for (const sel of ['#fig-anc-fan .uplot', '#fig-tumour-fan .uplot', '#fig-km-pfs svg', '#fig-cycle-risk svg', '#fig-waterfall svg', '#fig-scatter-3d canvas']) expect(await page.locator(sel).count(), sel).toBe(1);
    await page.screenshot({ path: `${ART}/ui-results.png`, fullPage: true });
    for (const id of ['scenario', 'comparison', 'fig-anc-fan', 'fig-tumour-fan', 'fig-scatter-3d', 'charts']) await page.locator(`#${id}`).screenshot({ path: `${ART}/ui-${id}.png` });
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('what-if: a higher weekly dose re-runs by itself and the grade-4 row moves', async () => {
    const before = await table();
    // auto: WebGPU only on a hardware adapter; here (SwiftShader or none) the status says why it fell back to CPU.
    await page.selectOption('#backend', 'auto');
    // Charts are updated in place: the same uPlot and SVG elements stay in the page across the re-run.
    await page.$eval('#fig-anc-fan .uplot', (e) => { (e as HTMLElement).dataset.mark = 'kept'; });
    await regimen(1).locator('input.dose').fill('45');
    await expect.poll(() => page.inputValue('#editor')).toContain('amount: 45');
    // Until the re-run lands, the old results stay, dimmed, under an "updating" banner.
    expect(await page.isVisible('#stale')).toBe(true);
    expect(await page.textContent('#stale')).toMatch(/Updating/);
    expect(await page.locator('#fig-km-pfs svg').count()).toBe(1);
    await settled();
    expect(await page.textContent('#status')).toMatch(/on cpu /);
    expect(await page.textContent('#backend-notes')).toMatch(/backend webgpu: skipped — /);
    expect(await page.locator('#fig-anc-fan .uplot[data-mark="kept"]').count()).toBe(1);
    const after = await table();
    const g4 = (rows: string[][]): string[] | undefined => rows.find((t) => t[0].startsWith('P(ANC grade 4)'));
    expect(g4(after)![3]).not.toEqual(g4(before)![3]);
    expect(g4(after)![2]).toEqual(g4(before)![2]); // the q3w column is the same patients on the same dose
  }, 90_000);

  it('adds a regimen (a third column), edits its schedule (the results re-run), and removes it', async () => {
    const two = await table();
    await page.click('[data-key="add-regimen"]');
    await expect.poll(async () => (await yamlRegimens()).length).toBe(3);
    await settled();
    const copyName = '35 mg/m² weekly d1,8,15 q4w (2)';
    expect(await header()).toEqual(['Metric', 'Unit', '75 mg/m² q3w', '35 mg/m² weekly d1,8,15 q4w', copyName, `35 mg/m² weekly d1,8,15 q4w − 75 mg/m² q3w (paired)`, `${copyName} − 75 mg/m² q3w (paired)`]);
    const three = await table();
    // The copy gives the same patients the same regimen: its column equals the one it was copied from.
    for (const row of three) expect(row[4], row[0]).toBe(row[3]);
    await page.locator('#fig-anc-fan').screenshot({ path: `${ART}/ui-three-regimens-anc.png` });

    // Schedule: days 1 and 8 only, 3 cycles.
    const card = regimen(2);
    await card.locator('[data-key="r2.days"]').fill('1, 8');
    await card.locator('[data-key="r2.cycles"]').fill('3');
    await expect.poll(async () => (await yamlRegimens())[2].schedule).toEqual({ days: [1, 8], cycle_length: '28 d', cycles: 3 });
    await settled();
    const edited = await table();
    const dose = (rows: string[][]): string[] => rows.find((r) => r[0].startsWith('P(ANC grade ≥3)'))!;
    expect(dose(edited)[4]).not.toBe(dose(edited)[3]);
    expect(edited.map((r) => r.slice(0, 4))).toEqual(three.map((r) => r.slice(0, 4)));
    await page.locator('#scenario').screenshot({ path: `${ART}/ui-regimen-form.png` });

    await card.locator('[data-key="r2.remove"]').click();
    await expect.poll(async () => (await yamlRegimens()).length).toBe(2);
    await settled();
    expect(await table()).toEqual(two);
    expect(await page.isDisabled('[data-key="r0.remove"]')).toBe(false);
  }, 120_000);

  it('a rule edited in the form lands in the YAML, and the YAML edited by hand shows in the form', async () => {
    const auc = async (): Promise<number> => Number((await table()).find((r) => r[0] === 'Mean auc')![2]);
    const before = await auc();
    await regimen(0).locator('[data-key="r0.addrule"]').click();
    await expect.poll(async () => (await yamlRegimens())[0].rules).toEqual([{ when: 'ANC < 1.5', at: 'dose', action: 'delay', by: '7 d', max: 2 }]);
    await page.fill('[data-key="r0.rule0.when"]', 'cycle > 2');
    await page.selectOption('[data-key="r0.rule0.action"]', 'discontinue');
    await expect.poll(async () => (await yamlRegimens())[0].rules).toEqual([{ when: 'cycle > 2', at: 'dose', action: 'discontinue' }]);
    await settled();
    // Stopping q3w docetaxel after 2 of its 6 cycles: its mean AUC over the horizon falls to about a third.
    const ratio = (await auc()) / before;
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(0.45);
    await page.locator('#scenario').screenshot({ path: `${ART}/ui-rules.png` });
    await page.click('[data-key="r0.rule0.remove"]');
    await expect.poll(async () => (await yamlRegimens())[0].rules).toBeUndefined();
    // Hand edit of the YAML → the form follows.
    await page.fill('#editor', (await page.inputValue('#editor')).replace('amount: 75,', 'amount: 70,'));
    await expect.poll(() => regimen(0).locator('input.dose').inputValue()).toBe('70');
    await settled();
  }, 90_000);

  it('a YAML error shows at its line, blocks the run and keeps the form', async () => {
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
    // The form keeps its values but is disabled while the YAML does not parse.
    expect(await page.locator('#regimens fieldset.regimen').count()).toBe(2);
    expect(await page.isDisabled('[data-key="r0.amount"]')).toBe(true);
    expect(await page.isDisabled('#size')).toBe(true);
    expect(await page.textContent('#stale')).toMatch(/errors/);
    await page.screenshot({ path: `${ART}/ui-yaml-error.png` });
    lines[k] = 'horizon: 126 parsecs';
    await page.fill('#editor', lines.join('\n'));
    expect(await page.isEnabled('[data-key="r0.amount"]')).toBe(true);
    await expect.poll(() => page.textContent('#diagnostics'), { timeout: 10_000 }).toContain(`line ${k + 1}`);
    lines[k] = 'horizon: 126 d';
    await page.fill('#editor', lines.join('\n'));
    await expect.poll(() => page.textContent('#diagnostics'), { timeout: 10_000 }).toBe('');
    await settled();
  }, 60_000);

  it('cancels a long (automatic) run and keeps the previous results', async () => {
    const shown = await page.textContent('#comparison');
    await page.fill('#size', '50000');
    await page.waitForFunction(() => /Running on/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await page.click('#cancel-btn');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Cancelled.', undefined, { timeout: 20_000 });
    expect(await page.textContent('#comparison')).toBe(shown);
    expect(await page.isEnabled('#run-btn')).toBe(true);
    expect(await page.textContent('#stale')).toMatch(/run again/);
    await page.fill('#size', String(N));
    await expect.poll(() => page.isHidden('#stale')).toBe(true);
  }, 60_000);

  it('runs the built-in default scenario on WebGPU in the worker when asked (SwiftShader adapter)', async () => {
    const cpu = await table();
    await page.selectOption('#backend', 'webgpu');
    await runAndWait();
    expect(await page.textContent('#status')).toMatch(/on webgpu/);
    const gpu = await table();
    expect(gpu.map((r) => r[0])).toEqual(cpu.map((r) => r[0]));
    // Same virtual patients on both backends (test/parity holds the trajectories to tolerance): every
    // percentage (ORR, DCR, CTCAE rates) within 1.5 points, i.e. at most 3 of 200 patients classed differently.
    const pct = (rows: string[][]): number[] => rows.filter((r) => r[1] === '%').flatMap((r) => r.slice(2, 4).map((c) => Number.parseFloat(c)));
    const [a, b] = [pct(cpu), pct(gpu)];
    expect(a.length).toBeGreaterThan(4);
    a.forEach((v, i) => expect(Math.abs(v - b[i]), `percentage ${i}`).toBeLessThanOrEqual(1.5));
    await page.locator('#run').screenshot({ path: `${ART}/ui-run-webgpu.png` });
    await page.selectOption('#backend', 'cpu');
  }, 120_000);

  it('another scenario is not re-run by itself over the previous one\'s results', async () => {
    const status = await page.textContent('#status');
    await page.selectOption('#builtin', 'carboplatin-auc5-vs-auc6.yaml');
    await page.waitForFunction(() => /carboplatin/i.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    expect(await page.textContent('#stale')).toMatch(/previous scenario/);
    await page.fill('#size', '100');
    await page.waitForTimeout(1000);
    expect(await page.textContent('#status')).toBe(status);
    await page.selectOption('#builtin', 'default.yaml');
    await page.waitForFunction(() => /q3w/.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    // Back on the scenario the results are for: edits re-run it again.
    await page.fill('#size', String(N));
    await regimen(1).locator('input.dose').fill('45');
    await settled();
  }, 90_000);

  it('exports each chart as PNG and SVG, the table as CSV, and the report', async () => {
    const download = async (selector: string): Promise<{ name: string; bytes: Buffer }> => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      await d.saveAs(`${ART}/export-${d.suggestedFilename()}`);
      return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
    };
    const charts: [string, string][] = [['km-pfs', 'Progression-free time (Kaplan–Meier)'], ['anc-fan', 'Absolute neutrophil count over time'], ['scatter-3d', 'Efficacy vs toxicity, every virtual patient'], ['cycle-risk', 'Neutropenia risk per cycle (95% intervals)']];
    for (const [id, title] of charts) {
      const png = await download(`#fig-${id} button[data-export=png]`);
      expect(png.name).toBe(`default-${id}.png`);
      expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(png.bytes.readUInt32BE(16), 'PNG width').toBeGreaterThan(300);
      const svg = await download(`#fig-${id} button[data-export=svg]`);
      expect(svg.name).toBe(`default-${id}.svg`);
      const text = svg.bytes.toString('utf8');
      expect(text).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(text).toContain(`>${title}</text>`);
      // Well-formed XML: the browser's own parser reports no error.
      expect(await page.evaluate((t) => new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror')?.textContent ?? null, text)).toBeNull();
    }
    const html = await download('#export-html');
    expect(html.name).toBe('default-report.html');
    expect(html.bytes.toString('utf8')).toContain('<h2>Comparison</h2>');
    expect(html.bytes.toString('utf8')).toContain('amount: 45');
    const csv = await download('#table-csv');
    expect(csv.name).toBe('default-table.csv');
    expect(csv.bytes.toString('utf8').split('\n')[0]).toMatch(/^metric,unit,/);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('unsaved edits survive switching scenario and a reload; save ends the draft, revert goes back to it', async () => {
    await page.uncheck('#auto-run');
    const editorText = (): Promise<string> => page.inputValue('#editor');
    await page.fill('#seed', '4242');
    await page.waitForFunction(() => /seed: 4242/.test((document.querySelector('#editor') as HTMLTextAreaElement).value));
    expect(await page.isVisible('#draft')).toBe(true);
    const edited = await editorText();

    await page.selectOption('#builtin', 'carboplatin-auc5-vs-auc6.yaml');
    await page.waitForFunction(() => /carboplatin/i.test((document.querySelector('#editor') as HTMLTextAreaElement).value));
    // The population size typed into this scenario by an earlier test is still there.
    expect(await page.textContent('#draft-text')).toMatch(/unsaved edits of carboplatin-auc5-vs-auc6\.yaml/);
    expect(await editorText()).toMatch(/size: 100\b/);
    await page.selectOption('#builtin', 'default.yaml');
    await page.waitForFunction(() => /seed: 4242/.test((document.querySelector('#editor') as HTMLTextAreaElement).value));
    expect(await editorText()).toBe(edited);
    expect(await page.textContent('#draft-text')).toMatch(/unsaved edits of default\.yaml/);

    await page.reload();
    await page.waitForFunction(() => /seed: 4242/.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 20_000 });
    expect(await editorText()).toBe(edited);
    await page.locator('#scenario').screenshot({ path: `${ART}/ui-draft-restored.png` });

    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#save-btn')]);
    expect(d.suggestedFilename()).toBe('default.yaml');
    expect(readFileSync((await d.path())!, 'utf8')).toBe(edited);
    expect(await page.isVisible('#draft')).toBe(false);

    await page.fill('#seed', '4243');
    await page.waitForFunction(() => /seed: 4243/.test((document.querySelector('#editor') as HTMLTextAreaElement).value));
    await page.click('#revert-btn');
    expect(await editorText()).toBe(edited);
    expect(await page.isVisible('#draft')).toBe(false);
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
