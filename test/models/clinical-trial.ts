/**
 * A virtual-trial harness for the calibration and external checks of the clinical models
 * (docs/VALIDATION.md): sampled patients (covariates with their sources stated by the caller, etas
 * from the model's Ω), arms with doses into any of the model's dose targets (combination regimens,
 * which scenario files cannot express yet), RECIST 1.1 assessments, and survival from the model's
 * survival file — all computed by the engine's own endpoint code (computeEndpoints), on the CPU.
 */
import { join } from 'node:path';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { computeEndpoints, loadSurvivalSpec, survivalSummaries, type EndpointsResult } from '../../engine/common/endpoints/index.js';
import { evalAssigns } from '../../engine/common/ir-eval.js';
import { ir, type Assign, type Expr, type ModelIR } from '../../engine/common/ir.js';
import type { EnsembleJob, PlannedDose, SummarySpec } from '../../engine/common/job.js';
import { cholesky } from '../../engine/common/population/cholesky.js';
import { pnorm, patientUniforms } from '../../engine/common/rng/index.js';
import { toInternal } from '../../engine/common/units/index.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';
import { root } from './model-job.js';
import { libraryModel } from './reference-job.js';

/** A sampled covariate; values in `unit`. Truncation re-maps the uniform (no rejection). */
export type CovariateDef =
  | { name: string; dist: 'normal'; mean: number; sd: number; lo: number; hi: number; unit: string }
  | { name: string; dist: 'lognormal'; median: number; cv: number; lo: number; hi: number; unit: string }
  | { name: string; dist: 'bernoulli'; p: number }
  | { name: string; dist: 'constant'; value: number; unit: string };

/** One administration: day (1 = first), dose target, amount (mg, an expression over user-unit covariates via `v`). */
export interface TrialDose {
  day: number;
  target: string;
  mg: (v: (name: string) => Expr) => Expr;
  infusionMin?: number;
}

export interface TrialSpec {
  model: string;
  survival: string;
  covariates: CovariateDef[];
  /** Derived covariates in user units (BSA m², CRCL mL/min), from earlier ones via `v`. */
  derived?: { name: string; unit: string; expr: (v: (name: string) => Expr) => Expr }[];
  arms: { name: string; doses: TrialDose[] }[];
  nPatients: number;
  seed: number;
  horizonDays: number;
  /** RECIST output (mm), assessment interval, confirmation of responses. */
  recist: { output: string; everyDays: number; confirm: boolean };
  /** Neutrophil output (×10⁹/L) for CTCAE grades, when the model has one. */
  neutropenia?: { output: string };
  followUpDays: number;
}

export interface TrialRun {
  model: ModelIR;
  endpoints: EndpointsResult;
  failed: number[];
}

const backend = createCpuBackend({ threads: 0 });

function population(spec: TrialSpec, model: ModelIR): { assigns: Assign[]; draws: number; user: Map<string, string> } {
  const tu = model.timeUnit;
  const assigns: Assign[] = [];
  const user = new Map<string, string>();
  /** A covariate in its user unit, from its internal value. */
  const v = (name: string): Expr => ir.op('/', ir.ref(name), ir.num(toInternal(1, user.get(name) ?? '1', tu)));
  spec.covariates.forEach((c, k) => {
    const u = ir.rand(k);
    let x: Expr;
    if (c.dist === 'bernoulli') { user.set(c.name, '1'); assigns.push({ name: c.name, expr: ir.op('<', u, ir.num(c.p)) }); return; }
    if (c.dist === 'constant') x = ir.num(c.value);
    else if (c.dist === 'normal') {
      const pa = pnorm((c.lo - c.mean) / c.sd), pb = pnorm((c.hi - c.mean) / c.sd);
      x = ir.op('+', ir.num(c.mean), ir.op('*', ir.num(c.sd), ir.call('qnorm', ir.op('+', ir.num(pa), ir.op('*', u, ir.num(pb - pa))))));
    } else {
      const s = Math.sqrt(Math.log(1 + c.cv * c.cv));
      const pa = pnorm(Math.log(c.lo / c.median) / s), pb = pnorm(Math.log(c.hi / c.median) / s);
      x = ir.op('*', ir.num(c.median), ir.call('exp', ir.op('*', ir.num(s), ir.call('qnorm', ir.op('+', ir.num(pa), ir.op('*', u, ir.num(pb - pa)))))));
    }
    user.set(c.name, c.unit);
    assigns.push({ name: c.name, expr: ir.op('*', x, ir.num(toInternal(1, c.unit, tu))) });
  });
  for (const d of spec.derived ?? []) {
    const e = d.expr(v);
    user.set(d.name, d.unit);
    assigns.push({ name: d.name, expr: ir.op('*', e, ir.num(toInternal(1, d.unit, tu))) });
  }
  const { etas, omega } = model.variability;
  const l = cholesky(omega, etas.length);
  if (!l) throw new Error(`${model.name}: Ω is not positive semi-definite`);
  const base = spec.covariates.length;
  etas.forEach((name, j) => {
    let e: Expr = ir.num(0);
    for (let k = 0; k <= j; k++) if (l[j * etas.length + k] !== 0) e = ir.op('+', e, ir.op('*', ir.num(l[j * etas.length + k]), ir.call('qnorm', ir.rand(base + k))));
    assigns.push({ name, expr: e });
  });
  return { assigns, draws: base + etas.length, user };
}

/** Runs the trial on the CPU backend and computes RECIST, PFS, OS and paired hazard ratios. */
export async function runTrial(spec: TrialSpec): Promise<TrialRun> {
  const model = await libraryModel(spec.model);
  const host = new NodeFileHost();
  const survival = await loadSurvivalSpec(join(root, 'models', 'survival', spec.survival), host, model);
  const tu = model.timeUnit;
  const day = toInternal(1, 'd', tu);
  const horizon = spec.horizonDays * day;
  const pop = population(spec, model);
  const v = (name: string): Expr => ir.op('/', ir.ref(name), ir.num(toInternal(1, pop.user.get(name) ?? '1', tu)));
  const regimens = spec.arms.map((arm) => {
    const levels: Expr[] = [];
    const doses: PlannedDose[] = arm.doses.map((d) => {
      const target = model.doseTargets.findIndex((t) => t.name === d.target);
      if (target < 0) throw new Error(`${model.name} has no dose target ${d.target}`);
      levels.push(ir.op('*', d.mg(v), ir.num(toInternal(1, 'mg', tu))));
      // Cycle numbers serve per-cycle endpoints only, which these trials do not request; 21-day cycles assumed.
      return { time: (d.day - 1) * day, target, level: levels.length - 1, duration: ir.num(((d.infusionMin ?? 0) / 1440) * day), cycle: Math.floor((d.day - 1) / 21) + 1 };
    }).sort((a, b) => a.time - b.time);
    return { name: arm.name, levels, doses };
  });
  const times: number[] = [];
  for (let t = 0; t <= spec.horizonDays + 1e-9; t += spec.recist.everyDays) times.push(t * day);
  const summaries: SummarySpec[] = [
    ...times.map((time, k) => ({ kind: 'value_at' as const, name: `recist.${k}`, output: spec.recist.output, time })),
    ...survivalSummaries(survival, horizon),
    ...(spec.neutropenia ? [
      { kind: 'min' as const, name: 'neutropenia.nadir', output: spec.neutropenia.output },
      { kind: 'time_below' as const, name: 'neutropenia.g3_time', output: spec.neutropenia.output, threshold: 1.0 },
      { kind: 'time_below' as const, name: 'neutropenia.g4_time', output: spec.neutropenia.output, threshold: 0.5 },
    ] : []),
  ];
  const job: EnsembleJob = {
    model, population: { draws: pop.draws, assigns: pop.assigns, report: [] }, regimens,
    grid: Float64Array.from([0, horizon]), horizon,
    solver: { method: 'dopri5', rtol: 1e-6, atol: model.states.map((s) => s.atol ?? 1e-9), hmax: 7 * day, h0: 1e-4 * day, hmin: 1e-12 * horizon, maxSteps: 2_000_000, closedFormLinear: true },
    summaries, quantiles: [0.5], nPatients: spec.nPatients, seed: { lo: spec.seed, hi: 0 }, trajectories: 0,
  };
  const res = await backend.run(job);
  // Covariate columns for the survival file, in user units, from the same draws the kernel used.
  const columns: Record<string, Float64Array> = {};
  for (const name of pop.user.keys()) columns[name] = new Float64Array(spec.nPatients);
  const u = new Float64Array(pop.draws);
  for (let i = 0; i < spec.nPatients; i++) {
    patientUniforms(job.seed, i, pop.draws, u);
    const vals = evalAssigns(pop.assigns, new Map(), (k) => u[k]);
    for (const [name, unit] of pop.user) columns[name][i] = vals.get(name)! / toInternal(1, unit, tu);
  }
  const endpoints = computeEndpoints(
    {
      recist: { output: spec.recist.output, measure: 'diameter', factor: 1, times, confirm: spec.recist.confirm, sdMin: 0, dayLength: day },
      neutropenia: spec.neutropenia ? { output: spec.neutropenia.output, lln: 2, toGiga: 1, cycles: 0 } : undefined,
    },
    res.regimens,
    { spec: survival, covariates: columns, seed: job.seed, horizon, modelDays: 1 / day, followUpDays: spec.followUpDays },
  );
  return { model, endpoints, failed: res.regimens.map((r) => r.failed.filter((f) => f !== 0).length) };
}

/** A one-line summary per arm (days → months at 30.4375 d). */
export function describeTrial(run: TrialRun): string[] {
  const m = (d: number) => (d / 30.4375).toFixed(1);
  const r = run.endpoints.recist!;
  const s = run.endpoints.survival!;
  return r.regimens.map((a, k) => {
    const os = s.regimens[k].os.median, pfs = a.pfs!.median;
    const hr = k > 0 ? ` | HR OS ${s.comparisons[k - 1].os.hr.toFixed(2)} (${s.comparisons[k - 1].os.lo.toFixed(2)}–${s.comparisons[k - 1].os.hi.toFixed(2)}), HR PFS ${r.comparisons[k - 1].pfs!.hr.toFixed(2)} (${r.comparisons[k - 1].pfs!.lo.toFixed(2)}–${r.comparisons[k - 1].pfs!.hi.toFixed(2)})` : '';
    const n = run.endpoints.neutropenia?.regimens[k];
    const tox = n ? `, grade 4 neutropenia ${(100 * n.grade4.p).toFixed(1)}% (${(100 * n.grade4.lo).toFixed(1)}–${(100 * n.grade4.hi).toFixed(1)}), grade ≥3 ${(100 * n.grade3plus.p).toFixed(1)}%` : '';
    return `${a.name}: ORR ${(100 * a.orr.p).toFixed(1)}% (${(100 * a.orr.lo).toFixed(1)}–${(100 * a.orr.hi).toFixed(1)})${tox}, `
      + `median PFS ${m(pfs.median)} mo (${m(pfs.lo)}–${m(pfs.hi)}), median OS ${m(os.median)} mo (${m(os.lo)}–${m(os.hi)}), failed ${run.failed[k]}${hr}`;
  });
}
