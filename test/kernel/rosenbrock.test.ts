/**
 * The Rosenbrock (Rodas4) stepper (engine/kernel/program/rosenbrock.kl.ts) with the Jacobian generated
 * from the IR (engine/kernel/jacobian-code.ts), against references that do not use it:
 * - Robertson's chemical kinetics (the classic stiff test, Hairer & Wanner II §IV.1) against DOPRI5 at
 *   rtol 1e-10 over [0, 40], and its conservation law y1 + y2 + y3 = 1 to t = 4·10⁴;
 * - Prothero–Robinson y' = −k(y − sin t) + cos t, k = 10⁶ (exact solution sin t): a stiff,
 *   non-autonomous problem whose accuracy needs the ∂f/∂t term (without it the step end is off
 *   by ≈ 4e-6 at the same steps);
 * - nab-paclitaxel (Chen 2014, saturable distribution and elimination + Friberg ANC) against an
 *   independent RK4 integration (npm ode-rk4, plain-JS right-hand side from research/models.md);
 * - a closed-form PK driving a numerical PD (docetaxel-kloft2006), where the closed-form states'
 *   motion enters ∂f/∂t by the chain rule, against DOPRI5.
 */
import { nabPaclitaxelChen2014, NAB_CIRC0 } from '../models/independent-rhs.js';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { ir, type ModelIR } from '../../engine/common/ir.js';
import type { SolverSpec } from '../../engine/common/job.js';
import { makeJob } from '../analytic/pk-models.js';
import { grid, libraryModel, runTypical } from '../models/reference-job.js';

type Rk4 = { y: number[]; t: number; steps(n: number): void };
const rk4 = createRequire(import.meta.url)('ode-rk4') as (y0: number[], f: (d: number[], y: number[], t: number) => void, t0: number, dt: number) => Rk4;
const backend = createCpuBackend({ threads: 0 });
const { ref: r, num: n, op, neg, call } = ir;

function model(name: string, p: Record<string, number>, states: [string, ModelIR['states'][0]['init']][], odes: ModelIR['odes'],
  outputs: [string, ModelIR['outputs'][0]['expr']][], derived: ModelIR['derived'] = []): ModelIR {
  return {
    name, sourceHash: '', files: [], timeUnit: 'h', covariates: [], variability: { etas: [], omega: [] }, individual: [],
    params: Object.entries(p).map(([k, v]) => ({ name: k, value: v, unit: '1' })),
    states: states.map(([s, init]) => ({ name: s, unit: '1', init })), derived, odes,
    outputs: outputs.map(([o, expr]) => ({ name: o, expr, unit: '1', scale: 1 })), doseTargets: [],
  };
}

/** Robertson: y1' = −k1 y1 + k3 y2 y3, y2' = k1 y1 − k3 y2 y3 − k2 y2², y3' = k2 y2². */
const robertson = model('robertson', { k1: 0.04, k2: 3e7, k3: 1e4 },
  [['y1', n(1)], ['y2', n(0)], ['y3', n(0)]],
  [op('+', neg(r('r1')), r('r3')), op('-', op('-', r('r1'), r('r3')), op('*', r('k2'), op('^', r('y2'), n(2)))), op('*', r('k2'), op('^', r('y2'), n(2)))],
  [['y1', r('y1')], ['y2', r('y2')], ['mass', op('+', op('+', r('y1'), r('y2')), r('y3'))]],
  [{ name: 'r1', expr: op('*', r('k1'), r('y1')) }, { name: 'r3', expr: op('*', op('*', r('k3'), r('y2')), r('y3')) }]);

async function run(m: ModelIR, g: number[], solver: Partial<SolverSpec>) {
  const res = (await backend.run(makeJob(m, [], { grid: g, horizon: g[g.length - 1], solver: { maxSteps: 5e6, hmax: g[g.length - 1], ...solver } }))).regimens[0];
  expect(res.failed[0]).toBe(0);
  const G = g.length;
  return { steps: res.steps[0], out: (k: number) => Array.from(res.trajectories!.values.subarray(k * G, (k + 1) * G)) };
}

describe('Rosenbrock (Rodas4) stepper', () => {
  it('Robertson: agrees with DOPRI5 at rtol 1e-10 to 1e-7 over [0, 40], conserves mass to 4e4 in < 400 steps', async () => {
    const atol = [1e-12, 1e-16, 1e-12];
    const g = [0, 0.04, 0.4, 4, 40];
    const ref = await run(robertson, g, { method: 'dopri5', rtol: 1e-10, atol });
    const ros = await run(robertson, g, { method: 'rosenbrock', rtol: 1e-8, atol });
    for (const k of [0, 1]) g.forEach((_, i) => expect(Math.abs(ros.out(k)[i] - ref.out(k)[i]) / ref.out(k)[i] || 0).toBeLessThan(1e-7));
    const long = await run(robertson, [0, 4, 400, 4e4], { method: 'rosenbrock', rtol: 1e-6, atol: [1e-10, 1e-14, 1e-10] });
    expect(long.steps).toBeLessThan(400);
    for (const v of long.out(2)) expect(Math.abs(v - 1)).toBeLessThan(1e-9);
    // y1(4·10⁴) ≈ 0.0389834, the value stiff-solver test sets quote for Robertson's problem.
    expect(long.out(0)[3]).toBeCloseTo(0.0389834, 6);
  });

  it('Prothero–Robinson (k = 1e6): step ends on sin t to 1e-7 in few steps (needs ∂f/∂t), dense output to its order', async () => {
    const pr = model('prothero-robinson', { k: 1e6 }, [['y', n(0)]],
      [op('+', neg(op('*', r('k'), op('-', r('y'), call('sin', r('t'))))), call('cos', r('t')))], [['y', r('y')]]);
    const end = await run(pr, [0, 10], { method: 'rosenbrock', rtol: 1e-7, atol: [1e-9] });
    expect(Math.abs(end.out(0)[1] - Math.sin(10))).toBeLessThan(1e-7);
    expect(end.steps).toBeLessThan(60);
    // Grid values between step ends come from Rodas4's continuous extension, not the step: on this
    // stiff problem its local error is O(h³) (order reduction; ≈ 9e-7 at h = 0.05, θ = 1/4, computed
    // apart), still far better than a cubic Hermite through f0, f1 (≈ 7e-6).
    const g = grid(10, 0.25);
    const dense = await run(pr, g, { method: 'rosenbrock', rtol: 1e-7, atol: [1e-9], hmax: 0.05 });
    g.forEach((t, i) => expect(Math.abs(dense.out(0)[i] - Math.sin(t))).toBeLessThan(2e-6));
  });

  it('nab-paclitaxel (Chen 2014 + Friberg ANC) equals an independent RK4 integration over one 21-day cycle', async () => {
    const t = grid(504, 6);
    const mg = 468, dur = 0.5;
    const run1 = await runTypical(await libraryModel('nab-paclitaxel-chen2014.yaml'), {
      covariates: { AGE: [70, 'yr'], ALB: [3.5, 'g/dL'] }, doses: [{ time: 0, mg, dur }], grid: t, method: 'rosenbrock',
    });
    let rate = mg / dur;
    const f = (d: number[], y: number[]): void => nabPaclitaxelChen2014(d, y, rate);
    const dt = 2e-3;
    const sol = rk4([0, 0, 0, ...Array(5).fill(NAB_CIRC0)], f, 0, dt);
    sol.steps(Math.round(dur / dt));
    rate = 0;
    for (const [g, tt] of t.entries()) {
      if (tt < dur) continue;
      sol.steps(Math.round((tt - sol.t) / dt));
      for (const [name, want] of [['Cp', sol.y[0] / 15.8], ['ANC', sol.y[7]]] as const) {
        const got = run1.traj(name)[g];
        expect(Math.abs(got - want) / Math.max(Math.abs(want), 1e-6), `${name} at ${tt} h: ${got} vs ${want}`).toBeLessThan(1e-5);
      }
    }
  });

  it('closed-form PK driving a numerical PD (docetaxel-kloft2006): equals DOPRI5 to 1e-6', async () => {
    const m = await libraryModel('docetaxel-kloft2006.yaml');
    expect(m.linear).toBeDefined();
    const t = grid(504, 6);
    const o = { covariates: Object.fromEntries(m.covariates.map((c) => [c.name, [1, '1'] as [number, string]])), doses: [{ time: 0, mg: 135, dur: 1 }], grid: t };
    const dp = await runTypical(m, o);
    const ros = await runTypical(m, { ...o, method: 'rosenbrock' });
    for (const out of m.outputs.map((x) => x.name)) {
      t.forEach((_, i) => {
        const want = dp.traj(out)[i], got = ros.traj(out)[i];
        expect(Math.abs(got - want) / Math.max(Math.abs(want), 1e-9), `${out} at ${t[i]} h`).toBeLessThan(1e-6);
      });
    }
  });

  it('solver: auto switches a stiff patient (Robertson) to Rodas4 and leaves a non-stiff one on DOPRI5, bit for bit', async () => {
    const atol = [1e-10, 1e-14, 1e-10];
    const g = [0, 4, 400, 4e4];
    const auto = await run(robertson, g, { method: 'auto', rtol: 1e-6, atol });
    const ros = await run(robertson, g, { method: 'rosenbrock', rtol: 1e-6, atol });
    expect(auto.steps).toBeLessThan(2 * ros.steps + 200); // DOPRI5 alone fails at 5e6 steps
    g.forEach((_, i) => expect(Math.abs(auto.out(0)[i] - ros.out(0)[i])).toBeLessThan(1e-6));
    // Exponential decay with rate 1 over 10 time units: never near DOPRI5's stability boundary.
    const decay = model('decay', { k: 1 }, [['y', n(1)]], [neg(op('*', r('k'), r('y')))], [['y', r('y')]]);
    const gd = grid(10, 0.5);
    const [a, d] = await Promise.all([run(decay, gd, { method: 'auto' }), run(decay, gd, { method: 'dopri5' })]);
    expect(a.steps).toBe(d.steps);
    expect(a.out(0)).toEqual(d.out(0));
  });
});
