/**
 * A model whose states are all solved in closed form has nothing that limits the solver's step but
 * the breakpoints; the peak of a depot → central chain must still be found (the CPU once took three
 * steps over 42 days and reported a Cmax of 3.5e-12 instead of 0.0294 mg/L for capecitabine → 5-FU).
 * Reference: the analytic Bateman peak of a one-compartment oral model,
 * tmax = ln(ka/ke)/(ka − ke), Cmax = F·D·ka/(V(ka − ke))·(e^{−ke·tmax} − e^{−ka·tmax}).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../engine/backends/cpu/cpu-backend.js';
import { ir, type ModelIR } from '../../../engine/common/ir.js';
import type { EnsembleJob } from '../../../engine/common/job.js';

const ka = 1.2, ke = 0.15, V = 30, D = 100;

const model: ModelIR = {
  name: 'oral-1cmt', sourceHash: '', files: [], timeUnit: 'h',
  params: [], covariates: [], variability: { etas: [], omega: [] }, individual: [],
  states: [{ name: 'depot', unit: 'mg', init: ir.num(0) }, { name: 'central', unit: 'mg', init: ir.num(0) }],
  derived: [],
  odes: [ir.op('*', ir.num(-ka), ir.ref('depot')), ir.op('-', ir.op('*', ir.num(ka), ir.ref('depot')), ir.op('*', ir.num(ke), ir.ref('central')))],
  outputs: [{ name: 'C', expr: ir.op('/', ir.ref('central'), ir.num(V)), unit: 'mg/L', scale: 1 }],
  doseTargets: [{ name: 'oral', state: 'depot', bioavailability: ir.num(1), lag: ir.num(0) }],
  linear: { states: ['depot', 'central'], k: [ir.num(-ka), ir.num(0), ir.num(ka), ir.num(-ke)] },
};

function job(closedFormLinear: boolean): EnsembleJob {
  const horizon = 42 * 24;
  return {
    model, population: { draws: 0, assigns: [], report: [] },
    regimens: [{ name: 'single dose', levels: [ir.num(D)], doses: [{ time: 0, target: 0, level: 0, duration: ir.num(0), cycle: 1 }] }],
    grid: Float64Array.from([0, horizon]), horizon,
    solver: { method: 'dopri5', rtol: 1e-8, atol: [1e-10, 1e-10], hmax: horizon, h0: 1e-3, hmin: 1e-12, maxSteps: 100_000, closedFormLinear },
    summaries: [{ kind: 'max', name: 'cmax', output: 'C' }],
    quantiles: [0.5], nPatients: 1, seed: { lo: 1, hi: 0 }, trajectories: 0,
  };
}

describe('closed-form-only models', () => {
  const tmax = Math.log(ka / ke) / (ka - ke);
  const cmax = (D * ka) / (V * (ka - ke)) * (Math.exp(-ke * tmax) - Math.exp(-ka * tmax));
  for (const cf of [true, false]) {
    it(`finds the Bateman peak with closedFormLinear ${cf}`, async () => {
      const r = (await createCpuBackend({ threads: 0 }).run(job(cf))).regimens[0];
      expect(r.summaries.cmax[0]).toBeCloseTo(cmax, 7);
      expect(Math.abs(r.summaries['cmax.time'][0] - tmax)).toBeLessThan(1e-3);
    });
  }
});
