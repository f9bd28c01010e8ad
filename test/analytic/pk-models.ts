/**
 * Hand-built ModelIRs and jobs for the CPU tests: mammillary 1–3-compartment PK with optional oral
 * depot (lag, bioavailability), and the analytic central concentration by superposition of
 * exponentials (eigenvalues from closed-form quadratic/cubic formulas, independent of the kernel's
 * Faddeev–LeVerrier/Newton path).
 */
import { ir, type Expr, type ModelIR } from '../../engine/common/ir.js';
import type { EnsembleJob, PlannedDose, SolverSpec, SummarySpec } from '../../engine/common/job.js';

export interface PkSpec { V: number; k10: number; k12?: number; k21?: number; k13?: number; k31?: number; ka?: number; F?: number; lag?: number }

const r = ir.ref, n = ir.num;
const mul = (a: Expr, b: Expr): Expr => ir.op('*', a, b);
const add = (a: Expr, b: Expr): Expr => ir.op('+', a, b);

/** n-compartment model (cmt = 1..3) plus a depot when spec.ka is set. */
export function pkModel(cmt: 1 | 2 | 3, spec: PkSpec, linear = true): ModelIR {
  const names = ['V', 'k10', 'k12', 'k21', 'k13', 'k31', 'ka', 'F', 'lag'] as const;
  const params = names.map((nm) => ({ name: nm, value: spec[nm] ?? (nm === 'F' ? 1 : 0), unit: '' }));
  const oral = spec.ka !== undefined;
  const st = [...(oral ? ['depot'] : []), 'A1', ...(cmt >= 2 ? ['A2'] : []), ...(cmt >= 3 ? ['A3'] : [])];
  const kel = cmt === 1 ? r('k10') : cmt === 2 ? add(r('k10'), r('k12')) : add(add(r('k10'), r('k12')), r('k13'));
  let a1: Expr = ir.neg(mul(kel, r('A1')));
  if (oral) a1 = add(a1, mul(r('ka'), r('depot')));
  if (cmt >= 2) a1 = add(a1, mul(r('k21'), r('A2')));
  if (cmt >= 3) a1 = add(a1, mul(r('k31'), r('A3')));
  const odes: Record<string, Expr> = {
    depot: ir.neg(mul(r('ka'), r('depot'))), A1: a1,
    A2: ir.op('-', mul(r('k12'), r('A1')), mul(r('k21'), r('A2'))),
    A3: ir.op('-', mul(r('k13'), r('A1')), mul(r('k31'), r('A3'))),
  };
  // Jacobian entries d(dx_i/dt)/dx_j.
  const jac = (i: string, j: string): Expr => {
    if (i === 'depot') return j === 'depot' ? ir.neg(r('ka')) : n(0);
    if (i === 'A1') return j === 'A1' ? ir.neg(kel) : j === 'depot' ? r('ka') : j === 'A2' ? r('k21') : j === 'A3' ? r('k31') : n(0);
    if (i === 'A2') return j === 'A1' ? r('k12') : j === 'A2' ? ir.neg(r('k21')) : n(0);
    return j === 'A1' ? r('k13') : j === 'A3' ? ir.neg(r('k31')) : n(0);
  };
  return {
    name: `pk${cmt}${oral ? 'oral' : ''}`, sourceHash: '', files: [], timeUnit: 'h', params, covariates: [],
    variability: { etas: [], omega: [] }, individual: [],
    states: st.map((s) => ({ name: s, unit: 'mg', init: n(0) })),
    derived: [{ name: 'C', expr: ir.op('/', r('A1'), r('V')) }],
    odes: st.map((s) => odes[s]),
    outputs: [{ name: 'C', expr: r('C'), unit: 'mg/L', scale: 1 }],
    doseTargets: [
      { name: 'iv', state: 'A1', bioavailability: n(1), lag: n(0) },
      ...(oral ? [{ name: 'oral', state: 'depot', bioavailability: r('F'), lag: r('lag') }] : []),
    ],
    linear: linear ? { states: st, k: st.flatMap((i) => st.map((j) => jac(i, j))) } : undefined,
  };
}

export function solver(over: Partial<SolverSpec> = {}, nStates = 4): SolverSpec {
  return {
    method: 'dopri5', rtol: 1e-9, atol: Array(nStates).fill(1e-12), hmax: 1e9, h0: 1e-3, hmin: 1e-14,
    maxSteps: 1e6, closedFormLinear: true, ...over,
  };
}

/** A job with no randomness: the model's typical patient, repeated nPatients times. */
export function makeJob(model: ModelIR, doses: { time: number; amount: number; dur?: number; target?: number }[],
  o: { grid: number[]; horizon: number; summaries?: SummarySpec[]; solver?: Partial<SolverSpec>; nPatients?: number }): EnsembleJob {
  const planned: PlannedDose[] = doses.map((d) => ({ time: d.time, target: d.target ?? 0, level: 0, duration: n(d.dur ?? 0), cycle: 1 }));
  return {
    model,
    population: { draws: 0, assigns: [], report: [] },
    regimens: [{ name: 'A', levels: doses.length ? [n(doses[0].amount)] : [n(0)], doses: planned }],
    grid: Float64Array.from(o.grid), horizon: o.horizon,
    solver: solver(o.solver, model.states.length),
    summaries: o.summaries ?? [], quantiles: [0.5], nPatients: o.nPatients ?? 1,
    seed: { lo: 1, hi: 0 }, trajectories: o.nPatients ?? 1,
  };
}

/** Eigenvalues (positive decay rates) and unit-bolus central-amount coefficients. */
function impulse(cmt: number, s: PkSpec): { lam: number[]; c: number[] } {
  const { k10 } = s, k12 = s.k12 ?? 0, k21 = s.k21 ?? 0, k13 = s.k13 ?? 0, k31 = s.k31 ?? 0;
  if (cmt === 1) return { lam: [k10], c: [1] };
  if (cmt === 2) {
    const sum = k10 + k12 + k21, d = Math.sqrt(sum * sum - 4 * k10 * k21);
    const a = (sum + d) / 2, b = (sum - d) / 2;
    return { lam: [a, b], c: [(a - k21) / (a - b), (k21 - b) / (a - b)] };
  }
  // Cubic λ³ − a2λ² + a1λ − a0 = 0, trigonometric solution (all roots real).
  const a0 = k10 * k21 * k31, a1 = k10 * k31 + k21 * k31 + k21 * k13 + k10 * k21 + k31 * k12;
  const a2 = k10 + k12 + k13 + k21 + k31;
  const p = a1 - a2 * a2 / 3, q = -2 * a2 ** 3 / 27 + a1 * a2 / 3 - a0;
  const m = 2 * Math.sqrt(-p / 3), th = Math.acos((3 * q / (p * m))) / 3;
  const lam = [0, 1, 2].map((k) => a2 / 3 + m * Math.cos(th - 2 * Math.PI * k / 3));
  const c = lam.map((l, i) => {
    const others = lam.filter((_, j) => j !== i);
    return ((k21 - l) * (k31 - l)) / ((others[0] - l) * (others[1] - l));
  });
  return { lam, c };
}

/** Analytic central concentration at t for the given doses (superposition). */
export function analyticC(cmt: number, s: PkSpec, doses: { time: number; amount: number; dur?: number; target?: number }[], t: number): number {
  const { lam, c } = impulse(cmt, s);
  let amt = 0;
  for (const d of doses) {
    const oral = (d.target ?? 0) === 1;
    const t0 = d.time + (oral ? s.lag ?? 0 : 0);
    if (t < t0) continue;
    const tau = t - t0;
    lam.forEach((l, i) => {
      if (oral) {
        const ka = s.ka!, F = s.F ?? 1;
        amt += F * d.amount * ka * c[i] * (Math.exp(-l * tau) - Math.exp(-ka * tau)) / (ka - l);
      } else if (d.dur && d.dur > 0) {
        const R = d.amount / d.dur;
        amt += tau <= d.dur ? R * c[i] / l * (1 - Math.exp(-l * tau))
          : R * c[i] / l * (Math.exp(l * d.dur) - 1) * Math.exp(-l * tau);
      } else amt += d.amount * c[i] * Math.exp(-l * tau);
    });
  }
  return amt / s.V;
}
