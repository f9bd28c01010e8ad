/**
 * Hand-built ModelIRs and jobs for the WebGPU tests (built with the `ir` helpers, independent of the
 * model loader and job builder), and the GPU-or-skip rule: under CI a missing adapter fails.
 */
import { ir, type Expr, type ModelIR, type ParamIR } from '../../../engine/common/ir.js';
import type { EnsembleJob, PlannedDose, SummarySpec } from '../../../engine/common/job.js';
import { getNodeGpu } from '../../../engine/node/webgpu-node.js';
import { createWebGpuBackend, type WebGpuBackendOptions } from '../../../engine/backends/webgpu/webgpu-backend.js';
import type { SimBackend } from '../../../engine/backends/backend.js';

const { num, ref, op, neg } = ir;
const mul = (a: Expr, b: Expr) => op('*', a, b);
const div = (a: Expr, b: Expr) => op('/', a, b);
const sub = (a: Expr, b: Expr) => op('-', a, b);
const add = (a: Expr, b: Expr) => op('+', a, b);

/** The backend, or a reason to skip (a failure under CI, where the GPU path must be exercised). */
export async function gpuBackend(opts?: WebGpuBackendOptions): Promise<SimBackend | string> {
  const gpu = getNodeGpu();
  try {
    if (gpu instanceof Error) throw gpu;
    return await createWebGpuBackend(gpu, opts);
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    const reason = `WebGPU tests skipped: ${(e as Error).message}`;
    console.warn(reason);
    return reason;
  }
}

export interface CmtOptions {
  /** Number of compartments (1–3). */
  n: 1 | 2 | 3;
  /** Oral absorption (depot state with first-order ka) instead of dosing into the central compartment. */
  oral?: { ka: number; lag: number; F: number };
  /** Include the linear-subsystem annotation (closed form). */
  linear?: boolean;
}

/** Mammillary 1–3 compartment PK model: CL, V1, Q2, V2, Q3, V3 (L, L/h); output C = A1/V1 in mg/L. */
export function cmtModel(o: CmtOptions): ModelIR {
  const params = [['CL', 5], ['V1', 50], ['Q2', 10], ['V2', 80], ['Q3', 2], ['V3', 200]] as const;
  const pk = params.slice(0, 2 * o.n);
  const k = (name: string) => ref(`i_${name}`);
  const rate = (a: string, b: string) => div(k(a), k(b));
  const states = ['A1', 'A2', 'A3'].slice(0, o.n);
  const odes: Expr[] = [];
  let central: Expr = neg(mul(rate('CL', 'V1'), ref('A1')));
  for (let c = 2; c <= o.n; c++) {
    central = add(central, sub(mul(rate(`Q${c}`, `V${c}`), ref(`A${c}`)), mul(rate(`Q${c}`, 'V1'), ref('A1'))));
  }
  odes.push(o.oral ? add(central, mul(k('ka'), ref('Ad'))) : central);
  for (let c = 2; c <= o.n; c++) odes.push(sub(mul(rate(`Q${c}`, 'V1'), ref('A1')), mul(rate(`Q${c}`, `V${c}`), ref(`A${c}`))));
  // K matrix of the central/peripheral block (row-major).
  const K: Expr[] = [];
  for (let r = 1; r <= o.n; r++) {
    for (let c = 1; c <= o.n; c++) {
      if (r === 1 && c === 1) {
        let d: Expr = neg(rate('CL', 'V1'));
        for (let j = 2; j <= o.n; j++) d = sub(d, rate(`Q${j}`, 'V1'));
        K.push(d);
      } else if (r === 1) K.push(rate(`Q${c}`, `V${c}`));
      else if (c === 1) K.push(rate(`Q${r}`, 'V1'));
      else K.push(r === c ? neg(rate(`Q${r}`, `V${r}`)) : num(0));
    }
  }
  const allStates = [...states, ...(o.oral ? ['Ad'] : [])];
  if (o.oral) odes.push(neg(mul(k('ka'), ref('Ad'))));
  // The depot feeds the central compartment, so it belongs to the linear subsystem (IR rule).
  const nl = allStates.length;
  const KL: Expr[] = [];
  for (let r = 0; r < nl; r++) {
    for (let c = 0; c < nl; c++) {
      if (r < o.n && c < o.n) KL.push(K[r * o.n + c]);
      else if (r === 0 && c === o.n) KL.push(k('ka'));
      else if (r === o.n && c === o.n) KL.push(neg(k('ka')));
      else KL.push(num(0));
    }
  }
  const individual = pk.map(([n]) => ({ name: `i_${n}`, expr: n === 'CL' ? mul(ref('CL'), ir.call('exp', ref('eta_CL'))) : ref(n) }));
  if (o.oral) individual.push({ name: 'i_ka', expr: ref('KA') }, { name: 'i_lag', expr: ref('LAG') }, { name: 'i_F', expr: ref('F') });
  const p: ParamIR[] = pk.map(([name, value]) => ({ name, value, unit: '' }));
  if (o.oral) p.push({ name: 'KA', value: o.oral.ka, unit: '' }, { name: 'LAG', value: o.oral.lag, unit: '' }, { name: 'F', value: o.oral.F, unit: '' });
  return {
    name: `pk${o.n}${o.oral ? '-oral' : ''}`, sourceHash: 'test', files: [], timeUnit: 'h',
    params: p, covariates: [], variability: { etas: ['eta_CL'], omega: [0.09] },
    individual,
    states: allStates.map((s) => ({ name: s, unit: 'mg', init: num(0) })),
    derived: [], odes,
    outputs: [{ name: 'C', expr: div(ref('A1'), k('V1')), unit: 'mg/L', scale: 1 }],
    doseTargets: [o.oral
      ? { name: 'oral', state: 'Ad', bioavailability: k('F'), lag: k('lag') }
      : { name: 'iv', state: 'A1', bioavailability: num(1), lag: num(0) }],
    linear: o.linear === false ? undefined : { states: allStates, k: KL },
  };
}

export interface JobOptions {
  nPatients?: number;
  doses?: { time: number; amount: number; duration?: number }[];
  horizon?: number;
  gridStep?: number;
  omega?: number;
  summaries?: SummarySpec[];
  trajectories?: number;
  rtol?: number;
  closedForm?: boolean;
  method?: 'dopri5' | 'rk4';
  hmax?: number;
}

/** A job over `model`: eta_CL = sqrt(omega)·qnorm(rand 0); one regimen of the given doses. */
export function makeJob(model: ModelIR, o: JobOptions = {}): EnsembleJob {
  const horizon = o.horizon ?? 48;
  const step = o.gridStep ?? 1;
  const grid = Float64Array.from({ length: Math.floor(horizon / step) + 1 }, (_, i) => i * step);
  const doses = o.doses ?? [{ time: 0, amount: 100 }];
  const levels = doses.map((d) => num(d.amount));
  const planned: PlannedDose[] = doses.map((d, i) => ({ time: d.time, target: 0, level: i, duration: num(d.duration ?? 0), cycle: 1 }));
  return {
    model,
    population: {
      draws: 1,
      assigns: [{ name: 'eta_CL', expr: mul(num(Math.sqrt(o.omega ?? 0)), ir.call('qnorm', ir.rand(0))) }],
      report: ['eta_CL'],
    },
    regimens: [{ name: 'A', levels, doses: planned }],
    grid, horizon,
    solver: {
      method: o.method ?? 'dopri5', rtol: o.rtol ?? 1e-6, atol: model.states.map(() => 1e-9), hmax: o.hmax ?? 24,
      h0: 0.01, hmin: 1e-9, maxSteps: 100000, closedFormLinear: o.closedForm ?? true,
    },
    summaries: o.summaries ?? [],
    quantiles: [0.05, 0.5, 0.95],
    nPatients: o.nPatients ?? 64,
    seed: { lo: 12345, hi: 0 },
    trajectories: o.trajectories ?? (o.nPatients ?? 64),
  };
}

/** Relative error with an absolute floor, for comparing against analytic values. */
export function relErr(got: number, want: number, floor = 1e-6): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), floor);
}

/** Parameters of the Michaelis–Menten / turnover test model. */
export const MM = { V: 40, VMAX: 12, KM: 1.5, KIN: 10, KOUT: 0.1, IMAX: 0.9, IC50: 0.8 };

/** A (mg) with MM elimination; R with inhibited production; outputs C (mg/L) and R. */
export function mmModel(): ModelIR {
  const { num, ref, op } = ir;
  const C: Expr = op('/', ref('A'), ref('V'));
  return {
    name: 'mm-turnover', sourceHash: 'test', files: [], timeUnit: 'h',
    params: Object.entries(MM).map(([name, value]) => ({ name, value, unit: '' })),
    covariates: [], variability: { etas: ['eta_CL'], omega: [0] },
    individual: [{ name: 'VMAXi', expr: op('*', ref('VMAX'), ir.call('exp', ref('eta_CL'))) }],
    states: [{ name: 'A', unit: 'mg', init: num(0) }, { name: 'R', unit: '1', init: op('/', ref('KIN'), ref('KOUT')) }],
    derived: [{ name: 'Cc', expr: C }],
    odes: [
      op('-', num(0), op('/', op('*', ref('VMAXi'), ref('Cc')), op('+', ref('KM'), ref('Cc')))),
      op('-', op('*', ref('KIN'), op('-', num(1), op('/', op('*', ref('IMAX'), ref('Cc')), op('+', ref('IC50'), ref('Cc'))))), op('*', ref('KOUT'), ref('R'))),
    ],
    outputs: [
      { name: 'C', expr: ref('Cc'), unit: 'mg/L', scale: 1 },
      { name: 'R', expr: ref('R'), unit: '1', scale: 1 },
    ],
    doseTargets: [{ name: 'iv', state: 'A', bioavailability: num(1), lag: num(0) }],
  };
}

