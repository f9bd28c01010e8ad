/**
 * The reference benchmark workload, as hand-written IR (to be replaced by the YAML models later):
 * docetaxel 3-compartment PK (closed-form linear subsystem) driving Friberg neutropenia and Simeoni
 * tumour growth inhibition, with lognormal IIV, two regimens over 126 days. Internal units: mg, L, h.
 *
 * Sources (see /work/shared/research/models.md):
 * - PK: Bruno-type microconstants used with the Friberg model in radivot/myelo `inst/doc/fribergPars02.R`
 *   (attributed to Bruno 1996): V1 7.4 L, k10 5.2, k12 1.06, k21 1.51, k13 1.26, k31 0.084 h^-1. [R6]
 * - Friberg 2002 (JCO 20:4713) docetaxel neutrophils, linear drug effect, same source [R6]:
 *   Circ0 5.05e9/L, MTT 88.7 h, gamma 0.161, Slope 8.58 µM^-1 on C[µM] = C[mg/L]/0.80788 (MW 807.88).
 * - Simeoni 2004 (Cancer Res 64:1094), paclitaxel experiment 1, nlmixr2lib
 *   `oncology_xenograft_simeoni_2004.R` [R11]: lambda0 0.273 day^-1, lambda1 0.814 g/day,
 *   k1 0.968 day^-1, k2 0.000629 (ng/mL)^-1 day^-1, psi 20; w0 1 g (benchmark choice).
 * - IIV: lognormal, 30% CV (ω² = ln(1 + 0.3²)) on k10, Circ0, MTT, Slope and lambda0 (benchmark
 *   choice, "~30% CV"); BSA lognormal around 1.8 m² (8% CV, benchmark choice).
 */
import { ir, type Expr, type ModelIR } from '../engine/common/ir.js';
import type { EnsembleJob, PlannedDose } from '../engine/common/job.js';

const r = ir.ref, n = ir.num;
const mul = (...xs: Expr[]): Expr => xs.reduce((a, b) => ir.op('*', a, b));
const add = (...xs: Expr[]): Expr => xs.reduce((a, b) => ir.op('+', a, b));
const sub = (a: Expr, b: Expr): Expr => ir.op('-', a, b);
const div = (a: Expr, b: Expr): Expr => ir.op('/', a, b);
const DAY = 24;
const ETAS = ['eta_k10', 'eta_Circ0', 'eta_MTT', 'eta_Slope', 'eta_lambda0'];
const OMEGA = Math.log(1 + 0.3 * 0.3);

function model(): ModelIR {
  const p = (name: string, value: number, unit: string): ModelIR['params'][number] => ({ name, value, unit });
  const params = [
    p('V1', 7.4, 'L'), p('k10', 5.2, '1/h'), p('k12', 1.06, '1/h'), p('k21', 1.51, '1/h'), p('k13', 1.26, '1/h'),
    p('k31', 0.084, '1/h'), p('Circ0', 5.05, '1e9/L'), p('MTT', 88.7, 'h'), p('gamma', 0.161, '1'),
    p('Slope', 8.58, '1/uM'), p('MW', 0.80788, 'mg/umol'),
    p('lambda0', 0.273 / DAY, '1/h'), p('lambda1', 0.814 / DAY, 'g/h'), p('k1', 0.968 / DAY, '1/h'),
    // 0.000629 (ng/mL)^-1 day^-1 = 0.629 (mg/L)^-1 day^-1.
    p('k2', 0.629 / DAY, 'L/mg/h'), p('psi', 20, '1'), p('w0', 1, 'g'),
  ];
  const ind = (name: string, base: string, eta: string): { name: string; expr: Expr } =>
    ({ name, expr: mul(r(base), ir.call('exp', r(eta))) });
  const ktr = r('ktr');
  const states = ['A1', 'A2', 'A3', 'Prol', 'T1', 'T2', 'T3', 'Circ', 'X1', 'X2', 'X3', 'X4'];
  const init: Record<string, Expr> = { Prol: r('Circ0i'), T1: r('Circ0i'), T2: r('Circ0i'), T3: r('Circ0i'), Circ: r('Circ0i'), X1: r('w0') };
  const odes: Expr[] = [
    add(ir.neg(mul(add(r('k10i'), r('k12'), r('k13')), r('A1'))), mul(r('k21'), r('A2')), mul(r('k31'), r('A3'))),
    sub(mul(r('k12'), r('A1')), mul(r('k21'), r('A2'))),
    sub(mul(r('k13'), r('A1')), mul(r('k31'), r('A3'))),
    sub(mul(ktr, r('Prol'), sub(n(1), r('Edrug')), ir.call('pow', div(r('Circ0i'), r('Circ')), r('gamma'))), mul(ktr, r('Prol'))),
    sub(mul(ktr, r('Prol')), mul(ktr, r('T1'))),
    sub(mul(ktr, r('T1')), mul(ktr, r('T2'))),
    sub(mul(ktr, r('T2')), mul(ktr, r('T3'))),
    sub(mul(ktr, r('T3')), mul(ktr, r('Circ'))),
    sub(div(mul(r('lambda0i'), r('X1')),
      ir.call('pow', add(n(1), ir.call('pow', mul(div(r('lambda0i'), r('lambda1')), r('W')), r('psi'))), div(n(1), r('psi')))),
    mul(r('k2'), r('Cp'), r('X1'))),
    sub(mul(r('k2'), r('Cp'), r('X1')), mul(r('k1'), r('X2'))),
    mul(r('k1'), sub(r('X2'), r('X3'))),
    mul(r('k1'), sub(r('X3'), r('X4'))),
  ];
  const z = n(0);
  return {
    name: 'docetaxel-friberg-simeoni (bench)', sourceHash: '', files: [], timeUnit: 'h', params,
    covariates: [], variability: { etas: ETAS, omega: ETAS.flatMap((_, i) => ETAS.map((__, j) => (i === j ? OMEGA : 0))) },
    individual: [
      ind('k10i', 'k10', 'eta_k10'), ind('Circ0i', 'Circ0', 'eta_Circ0'), ind('MTTi', 'MTT', 'eta_MTT'),
      ind('Slopei', 'Slope', 'eta_Slope'), ind('lambda0i', 'lambda0', 'eta_lambda0'),
      { name: 'ktr', expr: div(n(4), r('MTTi')) },
    ],
    states: states.map((s) => ({ name: s, unit: s.startsWith('A') ? 'mg' : s.startsWith('X') ? 'g' : '1e9/L', init: init[s] ?? n(0) })),
    derived: [
      { name: 'Cp', expr: div(r('A1'), r('V1')) },
      { name: 'Edrug', expr: mul(r('Slopei'), div(r('Cp'), r('MW'))) },
      { name: 'W', expr: add(r('X1'), r('X2'), r('X3'), r('X4')) },
    ],
    odes,
    outputs: [
      { name: 'ANC', expr: r('Circ'), unit: '1e9/L', scale: 1 },
      { name: 'tumour', expr: r('W'), unit: 'g', scale: 1 },
      { name: 'C', expr: r('Cp'), unit: 'mg/L', scale: 1 },
    ],
    doseTargets: [{ name: 'iv', state: 'A1', bioavailability: n(1), lag: n(0) }],
    linear: {
      states: ['A1', 'A2', 'A3'],
      k: [ir.neg(add(r('k10i'), r('k12'), r('k13'))), r('k21'), r('k31'), r('k12'), ir.neg(r('k21')), z, r('k13'), z, ir.neg(r('k31'))],
    },
  };
}

function regimen(name: string, mgPerM2: number, everyDays: number, count: number): EnsembleJob['regimens'][number] {
  const doses: PlannedDose[] = Array.from({ length: count }, (_, c) =>
    ({ time: c * everyDays * DAY, target: 0, level: 0, duration: n(1), cycle: c + 1 }));
  return { name, levels: [mul(n(mgPerM2), r('BSA'))], doses };
}

/** The reference job: nPatients × {100 mg/m² q3w ×6, 35 mg/m² weekly ×18}, 126 days, given rtol. */
export function referenceJob(nPatients: number, rtol: number): EnsembleJob {
  const m = model();
  const sd = Math.sqrt(OMEGA);
  const assigns = [
    { name: 'BSA', expr: mul(n(1.8), ir.call('exp', mul(n(0.08), ir.call('qnorm', ir.rand(0))))) },
    ...ETAS.map((e, k) => ({ name: e, expr: mul(n(sd), ir.call('qnorm', ir.rand(k + 1))) })),
  ];
  const horizon = 126 * DAY;
  return {
    model: m,
    population: { draws: ETAS.length + 1, assigns, report: ['BSA'] },
    regimens: [regimen('100 mg/m2 q3w x6', 100, 21, 6), regimen('35 mg/m2 weekly x18', 35, 7, 18)],
    grid: Float64Array.from({ length: 127 }, (_, d) => d * DAY),
    horizon,
    solver: {
      method: 'dopri5', rtol, atol: m.states.map((s) => (s.name.startsWith('A') ? 1e-9 : 1e-9)),
      hmax: horizon, h0: 1e-2, hmin: 1e-12, maxSteps: 200000, closedFormLinear: true,
    },
    summaries: [
      { kind: 'min', name: 'anc_nadir', output: 'ANC' },
      { kind: 'value_at', name: 'tumour_final', output: 'tumour', time: horizon },
      { kind: 'auc', name: 'auc', output: 'C' },
      { kind: 'time_below', name: 'grade4_time', output: 'ANC', threshold: 0.5 },
    ],
    quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
    nPatients,
    seed: { lo: 20260101, hi: 0 },
    trajectories: 0,
  };
}
