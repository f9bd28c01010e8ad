/**
 * CPU backend behaviour: determinism across threads and chunk sizes, patient identity (RNG draws),
 * progress, cancellation, type-7 quantiles, and a value-free kernel source (cache key).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../engine/backends/cpu/cpu-backend.js';
import { createNodeCpuBackend } from '../../../engine/node/node-cpu-backend.js';
import { jsKernelSource } from '../../../engine/codegen/js/js-kernel.js';
import { packJob } from '../../../engine/kernel/pack.js';
import { SKETCH_ALPHA, SKETCH_VMIN } from '../../../engine/kernel/sketch.js';
import { JS_CAPS, planKernel } from '../../../engine/kernel/plan.js';
import { CancelledError } from '../../../engine/common/errors.js';
import { ir } from '../../../engine/common/ir.js';
import type { EnsembleJob } from '../../../engine/common/job.js';
import { quantiles7 } from '../../../engine/common/quantiles.js';
import type { EnsembleResult } from '../../../engine/common/results.js';
import { qnorm, uniform } from '../../../engine/common/rng/index.js';
import { analyticC, makeJob, pkModel } from '../../analytic/pk-models.js';

const r = ir.ref;
/** 2-cmt model with CL-type IIV on k10 and a random dose level through BSA: 2 draws per patient. */
function popJob(n: number, amount = 100): EnsembleJob {
  const m = pkModel(2, { V: 10, k10: 0.2, k12: 0.5, k21: 0.25 });
  m.variability = { etas: ['eta'], omega: [0.09] };
  m.individual = [{ name: 'k10i', expr: ir.op('*', r('k10'), ir.call('exp', r('eta'))) }];
  const sub = (e: ReturnType<typeof ir.ref>): ReturnType<typeof ir.ref> => JSON.parse(JSON.stringify(e).replaceAll('"k10"', '"k10i"'));
  m.odes = m.odes.map(sub);
  m.linear!.k = m.linear!.k.map(sub);
  const job = makeJob(m, [{ time: 0, amount, dur: 1 }, { time: 24, amount }], {
    grid: Array.from({ length: 25 }, (_, g) => 2 * g), horizon: 48, nPatients: n,
    summaries: [{ kind: 'auc', name: 'auc', output: 'C' }, { kind: 'max', name: 'cmax', output: 'C' }, { kind: 'time_above', name: 'ta', output: 'C', threshold: 2 }],
    solver: { rtol: 1e-6, atol: [1e-8, 1e-8] },
  });
  job.population = {
    draws: 2, report: ['BSA'],
    assigns: [
      { name: 'eta', expr: ir.op('*', ir.num(0.3), ir.call('qnorm', ir.rand(0))) },
      { name: 'BSA', expr: ir.op('+', ir.num(1.6), ir.op('*', ir.num(0.4), ir.rand(1))) },
    ],
  };
  job.regimens[0].levels = [ir.op('*', ir.num(amount / 1.8), r('BSA'))];
  job.regimens.push({ ...job.regimens[0], name: 'B', doses: job.regimens[0].doses.slice(0, 1) });
  job.seed = { lo: 987654321, hi: 3 };
  job.quantiles = [0.05, 0.5, 0.95];
  job.trajectories = 3;
  return job;
}

async function runWith(job: EnsembleJob, threads: number, chunkSize: number): Promise<EnsembleResult> {
  const b = createNodeCpuBackend({ threads, chunkSize });
  try { return await b.run(job); } finally { await b.dispose(); }
}

describe('CPU backend', () => {
  it('results are bit-identical for 0–3 threads and any chunk size', async () => {
    const job = popJob(120);
    const base = await runWith(job, 0, 256);
    for (const [threads, chunk] of [[1, 256], [2, 7], [3, 16], [2, 1]]) {
      const res = await runWith(job, threads, chunk);
      res.regimens.forEach((reg, k) => {
        const b = base.regimens[k];
        for (const name of Object.keys(b.summaries)) expect(Buffer.from(reg.summaries[name].buffer)).toEqual(Buffer.from(b.summaries[name].buffer));
        expect(reg.steps).toEqual(b.steps);
        expect(Buffer.from(reg.quantiles[0].values.buffer)).toEqual(Buffer.from(b.quantiles[0].values.buffer));
        expect(Buffer.from(reg.trajectories!.values.buffer)).toEqual(Buffer.from(b.trajectories!.values.buffer));
      });
    }
  });

  it('patient i is the virtual patient of (seed, i): Cmax matches k10·e^eta, BSA from the host RNG', async () => {
    const job = popJob(20);
    const res = await runWith(job, 0, 256);
    for (let i = 0; i < 20; i++) {
      const eta = 0.3 * qnorm(uniform(job.seed, i, 0)), bsa = 1.6 + 0.4 * uniform(job.seed, i, 1);
      const spec = { V: 10, k10: 0.2 * Math.exp(eta), k12: 0.5, k21: 0.25 };
      // Regimen B: one 1-h infusion; the concentration peaks at the end of the infusion.
      const want = analyticC(2, spec, [{ time: 0, amount: 100 / 1.8 * bsa, dur: 1 }], 1);
      expect(Math.abs(res.regimens[1].summaries.cmax[i] / want - 1)).toBeLessThan(1e-9);
      expect(res.regimens[1].summaries['cmax.time'][i]).toBe(1);
    }
  });

  it('reports monotone progress ending at 1, and quantiles are type 7 over the patients within the sketch bound, for any thread count', async () => {
    const job = popJob(40);
    const seen: number[] = [];
    const b = createNodeCpuBackend({ threads: 2, chunkSize: 8 });
    const res = await b.run(job, { onProgress: (f) => seen.push(f) });
    await b.dispose();
    expect(seen.length).toBe(5);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThan(seen[k - 1]);
    expect(seen[seen.length - 1]).toBe(1);
    const reg = res.regimens[0];
    const b2 = createCpuBackend({ threads: 0 });
    const all = await b2.run({ ...job, trajectories: 40 });
    const g = 5, col = Array.from({ length: 40 }, (_, i) => all.regimens[0].trajectories!.values[i * 25 + g]);
    const exact = quantiles7(col, [0.05, 0.5, 0.95]);
    [...reg.quantiles[0].values.subarray(3 * g, 3 * g + 3)].forEach((q, k) => expect(Math.abs(q - exact[k])).toBeLessThanOrEqual(SKETCH_ALPHA * Math.abs(exact[k]) * 1.0001 + SKETCH_VMIN));
    // Two threads (shared sketch, atomic adds) and one thread give the same bands, bit for bit.
    expect(all.regimens[0].quantiles).toEqual(reg.quantiles);
  });

  it('cancels between chunks with CancelledError and can run again afterwards', async () => {
    const job = popJob(400);
    const b = createNodeCpuBackend({ threads: 2, chunkSize: 4 });
    const ac = new AbortController();
    await expect(b.run(job, { signal: ac.signal, onProgress: (f) => { if (f > 0) ac.abort(); } })).rejects.toBeInstanceOf(CancelledError);
    const res = await b.run(popJob(10));
    expect(res.regimens[0].failed.every((x) => x === 0)).toBe(true);
    await b.dispose();
  });

  it('kernel source depends on structure only, not on parameter values, doses or N', () => {
    const a = popJob(10, 100), b = popJob(999, 75);
    b.model.params = b.model.params.map((p) => ({ ...p, value: p.value * 1.5 }));
    const [pa, pb] = [planKernel(a, JS_CAPS), planKernel(b, JS_CAPS)];
    expect(pa.key).toBe(pb.key);
    const source = jsKernelSource(pa);
    expect(jsKernelSource(pb)).toBe(source);
    expect(packJob(pa, a).fd).not.toEqual(packJob(pb, b).fd);
    expect(source.startsWith('// Generated by oncotwin')).toBe(true);
  });
});

describe('type-7 quantiles', () => {
  it('match R quantile(c(1,2,3,4,10), c(.1,.5,.9)) = 1.4, 3, 7.6 and skip NaN', () => {
    const q = quantiles7([10, NaN, 3, 1, 4, 2], [0.1, 0.5, 0.9]);
    expect(q[0]).toBeCloseTo(1.4, 14);
    expect(q[1]).toBe(3);
    expect(q[2]).toBeCloseTo(7.6, 14);
    expect(quantiles7([NaN], [0.5])[0]).toBeNaN();
  });
});

describe('closed-form fallback', () => {
  it('integrates a "linear" subsystem with complex eigenvalues numerically and says so', async () => {
    const m = pkModel(1, { V: 1, k10: 0 });
    // x' = v, v' = -x: eigenvalues ±i, so the closed form is refused; x(t) = cos t.
    m.states = [{ name: 'x', unit: '1', init: ir.num(1) }, { name: 'v', unit: '1', init: ir.num(0) }];
    m.odes = [r('v'), ir.neg(r('x'))];
    m.derived = [];
    m.outputs = [{ name: 'x', expr: r('x'), unit: '1', scale: 1 }];
    m.doseTargets = [];
    m.linear = { states: ['x', 'v'], k: [ir.num(0), ir.num(1), ir.num(-1), ir.num(0)] };
    const grid = [0, 1, 2, 3];
    const res = await runWith(makeJob(m, [], { grid, horizon: 3, nPatients: 2 }), 0, 256);
    expect(res.notes.join()).toMatch(/2 patient-regimens integrated the linear subsystem numerically/);
    grid.forEach((t, g) => expect(res.regimens[0].trajectories!.values[g]).toBeCloseTo(Math.cos(t), 7));
  });
});
