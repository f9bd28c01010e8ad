/**
 * Every model in models/ loads, compiles and runs on the CPU backend (mrgsolve's test_lib habit):
 * a few patients with inter-individual variability, two doses into the model's first dose target
 * (or none for effect-only modules, whose inputs then sit at their defaults), every output finite.
 * Modules without a drug must stay at their steady-state baseline when undriven — a real property
 * of the Friberg model (states start at Circ0) that a wrong initial condition or ODE would break.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { ir, type Assign, type ModelIR } from '../../engine/common/ir.js';
import type { EnsembleJob, RegimenPlan } from '../../engine/common/job.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { toInternal } from '../../engine/common/units/index.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const modelFiles = readdirSync(join(root, 'models')).filter((f) => f.endsWith('.yaml')).sort();

/** Typical adult cancer-patient covariate values used only to exercise the models. */
const TYPICAL: Record<string, [number, string]> = {
  BSA: [1.8, 'm^2'], WT: [70, 'kg'], HT: [170, 'cm'], AGE: [60, 'yr'], CRCL: [90, 'mL/min'],
  TS0: [1, 'g'], SLD0: [80, 'mm'],
  SCR: [0.9, 'mg/dL'], ALB: [3.9, 'g/dL'], ALP: [100, '1'], AAG: [1.34, 'g/L'],
};

function population(model: ModelIR): { assigns: Assign[]; draws: number } {
  const assigns: Assign[] = [];
  for (const c of model.covariates) {
    if (c.levels) { assigns.push({ name: c.name, expr: ir.num(0) }); continue; }
    const t = TYPICAL[c.name];
    if (!t) throw new Error(`test needs a typical value for covariate ${c.name} of ${model.name}`);
    assigns.push({ name: c.name, expr: ir.num(toInternal(t[0], t[1], model.timeUnit)) });
  }
  // Independent etas with the model's variances: enough to exercise every individual expression.
  const { etas, omega } = model.variability;
  etas.forEach((name, k) => {
    const sd = Math.sqrt(omega[k * etas.length + k]);
    assigns.push({ name, expr: ir.op('*', ir.num(sd), ir.call('qnorm', ir.rand(k))) });
  });
  return { assigns, draws: etas.length };
}

function jobFor(model: ModelIR): EnsembleJob {
  const day = toInternal(1, 'day', model.timeUnit);
  const horizon = 42 * day;
  const regimen: RegimenPlan = model.doseTargets.length === 0
    ? { name: 'no drug', levels: [], doses: [] }
    : {
        name: 'two doses',
        levels: [ir.num(toInternal(100, 'mg', model.timeUnit))],
        doses: [0, 21].map((d, i) => ({ time: d * day, target: 0, level: 0, duration: ir.num(0), cycle: i + 1 })),
      };
  const pop = population(model);
  return {
    model,
    population: { draws: pop.draws, assigns: pop.assigns, report: [] },
    regimens: [regimen],
    grid: Float64Array.from({ length: 43 }, (_, i) => i * day),
    horizon,
    solver: {
      method: 'dopri5', rtol: 1e-6, atol: model.states.map((s) => s.atol ?? 1e-9), hmax: horizon,
      h0: 1e-6 * horizon, hmin: 1e-12 * horizon, maxSteps: 500_000, closedFormLinear: true,
    },
    summaries: model.outputs.flatMap((o) => [
      { kind: 'max' as const, name: `${o.name}.max`, output: o.name },
      { kind: 'min' as const, name: `${o.name}.min`, output: o.name },
    ]),
    quantiles: [0.05, 0.5, 0.95],
    nPatients: 6,
    seed: { lo: 20261122, hi: 0 },
    trajectories: 0,
  };
}

describe('every model in models/ loads, compiles and runs', () => {
  const backend = createCpuBackend({ threads: 0 });
  for (const file of modelFiles) {
    it(file, async () => {
      const model = await loadModel(join(root, 'models', file), new NodeFileHost());
      expect(model.outputs.length, 'a model exposes at least one output').toBeGreaterThan(0);
      const job = jobFor(model);
      const res = await backend.run(job);
      const r = res.regimens[0];
      expect([...r.failed], 'no patient fails').toEqual(new Array(job.nPatients).fill(0));
      for (const o of model.outputs) {
        for (const v of [...r.summaries[`${o.name}.max`], ...r.summaries[`${o.name}.min`]]) expect(Number.isFinite(v), `${o.name} finite`).toBe(true);
      }
      if (model.doseTargets.length > 0) {
        // A dosed model's exposure output rises above its pre-dose value.
        const exposure = model.outputs.find((o) => /^(Cp|C|Conc|C5FU|CFU)/i.test(o.name)) ?? model.outputs[0];
        const max = r.summaries[`${exposure.name}.max`];
        const min = r.summaries[`${exposure.name}.min`];
        for (let i = 0; i < job.nPatients; i++) expect(max[i]).toBeGreaterThan(min[i]);
      }
    });
  }
});

describe('undriven Friberg modules stay at their baseline', () => {
  const backend = createCpuBackend({ threads: 0 });
  for (const file of modelFiles.filter((f) => f.startsWith('friberg-'))) {
    it(file, async () => {
      const model = await loadModel(join(root, 'models', file), new NodeFileHost());
      const res = await backend.run(jobFor(model));
      const cells = model.outputs[0].name;
      const max = res.regimens[0].summaries[`${cells}.max`];
      const min = res.regimens[0].summaries[`${cells}.min`];
      for (let i = 0; i < max.length; i++) expect(Math.abs(max[i] - min[i]) / max[i]).toBeLessThan(1e-9);
    });
  }
});
