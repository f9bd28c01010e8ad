/**
 * The built-in genotype-guided capecitabine scenario end to end on the CPU backend: the CPIC rule
 * reads each patient's activity score as the panel reports it (50% dose at 1–1.5, none at ≤ 0.5),
 * the 5-FU exposure follows the true score, and the subgroup report covers every patient.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../engine/run-scenario.js';
import { scenarioSubgroups } from '../../../engine/common/subgroups/scenario-subgroups.js';

const path = fileURLToPath(new URL('../../../scenarios/capecitabine-dpyd-genotype-guided.yaml', import.meta.url));

describe('capecitabine-dpyd-genotype-guided (CPU, 1500 patients)', async () => {
  const result = await runScenario(path, { backend: 'cpu', nPatients: 1500, threads: 2 });
  const scenario = await loadScenarioFile(path);
  const p = result.patients;
  const [standard, panel4, panel5] = result.ensemble.regimens.map((r) => r.summaries['dose.delivered']);
  const idx = (pred: (i: number) => boolean) => Array.from({ length: 1500 }, (_, i) => i).filter(pred);

  it('doses follow the CPIC rule on the score each panel reports', () => {
    const byPanel = (as: Float64Array, guided: Float64Array) => {
      for (const i of idx(() => true)) {
        const expected = as[i] <= 0.5 ? 0 : as[i] <= 1.5 ? standard[i] / 2 : standard[i];
        // Each level is rounded to 50 mg on its own: up to 37.5 mg a dose from half the rounded full dose.
        expect(Math.abs(guided[i] - expected), `patient ${i}, score ${as[i]}`).toBeLessThanOrEqual(37.5 * 28 + 1e-6);
      }
    };
    byPanel(p.DPYD_AS_PANEL4, panel4);
    byPanel(p.DPYD_AS_PANEL5, panel5);
    // c.557A>G carriers: unseen by the 4-variant panel (full dose), halved with the 5-variant panel.
    const missed = idx((i) => p.DPYD_557[i] > 0 && p.DPYD_AS_PANEL4[i] === 2);
    expect(missed.length).toBeGreaterThan(0);
    for (const i of missed) {
      expect(panel4[i]).toBe(standard[i]);
      expect(Math.abs(panel5[i] / standard[i] - 0.5)).toBeLessThan(0.05);
    }
  });

  it('5-FU exposure per dose follows the true activity score (AUC ∝ 1/CL2(AS))', () => {
    const auc = result.ensemble.regimens[0].summaries.fu_auc_c1;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const perDose = (as: number) => mean(idx((i) => p.DPYD_AS[i] === as).map((i) => auc[i] / standard[i]));
    // Typical ratio 1/(1 − 0.4614·0.5) = 1.30 for AS 1.5; IIV (CV 33%) blurs group means, so a wide band.
    expect(perDose(1.5) / perDose(2)).toBeGreaterThan(1.1);
    expect(perDose(1.5) / perDose(2)).toBeLessThan(1.6);
  });

  it('every subgroup table covers all patients; the validity domain is reported', () => {
    const report = scenarioSubgroups(scenario, result)!;
    expect(report.tables.map((t) => t.name)).toEqual(['ANCESTRY', 'DPYD_AS', 'ANCESTRY × PANEL4_MISSES', 'SEX', 'AGE']);
    for (const t of report.tables) expect(t.rows.reduce((s, r) => s + r.n, 0), t.name).toBe(1500);
    expect(report.validity?.domains[0]).toMatchObject({ model: 'capecitabine-5fu-pk', n: 505 });
    expect(report.validity?.outside?.n).toBe(1500);
    const missedRows = report.tables[2].rows.filter((r) => r.levels[1] === 'PANEL4_MISSES = 1');
    expect(missedRows.map((r) => r.levels[0])).toContain('AFR');
  });
});
