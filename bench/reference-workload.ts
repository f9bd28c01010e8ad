/**
 * The reference benchmark workload, as hand-written IR: docetaxel 3-compartment PK (closed-form
 * linear subsystem) driving Friberg neutropenia and Simeoni tumour growth inhibition, lognormal IIV,
 * two regimens over 126 days. Internal units: mg, L, h.
 *
 * It is the workload of the native yardstick `../shared/peers/ref12b.c` (the C program the bench
 * runs on the same patients, bench/native-peer.ts): the same structure, parameter values and IIV, so
 * the two differ only in the implementation. Benchmark choices, not a clinical model:
 * - PK: CL 36.7 L/h (ω 0.25), V1 7.4 L (ω 0.2), Q2 8.3 L/h, V2 6.0 L, Q3 10.8 L/h, V3 150 L;
 *   1-h infusions of 100 mg/m² q3w ×6 and 35 mg/m² weekly ×18; BSA 1.8 m² (ω 0.1).
 * - Friberg neutropenia (4 transit compartments incl. Circ, MTT split over ktr = 4/MTT): Circ0 5.05
 *   ×10⁹/L (ω 0.4), MTT 84.3 h (ω 0.2), γ 0.161, Slope 8.58 L/µmol (ω 0.5) on C/0.8079 mg/µmol.
 * - Simeoni tumour growth (ψ 20): λ0 0.01/24 h⁻¹ (ω 0.4), λ1 1/24 g/h, k1 0.5/24 h⁻¹,
 *   k2 0.02 L/mg/h (ω 0.5), w0 50 g (ω 0.5).
 * Patients are drawn by oncotwin's counter-based RNG; the peer reads them from a CSV of the values
 * this job reports (`report`, `param.*`), so both simulate the very same patients.
 */
import { ir, type Expr, type ModelIR } from '../engine/common/ir.js';
import type { EnsembleJob, PlannedDose } from '../engine/common/job.js';

const r = ir.ref, n = ir.num;
const mul = (...xs: Expr[]): Expr => xs.reduce((a, b) => ir.op('*', a, b));
const add = (...xs: Expr[]): Expr => xs.reduce((a, b) => ir.op('+', a, b));
const sub = (a: Expr, b: Expr): Expr => ir.op('-', a, b);
const div = (a: Expr, b: Expr): Expr => ir.op('/', a, b);
const DAY = 24;
/** Random effects and their standard deviations (log scale), as ref12b.c samples them. */
const IIV: [string, number][] = [['CL', 0.25], ['V1', 0.2], ['Circ0', 0.4], ['MTT', 0.2], ['slope', 0.5], ['l0', 0.4], ['k2', 0.5], ['w0', 0.5]];

/** The peer's patient-CSV columns, in its order, and the reported value each comes from. */
export const PEER_COLUMNS: [string, string][] = [
  ['BSA', 'BSA'], ['CL', 'param.CLi'], ['V1', 'param.V1i'], ['Q2', 'param.Q2i'], ['V2', 'param.V2i'], ['Q3', 'param.Q3i'],
  ['V3', 'param.V3i'], ['Circ0', 'param.Circ0i'], ['MTT', 'param.MTTi'], ['gam', 'param.gami'], ['slope', 'param.slopei'],
  ['l0', 'param.l0i'], ['l1', 'param.l1i'], ['k1', 'param.k1i'], ['k2', 'param.k2i'], ['w0', 'param.w0i'],
];

function model(): ModelIR {
  const p = (name: string, value: number, unit: string): ModelIR['params'][number] => ({ name, value, unit });
  const params = [
    p('CL', 36.7, 'L/h'), p('V1', 7.4, 'L'), p('Q2', 8.3, 'L/h'), p('V2', 6.0, 'L'), p('Q3', 10.8, 'L/h'), p('V3', 150, 'L'),
    p('Circ0', 5.05, '1e9/L'), p('MTT', 84.3, 'h'), p('gam', 0.161, '1'), p('slope', 8.58, 'L/umol'), p('MW', 0.8079, 'mg/umol'),
    p('l0', 0.01 / DAY, '1/h'), p('l1', 1.0 / DAY, 'g/h'), p('k1', 0.5 / DAY, '1/h'), p('k2', 0.02, 'L/mg/h'), p('psi', 20, '1'), p('w0', 50, 'g'),
  ];
  const withEta = new Set(IIV.map(([name]) => name));
  const individual = ['CL', 'V1', 'Q2', 'V2', 'Q3', 'V3', 'Circ0', 'MTT', 'gam', 'slope', 'l0', 'l1', 'k1', 'k2', 'w0'].map((name) => ({
    name: `${name}i`, expr: withEta.has(name) ? mul(r(name), ir.call('exp', r(`eta_${name}`))) : r(name),
  }));
  individual.push({ name: 'ktr', expr: div(n(4), r('MTTi')) });
  const ktr = r('ktr');
  const states = ['A1', 'A2', 'A3', 'Prol', 'T1', 'T2', 'T3', 'Circ', 'X1', 'X2', 'X3', 'X4'];
  const init: Record<string, Expr> = { Prol: r('Circ0i'), T1: r('Circ0i'), T2: r('Circ0i'), T3: r('Circ0i'), Circ: r('Circ0i'), X1: r('w0i') };
  const k = (a: string, b: string): Expr => div(r(`${a}i`), r(`${b}i`));
  const k10 = k('CL', 'V1'), k12 = k('Q2', 'V1'), k21 = k('Q2', 'V2'), k13 = k('Q3', 'V1'), k31 = k('Q3', 'V3');
  const odes: Expr[] = [
    add(ir.neg(mul(add(k10, k12, k13), r('A1'))), mul(k21, r('A2')), mul(k31, r('A3'))),
    sub(mul(k12, r('A1')), mul(k21, r('A2'))),
    sub(mul(k13, r('A1')), mul(k31, r('A3'))),
    // The peer floors Circ at 1e-9 in the feedback term; so does this model.
    sub(mul(ktr, r('Prol'), sub(n(1), r('Edrug')), ir.call('pow', div(r('Circ0i'), ir.call('max', r('Circ'), n(1e-9))), r('gami'))), mul(ktr, r('Prol'))),
    sub(mul(ktr, r('Prol')), mul(ktr, r('T1'))),
    sub(mul(ktr, r('T1')), mul(ktr, r('T2'))),
    sub(mul(ktr, r('T2')), mul(ktr, r('T3'))),
    sub(mul(ktr, r('T3')), mul(ktr, r('Circ'))),
    sub(div(mul(r('l0i'), r('X1')), ir.call('pow', add(n(1), ir.call('pow', mul(div(r('l0i'), r('l1i')), r('W')), r('psi'))), div(n(1), r('psi')))),
      mul(r('k2i'), r('Cp'), r('X1'))),
    sub(mul(r('k2i'), r('Cp'), r('X1')), mul(r('k1i'), r('X2'))),
    mul(r('k1i'), sub(r('X2'), r('X3'))),
    mul(r('k1i'), sub(r('X3'), r('X4'))),
  ];
  const z = n(0);
  return {
    name: 'docetaxel-friberg-simeoni (bench, ref12b)', sourceHash: '', files: [], timeUnit: 'h', params,
    covariates: [],
    variability: { etas: IIV.map(([e]) => `eta_${e}`), omega: IIV.flatMap(([, a], i) => IIV.map(([, b], j) => (i === j ? a * b : 0))) },
    individual,
    states: states.map((s) => ({ name: s, unit: s.startsWith('A') ? 'mg' : s.startsWith('X') ? 'g' : '1e9/L', init: init[s] ?? n(0) })),
    derived: [
      { name: 'Cp', expr: div(r('A1'), r('V1i')) },
      { name: 'Edrug', expr: mul(r('slopei'), div(r('Cp'), r('MW'))) },
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
      k: [ir.neg(add(k10, k12, k13)), k21, k31, k12, ir.neg(k21), z, k13, z, ir.neg(k31)],
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
  const assigns = [
    { name: 'BSA', expr: mul(n(1.8), ir.call('exp', mul(n(0.1), ir.call('qnorm', ir.rand(0))))) },
    ...IIV.map(([e, sd], k) => ({ name: `eta_${e}`, expr: mul(n(sd), ir.call('qnorm', ir.rand(k + 1))) })),
  ];
  const horizon = 126 * DAY;
  return {
    model: m,
    population: { draws: IIV.length + 1, assigns, report: ['BSA'] },
    regimens: [regimen('100 mg/m2 q3w x6', 100, 21, 6), regimen('35 mg/m2 weekly x18', 35, 7, 18)],
    grid: Float64Array.from({ length: 127 }, (_, d) => d * DAY),
    horizon,
    solver: {
      // The peer's tolerances: rtol, atol = rtol·1e-3 on every state.
      method: 'dopri5', rtol, atol: m.states.map(() => rtol * 1e-3),
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
