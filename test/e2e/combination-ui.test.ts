/**
 * End to end in headless Chromium: the built-in ovarian scenario's combination regimen (gemcitabine
 * d1,8 + carboplatin AUC 4) shows each drug's dose and schedule in the regimen form; editing the
 * gemcitabine dose lands in that drug's YAML, the regimen name follows it, and the scenario runs
 * with the edit. The capecitabine scenario shows its days 1-14 with the times of day. Screenshots go
 * to test-artifacts/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { ART, haveBrowser, useBrowserApp } from './browser-app.js';

describe.skipIf(!haveBrowser)('combination regimens in the desktop UI', () => {
  let page: Page;
  const consoleErrors: string[] = [];
  useBrowserApp(consoleErrors, (p) => { page = p; });

  const regimen = (i: number) => page.locator('#regimens fieldset.regimen').nth(i);
  const editor = (): Promise<string> => page.inputValue('#editor');

  it('shows each drug of the combination, and a gemcitabine dose edit lands in its YAML with the name following', async () => {
    await page.selectOption('#builtin', 'ovarian-carboplatin-vs-carboplatin-gemcitabine.yaml');
    await page.waitForFunction(() => /gemcitabine/.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    await expect.poll(() => regimen(1).locator('.row.drug').count()).toBe(2);
    const rows = await regimen(1).locator('.row.drug').allTextContents();
    expect(rows[0]).toMatch(/^gemcitabine dose .*mg\/m².*infusion, days 1,8 every 21 d × 6$/);
    expect(rows[1]).toMatch(/^carboplatin dose .*AUC mg\/mL\*min \(Calvert target\).*days 1 every 21 d × 6$/);
    expect(await regimen(1).locator('[data-key="r1.d0.amount"]').inputValue()).toBe('1000');
    expect(await regimen(1).locator('[data-key="r1.d1.amount"]').inputValue()).toBe('4');
    await page.fill('#size', '40');
    await regimen(1).locator('[data-key="r1.d0.amount"]').fill('800');
    await expect.poll(async () => (parse(await editor()) as { regimens: { drugs: { dose: { amount: number } }[] }[] }).regimens[1].drugs[0].dose.amount).toBe(800);
    await expect.poll(() => regimen(1).locator('input.name').inputValue()).toBe('Gemcitabine 800 mg/m² d1,8 + carboplatin AUC 4 q3w × 6');
    expect(await regimen(1).locator('.card-notes').textContent()).toBe('');
    await page.click('#run-btn');
    await page.waitForFunction(() => /Done in|failed|errors/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 120_000 });
    expect(await page.textContent('#status')).toMatch(/^Done in/);
    expect(await page.locator('#comparison thead').textContent()).toContain('Gemcitabine 800 mg/m² d1,8 + carboplatin AUC 4 q3w × 6');
    await page.locator('#regimens').screenshot({ path: `${ART}/ui-combination-regimen.png` });
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('shows capecitabine days 1-14 with its times of day, editable as a range', async () => {
    await page.selectOption('#builtin', 'capecitabine-1250-vs-1000.yaml');
    await page.waitForFunction(() => /capecitabine/.test((document.querySelector('#editor') as HTMLTextAreaElement).value), undefined, { timeout: 10_000 });
    await expect.poll(() => regimen(0).locator('[data-key="r0.days"]').inputValue()).toBe('1-14');
    expect(await regimen(0).textContent()).toContain('at 00:00, 12:00');
    await regimen(0).locator('[data-key="r0.days"]').fill('1-7');
    await expect.poll(async () => (parse(await editor()) as { regimens: { schedule: { days: unknown[]; at: string[] } }[] }).regimens[0].schedule).toMatchObject({ days: ['1-7'], at: ['00:00', '12:00'] });
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
