/**
 * End to end: the genotype-guided capecitabine scenario in the browser app (headless Chromium, CPU
 * backend in the Web Worker). The results show the model's validity domain with the share of virtual
 * patients outside it beside the comparison table, and one forest plot per declared subgroup with the
 * same rates as the engine in Node. A screenshot goes to test-artifacts/.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ART, haveBrowser, useBrowserApp } from './browser-app.js';
import { loadScenarioFile, runScenario } from '../../engine/run-scenario.js';
import { scenarioSubgroups } from '../../engine/common/subgroups/scenario-subgroups.js';

const N = 300;
const FILE = 'capecitabine-dpyd-genotype-guided.yaml';

describe.skipIf(!haveBrowser)('subgroups and validity domain in the browser app', () => {
  let page: Page;
  const consoleErrors: string[] = [];
  useBrowserApp(consoleErrors, (p) => { page = p; });

  it('shows the validity domain and a forest plot per subgroup with the engine\'s rates', async () => {
    await page.selectOption('#builtin', FILE);
    await page.waitForFunction(() => /genotype-guided/.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    await page.fill('#size', String(N));
    await expect.poll(() => page.inputValue('#editor')).toContain(`size: ${N}`);
    await page.selectOption('#backend', 'cpu');
    await page.click('#run-btn');
    await page.waitForSelector('#subgroups .validity', { timeout: 120_000 });
    expect(await page.textContent('#subgroups .validity h3')).toMatch(/^Outside the model's validity domain: \d+\.\d% \[/);
    expect(await page.textContent('#subgroups .validity')).toContain('capecitabine-5fu-pk — estimated in 505 patients');
    expect(await page.$$eval('#subgroups figure.subgroup svg', (s) => s.length)).toBe(5);

    const path = fileURLToPath(new URL(`../../scenarios/${FILE}`, import.meta.url));
    const node = await runScenario(path, { backend: 'cpu', threads: 0, nPatients: N });
    const report = scenarioSubgroups(await loadScenarioFile(path), node)!;
    const first = report.tables[0].rows.map((r) => [r.label, String(r.n)]);
    const shown = await page.$$eval('#subgroups figure.subgroup:first-of-type table tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '').slice(0, 2)));
    expect(shown).toEqual(first);
    await page.locator('#subgroups').screenshot({ path: `${ART}/subgroups.png` });
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
