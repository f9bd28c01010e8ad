/**
 * The dose finder on a PK model (carboplatin, Zandvliet 2008): the recommended dose reaches the
 * AUC target for the posterior median, its interval brackets it, and the AUC window variant puts
 * most draws inside the window. Toxicity targets are exercised end to end in cli-twin.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import type { ModelIR } from '../../engine/common/ir.js';
import type { PatientRecord } from '../../engine/common/patient-record/record.js';
import { runTwin } from '../../engine/twin/run-twin.js';
import { at, builtinModel, record } from './helpers.js';

let model: ModelIR;
let rec: PatientRecord;
beforeAll(async () => {
  model = await builtinModel('carboplatin-pk-2cmt');
  rec = record({
    covariates: [{ name: 'CRCL', value: 80, unit: 'mL/min', pos: at }],
    doses: [{ time: 0, amount: 450, unit: 'mg', duration: 1, pos: at }],
    obs: [[1, 'Cp', 21, 'mg/L'], [2, 'Cp', 9.5, 'mg/L'], [4, 'Cp', 4.2, 'mg/L'], [8, 'Cp', 1.4, 'mg/L']],
  });
});

describe('dose finder, AUC targets', () => {
  it('auc=5 mg/mL*min: the recommended dose reaches the target for the posterior median', async () => {
    const s = await runTwin(model, rec, createCpuBackend(), undefined, { candidates: 2000, draws: 300, target: 'auc=5 mg/mL*min' });
    const d = s.dose!;
    expect(d.met).toBe(true);
    expect(Math.abs(d.achieved.auc!.median / 5 - 1)).toBeLessThan(0.02);
    expect(d.doseInterval.lo).toBeLessThan(d.dose);
    expect(d.doseInterval.hi).toBeGreaterThan(d.dose);
    // Linear PK: the dose scales with the ratio of the target to the current dose's AUC per cycle.
    const perCycle = s.forecasts.regimens[0].exposures[0].auc.median / 2; // two cycles forecast
    expect(d.dose).toBeGreaterThan(450 * ((5 * 1000) / 60 / perCycle) * 0.97);
    expect(d.dose).toBeLessThan(450 * ((5 * 1000) / 60 / perCycle) * 1.03);
  }, 120_000);

  it('an AUC window puts most draws inside it', async () => {
    const s = await runTwin(model, rec, createCpuBackend(), undefined, { candidates: 2000, draws: 300, target: 'auc:Cp in 75..95 mg*h/L' });
    expect(s.dose!.achieved.probability!.p).toBeGreaterThan(0.8);
    expect(s.dose!.achieved.auc!.median).toBeGreaterThan(75);
    expect(s.dose!.achieved.auc!.median).toBeLessThan(95);
  }, 120_000);

  it('a target unit that is not an exposure is an input error before any simulation', async () => {
    await expect(runTwin(model, rec, createCpuBackend(), undefined, { target: 'auc=5 mg/mL' })).rejects.toThrow("'mg/mL' is not a unit of an AUC of Cp");
  });
});
