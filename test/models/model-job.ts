/**
 * The job every model in models/ is exercised with (test/models/every-model-runs.test.ts, and the
 * cross-backend parity suite test/parity): a few patients with inter-individual variability, two
 * doses into the model's first dose target (or none for effect-only modules), max and min of every
 * output.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ir, type Assign, type ModelIR } from '../../engine/common/ir.js';
import type { EnsembleJob, RegimenPlan } from '../../engine/common/job.js';
import { toInternal } from '../../engine/common/units/index.js';

/** Repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Model files of models/, sorted. */
export const modelFiles = readdirSync(join(root, 'models')).filter((f) => f.endsWith('.yaml')).sort();

/** Typical adult cancer-patient covariate values used only to exercise the models. */
const TYPICAL: Record<string, [number, string]> = {
  BSA: [1.8, 'm^2'], WT: [70, 'kg'], HT: [170, 'cm'], AGE: [60, 'yr'], CRCL: [90, 'mL/min'],
  TS0: [1, 'g'], SLD0: [80, 'mm'],
  SCR: [0.9, 'mg/dL'], ALB: [3.9, 'g/dL'], ALP: [100, '1'], AAG: [1.34, 'g/L'],
  LDH: [225.5, '1'], NTARGET: [3, '1'], DPYD_AS: [2, '1'],
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

/** The test job for `model` (6 patients, 42 days; `nPatients` can be changed on the result). */
export function jobFor(model: ModelIR): EnsembleJob {
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

