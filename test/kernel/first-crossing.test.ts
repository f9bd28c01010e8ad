/**
 * A kernel semantic written once runs on every backend: `first_below` / `first_above` (time of the
 * first entry into the region below/above a threshold) live in program/summaries.kl and the kind
 * table (engine/kernel/summary-kinds.ts) only. Checked against the exact crossing time of a
 * one-compartment bolus, C(t) = (D/V)·e^{−k t}: first below c at t* = ln(D/(V c))/k.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBackend } from '../../engine/backends/backend.js';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { cmtModel, gpuBackend, makeJob } from '../backends/webgpu/fixtures.js';

let gpu: SimBackend | string;
beforeAll(async () => { gpu = await gpuBackend(); });
afterAll(async () => { if (typeof gpu !== 'string') await gpu.dispose(); });

/** C(t) = 2·e^{-0.1 t} mg/L after 100 mg into 50 L with CL 5 L/h (no IIV). */
const job = () => makeJob(cmtModel({ n: 1 }), {
  nPatients: 4, horizon: 48, doses: [{ time: 0, amount: 100 }],
  summaries: [
    { kind: 'first_below', name: 'below_half', output: 'C', threshold: 1 },
    { kind: 'first_above', name: 'above', output: 'C', threshold: 1.5 },
    { kind: 'first_above', name: 'never', output: 'C', threshold: 50 },
    { kind: 'first_below', name: 'late', output: 'C', threshold: 0.1 },
  ],
});

function expectExact(res: Awaited<ReturnType<SimBackend['run']>>, rel: number): void {
  const s = res.regimens[0].summaries;
  const k = 5 / 50;
  for (let i = 0; i < 4; i++) {
    expect(res.regimens[0].failed[i]).toBe(0);
    const digits = rel < 1e-6 ? 6 : 3;
    expect(s.below_half[i]).toBeCloseTo(Math.log(2 / 1) / k, digits);
    // The dose at t = 0 puts C at 2 mg/L: already above 1.5 (the value after a dose at its time).
    expect(s.above[i]).toBe(0);
    expect(s.never[i]).toBeNaN();
    expect(s.late[i]).toBeCloseTo(Math.log(2 / 0.1) / k, digits);
  }
}

describe('first_below / first_above, one semantic on every backend', () => {
  it('CPU: the exact crossing time', async () => {
    expectExact(await createCpuBackend().run(job()), 1e-9);
  });
  it('WebGPU: the same, within f32', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip();
    expectExact(await gpu.run(job()), 1e-4);
  });
});
