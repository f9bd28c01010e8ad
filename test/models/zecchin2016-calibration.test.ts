/**
 * Calibration check of Zecchin 2016 (docs/VALIDATION.md): the trial the model was fitted on —
 * AGO-OVAR 2.5 / NCIC CTG / EORTC GCG (Pfisterer J et al. J Clin Oncol 2006;24:4699-4707; Lilly
 * study JHQJ): carboplatin AUC 5 d1 q3w vs gemcitabine 1000 mg/m² d1,8 + carboplatin AUC 4 d1 q3w,
 * median 6 cycles, platinum-sensitive recurrent ovarian cancer. Published: ORR 30.9% (24.1–37.7) vs
 * 47.2% (39.9–54.5); median PFS 5.8 (5.2–7.1) vs 8.6 (7.9–9.7) months, HR 0.72 (0.58–0.90); median
 * OS 17.3 vs 18.0 months, HR 0.96 (0.75–1.23) (PubMed 16966687 abstract; OS medians from the
 * review table of Hindawi J Oncol 2010;497429 Table 3).
 *
 * Population (sources and assumptions): women; age normal 59 ± 10 y, 18–85 (median ~59 per the
 * nlmixr2lib Zecchin_2016_survival population notes; spread assumed); weight lognormal median 68 kg,
 * cv 0.2 (ASSUMPTION); height normal 163 ± 7 cm (ASSUMPTION); serum creatinine lognormal median
 * 0.84 mg/dL, cv 0.25 (Zandvliet 2008, as scenarios/carboplatin-auc5-vs-auc6.yaml); ECOG ≥ 1 in 50%
 * ([D] from the DDMoRe simulated data sets: 9/21 in Simulated_SLD.csv, 8/14 in Simulated_OS.csv).
 * Calvert dose AUC × (min(CrCL, 125) + 25) mg, CrCL by Cockcroft–Gault × 0.85; 30-min infusions;
 * RECIST every 6 weeks with confirmation (ASSUMPTION on the schedule); OS followed 5 years.
 *
 * External check (a trial the model was NOT fitted on): OCEANS placebo arm (Aghajanian C et al. J Clin
 * Oncol 2012;30:2039-2045, PubMed 22529265 abstract): gemcitabine 1000 mg/m² d1,8 + carboplatin AUC 4
 * q3w for 6 to 10 cycles, platinum-sensitive recurrent ovarian cancer with measurable disease, n = 242:
 * ORR 57.4%, median PFS 8.4 months (OS 35.2 months per a secondary summary, gyoedu.org; the final OS
 * publication was not read). Simulated with 6 cycles and the same population assumptions.
 *
 * This is a report, not a fit: the assertions are the structural expectations (combination ≥
 * carboplatin alone), and the numbers printed here are copied into docs/VALIDATION.md as found.
 * Command: npx vitest run test/models/zecchin2016-calibration.test.ts
 */
import { describe, expect, it } from 'vitest';
import { ir, type Expr } from '../../engine/common/ir.js';
import { describeTrial, runTrial, type TrialDose, type TrialSpec } from './clinical-trial.js';

const calvert = (auc: number) => (v: (n: string) => Expr): Expr =>
  ir.op('*', ir.num(auc), ir.op('+', ir.call('min', v('CRCL'), ir.num(125)), ir.num(25)));
const gem = (v: (n: string) => Expr): Expr => ir.op('*', ir.num(1000), v('BSA'));

const cycles = (n: number, perCycle: (start: number) => TrialDose[]): TrialDose[] =>
  Array.from({ length: n }, (_, c) => perCycle(1 + 21 * c)).flat();

export const PFISTERER_2006: TrialSpec = {
  model: 'carboplatin-gemcitabine-zecchin2016.yaml',
  survival: 'zecchin2016-os.yaml',
  covariates: [
    { name: 'AGE', dist: 'normal', mean: 59, sd: 10, lo: 18, hi: 85, unit: 'yr' },
    { name: 'WT', dist: 'lognormal', median: 68, cv: 0.2, lo: 40, hi: 150, unit: 'kg' },
    { name: 'HT', dist: 'normal', mean: 163, sd: 7, lo: 140, hi: 190, unit: 'cm' },
    { name: 'SCR', dist: 'lognormal', median: 0.84, cv: 0.25, lo: 0.4, hi: 1.6, unit: 'mg/dL' },
    { name: 'ECOG', dist: 'bernoulli', p: 0.5 },
  ],
  derived: [
    { name: 'BSA', unit: 'm^2', expr: (v) => ir.call('sqrt', ir.op('/', ir.op('*', v('WT'), v('HT')), ir.num(3600))) },
    { name: 'CRCL', unit: 'mL/min', expr: (v) => ir.op('/', ir.op('*', ir.op('*', ir.op('-', ir.num(140), v('AGE')), v('WT')), ir.num(0.85)), ir.op('*', ir.num(72), v('SCR'))) },
  ],
  arms: [
    { name: 'carboplatin AUC 5 q3w ×6', doses: cycles(6, (d) => [{ day: d, target: 'carboplatin', mg: calvert(5), infusionMin: 30 }]) },
    {
      name: 'gemcitabine 1000 mg/m² d1,8 + carboplatin AUC 4 q3w ×6',
      doses: cycles(6, (d) => [
        { day: d, target: 'gemcitabine', mg: gem, infusionMin: 30 },
        { day: d, target: 'carboplatin', mg: calvert(4), infusionMin: 30 },
        { day: d + 7, target: 'gemcitabine', mg: gem, infusionMin: 30 },
      ]),
    },
  ],
  nPatients: 400,
  seed: 20261122,
  horizonDays: 730,
  recist: { output: 'SLD', everyDays: 42, confirm: true },
  followUpDays: 1826,
};

describe('Zecchin 2016 calibration: Pfisterer 2006 (the fitting trial)', () => {
  it('simulates both arms; the combination (more total kill) responds more, with PFS and OS hazard ratios below 1', async () => {
    const run = await runTrial(PFISTERER_2006);
    for (const line of describeTrial(run)) console.log(line);
    const [carbo, combo] = run.endpoints.recist!.regimens;
    expect(run.failed).toEqual([0, 0]);
    expect(combo.orr.p).toBeGreaterThan(carbo.orr.p);
    expect(run.endpoints.recist!.comparisons[0].pfs!.hr).toBeLessThan(1);
    expect(run.endpoints.survival!.comparisons[0].os.hr).toBeLessThan(1);
  }, 600_000);
});

describe('Zecchin 2016 external check: OCEANS placebo arm (not used for fitting)', () => {
  it('gemcitabine + carboplatin AUC 4 q3w ×6 in the same virtual population', async () => {
    const run = await runTrial({ ...PFISTERER_2006, arms: [PFISTERER_2006.arms[1]] });
    for (const line of describeTrial(run)) console.log(line);
    expect(run.failed).toEqual([0]);
    expect(Number.isFinite(run.endpoints.survival!.regimens[0].os.median.median)).toBe(true);
  }, 600_000);
});
