/**
 * The WebGPU backend against exact solutions of linear PK models (1/2/3 compartments; IV bolus,
 * infusion, oral with lag and bioavailability), each patient with its own clearance. References:
 * linear-reference.ts (matrix exponential in f64). Closed form: ~1e-4 relative in f32; the same
 * models integrated numerically by DOPRI5 (rtol floored to 1e-5) to 1e-3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBackend } from '../../../engine/backends/backend.js';
import { cmtModel, gpuBackend, makeJob, type CmtOptions, type JobOptions } from './fixtures.js';
import { gpuEta, linearReference, type RefDose } from './linear-reference.js';

let be: SimBackend | string;
beforeAll(async () => { be = await gpuBackend(); });
afterAll(async () => { if (typeof be !== 'string') await be.dispose(); });

const OMEGA = 0.09;

/** K (all states incl. depot) of patient i of the fixture model. */
function kMatrix(o: CmtOptions, i: number): number[][] {
  const CL = 5 * Math.exp(gpuEta(i, OMEGA));
  const V = [50, 80, 200];
  const Q = [0, 10, 2];
  const n = o.n + (o.oral ? 1 : 0);
  const K = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  K[0][0] = -CL / V[0];
  for (let c = 1; c < o.n; c++) {
    K[0][0] -= Q[c] / V[0];
    K[0][c] = Q[c] / V[c];
    K[c][0] = Q[c] / V[0];
    K[c][c] = -Q[c] / V[c];
  }
  if (o.oral) { K[o.n][o.n] = -o.oral.ka; K[0][o.n] = o.oral.ka; }
  return K;
}

async function check(o: CmtOptions, jo: JobOptions, tol: number): Promise<void> {
  if (typeof be === 'string') throw new Error(be);
  const model = cmtModel(o);
  const job = makeJob(model, { omega: OMEGA, nPatients: 16, ...jo });
  const res = await be.run(job);
  const r = res.regimens[0];
  expect([...r.failed].every((f) => f === 0)).toBe(true);
  const tr = r.trajectories!;
  const G = job.grid.length;
  let worst = 0;
  for (let i = 0; i < job.nPatients; i++) {
    const refDoses: RefDose[] = (jo.doses ?? [{ time: 0, amount: 100 }]).map((d) => ({
      time: d.time + (o.oral?.lag ?? 0), state: o.oral ? o.n : 0, amount: d.amount * (o.oral?.F ?? 1), duration: d.duration,
    }));
    const ref = linearReference(kMatrix(o, i), refDoses, job.grid);
    const cmax = Math.max(...ref.map((x) => x[0] / 50));
    for (let g = 0; g < G; g++) {
      const want = ref[g][0] / 50;
      const got = tr.values[i * G + g];
      worst = Math.max(worst, Math.abs(got - want) / Math.max(Math.abs(want), 1e-3 * cmax));
    }
  }
  expect(worst).toBeLessThan(tol);
}

describe('webgpu backend: linear PK against exact solutions', () => {
  const twoDoses = [{ time: 0, amount: 100 }, { time: 24, amount: 100 }];
  const infusions = [{ time: 0, amount: 100, duration: 2 }, { time: 24, amount: 150, duration: 0.5 }];
  for (const closedForm of [true, false]) {
    const tol = closedForm ? 1e-4 : 1e-3;
    const mode = closedForm ? 'closed form' : 'DOPRI5';
    it(`1-compartment, two IV boluses (${mode})`, async (ctx) => {
      if (typeof be === 'string') return ctx.skip();
      await check({ n: 1 }, { doses: twoDoses, closedForm }, tol);
    });
    it(`2-compartment, two infusions (${mode})`, async (ctx) => {
      if (typeof be === 'string') return ctx.skip();
      await check({ n: 2 }, { doses: infusions, closedForm, gridStep: 0.25 }, tol);
    });
    it(`3-compartment, IV bolus then infusion (${mode})`, async (ctx) => {
      if (typeof be === 'string') return ctx.skip();
      await check({ n: 3 }, { doses: [{ time: 0, amount: 100 }, { time: 12, amount: 80, duration: 3 }], closedForm, horizon: 72 }, tol);
    });
    it(`oral 2-compartment with lag 0.75 h and F = 0.8 (${mode})`, async (ctx) => {
      if (typeof be === 'string') return ctx.skip();
      await check({ n: 2, oral: { ka: 1.2, lag: 0.75, F: 0.8 } }, { doses: twoDoses, closedForm, gridStep: 0.25 }, tol);
    });
  }
});
