/**
 * A nonlinear model (Michaelis–Menten elimination) against an independent solver (the npm package
 * ode-rk4, fine fixed step), the RK4 reference method against DOPRI5, and failure flagging.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { ir, type ModelIR } from '../../engine/common/ir.js';
import { FAILURE } from '../../engine/common/job.js';
import { makeJob } from './pk-models.js';
import { SKETCH_ALPHA } from '../../engine/kernel/sketch.js';

type Rk4 = { y: number[]; t: number; steps(n: number): void };
const rk4 = createRequire(import.meta.url)('ode-rk4') as (y0: number[], f: (d: number[], y: number[], t: number) => void, t0: number, dt: number) => Rk4;
const backend = createCpuBackend({ threads: 0 });
const r = ir.ref;

const Vmax = 20, Km = 2, V = 10;
function mmModel(): ModelIR {
  return {
    name: 'mm', sourceHash: '', files: [], timeUnit: 'h', covariates: [], variability: { etas: [], omega: [] }, individual: [],
    params: [{ name: 'Vmax', value: Vmax, unit: 'mg/h' }, { name: 'Km', value: Km, unit: 'mg/L' }, { name: 'V', value: V, unit: 'L' }],
    states: [{ name: 'A', unit: 'mg', init: ir.num(0) }],
    derived: [{ name: 'C', expr: ir.op('/', r('A'), r('V')) }],
    odes: [ir.neg(ir.op('/', ir.op('*', r('Vmax'), r('C')), ir.op('+', r('Km'), r('C'))))],
    outputs: [{ name: 'C', expr: r('C'), unit: 'mg/L', scale: 1 }],
    doseTargets: [{ name: 'iv', state: 'A', bioavailability: ir.num(1), lag: ir.num(0) }],
  };
}

const grid = [0, 0.5, 1, 2, 4, 6, 8, 10, 12];
function reference(): number[] {
  const dt = 1e-3;
  const sol = rk4([200], (d, y) => { const c = y[0] / V; d[0] = -Vmax * c / (Km + c); }, 0, dt);
  return grid.map((g) => { sol.steps(Math.round((g - sol.t) / dt)); return sol.y[0] / V; });
}

describe('nonlinear model and solvers', () => {
  it('Michaelis–Menten elimination agrees with ode-rk4 to 1e-6', async () => {
    const want = reference();
    const res = (await backend.run(makeJob(mmModel(), [{ time: 0, amount: 200 }], { grid, horizon: 12 }))).regimens[0];
    want.forEach((w, g) => expect(Math.abs(res.trajectories!.values[g] / w - 1)).toBeLessThan(1e-6));
  });
  it('the fixed-step RK4 reference agrees with DOPRI5, and takes horizon/hmax steps', async () => {
    const dp = (await backend.run(makeJob(mmModel(), [{ time: 0, amount: 200 }], { grid, horizon: 12 }))).regimens[0];
    const rk = (await backend.run(makeJob(mmModel(), [{ time: 0, amount: 200 }], { grid, horizon: 12, solver: { method: 'rk4', hmax: 0.01 } }))).regimens[0];
    expect(rk.steps[0]).toBe(1200);
    grid.forEach((_, g) => expect(Math.abs(rk.trajectories!.values[g] / dp.trajectories!.values[g] - 1)).toBeLessThan(1e-7));
  });
  it('flags an exploding patient (dy/dt = y², blow-up at t = 1) with NaN summaries and keeps the others', async () => {
    const m: ModelIR = {
      ...mmModel(), name: 'blowup', params: [], derived: [],
      states: [{ name: 'y', unit: '1', init: r('y0') }], odes: [ir.op('*', r('y'), r('y'))],
      outputs: [{ name: 'y', expr: r('y'), unit: '1', scale: 1 }], doseTargets: [],
    };
    const job = makeJob(m, [], { grid: [0, 0.5, 2], horizon: 2, nPatients: 2, summaries: [{ kind: 'max', name: 'ymax', output: 'y' }] });
    job.population = { draws: 0, assigns: [{ name: 'y0', expr: r('table.y0') }], report: [], table: { columns: ['y0'], rows: 2, data: Float64Array.from([1, -1]) } };
    const res = (await backend.run(job)).regimens[0];
    expect([FAILURE.nonFinite, FAILURE.stepUnderflow]).toContain(res.failed[0]);
    expect(res.summaries.ymax[0]).toBeNaN();
    expect(res.failed[1]).toBe(FAILURE.ok);
    expect(res.summaries.ymax[1]).toBeCloseTo(-1 / 3, 9); // y = -1/(1+t), largest at t = 2
    // Median over the one healthy patient, within the quantile sketch's 0.5% (engine/kernel/sketch.ts).
    expect(Math.abs(res.quantiles[0].values[2 * 1] + 1 / 3)).toBeLessThanOrEqual(SKETCH_ALPHA / 3);
    job.solver.maxSteps = 5;
    expect((await backend.run(job)).regimens[0].failed[1]).toBe(FAILURE.tooManySteps);
  });
});
