/**
 * DOPRI5 on a nonlinear model (Michaelis–Menten elimination driving an indirect-response turnover)
 * against an f64 RK4 reference with a tiny step computed here, including every summary kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBackend } from '../../../engine/backends/backend.js';
import { gpuBackend, makeJob, MM } from './fixtures.js';
import { mmModel } from './fixtures.js';

const { V, VMAX, KM, KIN, KOUT, IMAX, IC50 } = MM;

/** f64 RK4 with step h of [A, R, auc(C)] and fine-grained summaries. */
function reference(vmax: number, doses: { time: number; amount: number }[], horizon: number, h: number) {
  const f = (y: number[]) => {
    const c = y[0] / V;
    return [-vmax * c / (KM + c), KIN * (1 - IMAX * c / (IC50 + c)) - KOUT * y[1], c];
  };
  let y = [0, KIN / KOUT, 0];
  let t = 0;
  let cmax = -Infinity, cmaxT = 0, rmin = Infinity, rminT = 0, below = 0, at30 = NaN;
  const times = [...doses.map((d) => d.time), horizon];
  for (let e = 0; e < doses.length; e++) {
    t = doses[e].time;
    y[0] += doses[e].amount;
    if (y[0] / V > cmax) { cmax = y[0] / V; cmaxT = t; }
    const n = Math.round((times[e + 1] - times[e]) / h);
    for (let s = 0; s < n; s++) {
      const k1 = f(y), k2 = f(y.map((v, i) => v + h / 2 * k1[i])), k3 = f(y.map((v, i) => v + h / 2 * k2[i])), k4 = f(y.map((v, i) => v + h * k3[i]));
      const yn = y.map((v, i) => v + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
      const r0 = y[1], r1 = yn[1];
      if (r0 < 50 && r1 < 50) below += h; else if ((r0 < 50) !== (r1 < 50)) below += h * (r0 < 50 ? (50 - r0) / (r1 - r0) : (r1 - 50) / (r1 - r0));
      if (t < 30.5 && t + h >= 30.5) at30 = yn[0] / V;
      y = yn; t += h;
      if (y[0] / V > cmax) { cmax = y[0] / V; cmaxT = t; }
      if (y[1] < rmin) { rmin = y[1]; rminT = t; }
    }
  }
  return { cmax, cmaxT, rmin, rminT, auc: y[2], below, at30, A: y[0], R: y[1] };
}

let be: SimBackend | string;
beforeAll(async () => { be = await gpuBackend(); });
afterAll(async () => { if (typeof be !== 'string') await be.dispose(); });

describe('webgpu backend: DOPRI5 on a nonlinear model', () => {
  it('matches an f64 RK4 reference (h = 1e-3) in states and every summary kind', async (ctx) => {
    if (typeof be === 'string') return ctx.skip();
    const doses = [{ time: 0, amount: 200 }, { time: 24, amount: 200 }];
    const job = makeJob(mmModel(), {
      nPatients: 4, omega: 0.04, doses, horizon: 48, gridStep: 0.5, trajectories: 4, rtol: 1e-6,
      summaries: [
        { kind: 'max', name: 'cmax', output: 'C' },
        { kind: 'min', name: 'rmin', output: 'R' },
        { kind: 'auc', name: 'auc', output: 'C', from: 0, to: 48 },
        { kind: 'time_below', name: 'tb', output: 'R', threshold: 50 },
        { kind: 'value_at', name: 'c30', output: 'C', time: 30.5 },
      ],
    });
    const res = await be.run(job);
    const r = res.regimens[0];
    const G = job.grid.length;
    const { gpuEta } = await import('./linear-reference.js');
    for (let i = 0; i < 4; i++) {
      expect(r.failed[i]).toBe(0);
      const want = reference(VMAX * Math.exp(gpuEta(i, 0.04)), doses, 48, 1e-3);
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
      expect(rel(r.trajectories!.values[(i * 2) * G + G - 1], want.A / V)).toBeLessThan(1e-3);
      expect(rel(r.trajectories!.values[(i * 2 + 1) * G + G - 1], want.R)).toBeLessThan(1e-4);
      expect(rel(r.summaries.cmax[i], want.cmax)).toBeLessThan(1e-5);
      expect(r.summaries['cmax.time'][i]).toBe(want.cmaxT);
      // Refined between step ends by golden section on the dense output (KERNEL.md §4).
      expect(rel(r.summaries.rmin[i], want.rmin)).toBeLessThan(1e-5);
      expect(Math.abs(r.summaries['rmin.time'][i] - want.rminT)).toBeLessThan(0.05);
      expect(rel(r.summaries.auc[i], want.auc)).toBeLessThan(1e-4);
      expect(Math.abs(r.summaries.tb[i] - want.below)).toBeLessThan(2e-3);
      expect(rel(r.summaries.c30[i], want.at30)).toBeLessThan(1e-3);
    }
    expect(res.notes.join(' ')).toMatch(/rtol 0.000001 raised to 0.00001/);
  });
});
