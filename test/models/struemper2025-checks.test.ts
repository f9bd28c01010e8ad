/**
 * External checks of Struemper 2025 (docs/VALIDATION.md): the model's docetaxel arm was fitted on
 * Entree Lung Part 2 (n = 34, Struemper 2025 Table 1) whose outcomes are not published per arm in the
 * sources read, so the checks are trials it was NOT fitted on:
 * - OAK docetaxel arm (Rittmeyer A et al. Lancet 2017;389:255-265; PubMed 27979383 abstract and
 *   JNCCN 360 summary): docetaxel 75 mg/m² q3w until progression, 2nd/3rd line NSCLC, n = 425:
 *   median OS 9.6 months (95% CI 8.6–11.2), median PFS 4.0 months, ORR 13%.
 * - Schuette 2005 (J Clin Oncol 23:8389; research/models.md §5 [A]): 75 mg/m² q3w vs 35 mg/m²
 *   d1,8,15 q4w, 2nd line NSCLC, n = 215: median OS 6.3 vs 9.2 months (P = .07), RR 12.6% vs 10.5%.
 *
 * Population (assumptions stated): 61% men (OAK summary); weight lognormal median 70 kg, cv 0.2;
 * height normal 170 ± 9 cm (ASSUMPTIONS, as the default scenario); LDH 225.5 IU/L, 2 target lesions,
 * albumin 39.4 g/L, total protein 71 g/L, NLR 4.1 — the pooled medians of Struemper 2025 (Figure 3
 * caption), fixed for every patient because their spread is not published (so OS varies only
 * through the tumour and σ). LINK = exposure; treatment for 6 cycles (ASSUMPTION: OAK treated until
 * progression; the typical time to tumour growth, 12.5 weeks, falls inside 6 cycles); RECIST every
 * 6 weeks with confirmation (OAK schedule); OS followed 5 years. No new-lesion model: progression is
 * by target-lesion size only.
 * Command: npx vitest run test/models/struemper2025-checks.test.ts
 */
import { describe, expect, it } from 'vitest';
import { ir, type Expr } from '../../engine/common/ir.js';
import { describeTrial, runTrial, type TrialDose, type TrialSpec } from './clinical-trial.js';

const perM2 = (mgm2: number) => (v: (n: string) => Expr): Expr => ir.op('*', ir.num(mgm2), v('BSA'));
const q3w = (n: number): TrialDose[] => Array.from({ length: n }, (_, c) => ({ day: 1 + 21 * c, target: 'iv', mg: perM2(75), infusionMin: 60 }));
const weekly = (cycles: number): TrialDose[] => Array.from({ length: cycles }, (_, c) => [1, 8, 15].map((d) => ({ day: d + 28 * c, target: 'iv', mg: perM2(35), infusionMin: 60 }))).flat();

const BASE: Omit<TrialSpec, 'arms'> = {
  model: 'docetaxel-kloft-struemper2025.yaml',
  survival: 'struemper2025-os.yaml',
  covariates: [
    { name: 'SEX', dist: 'bernoulli', p: 0.61 },
    { name: 'WT', dist: 'lognormal', median: 70, cv: 0.2, lo: 40, hi: 150, unit: 'kg' },
    { name: 'HT', dist: 'normal', mean: 170, sd: 9, lo: 140, hi: 200, unit: 'cm' },
    { name: 'LDH', dist: 'constant', value: 225.5, unit: '1' },
    { name: 'NTARGET', dist: 'constant', value: 2, unit: '1' },
    { name: 'LINK', dist: 'constant', value: 1, unit: '1' },
    { name: 'ALB', dist: 'constant', value: 39.4, unit: 'g/L' },
    { name: 'TPRO', dist: 'constant', value: 71, unit: 'g/L' },
    { name: 'NLR', dist: 'constant', value: 4.1, unit: '1' },
  ],
  derived: [{ name: 'BSA', unit: 'm^2', expr: (v) => ir.call('sqrt', ir.op('/', ir.op('*', v('WT'), v('HT')), ir.num(3600))) }],
  nPatients: 400,
  seed: 20261122,
  horizonDays: 728,
  recist: { output: 'TS', everyDays: 42, confirm: true },
  neutropenia: { output: 'ANC' },
  followUpDays: 1826,
};

describe('Struemper 2025 external checks (docetaxel, second-line NSCLC)', () => {
  it('OAK-like and Schuette-like arms: 75 mg/m² q3w ×6 vs 35 mg/m² d1,8,15 q4w ×4', async () => {
    const run = await runTrial({ ...BASE, arms: [{ name: 'docetaxel 75 mg/m² q3w ×6', doses: q3w(6) }, { name: 'docetaxel 35 mg/m² d1,8,15 q4w ×4', doses: weekly(4) }] });
    for (const line of describeTrial(run)) console.log(line);
    expect(run.failed).toEqual([0, 0]);
    for (const r of run.endpoints.survival!.regimens) expect(Number.isFinite(r.os.median.median)).toBe(true);
  }, 600_000);
});
