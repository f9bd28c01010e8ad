/**
 * How the WebGPU backend splits work: short dispatches (state parked between them) give the same
 * numbers as long ones; batches smaller than the ensemble give the same patients; cancellation stops
 * between submits; quantile bands from the sketches agree with exact type-7 quantiles within the
 * sketch's bound (engine/kernel/sketch.ts) and do not depend on the batch size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBackend } from '../../../engine/backends/backend.js';
import { CancelledError } from '../../../engine/common/errors.js';
import type { EnsembleResult } from '../../../engine/common/results.js';
import { SKETCH_ALPHA, SKETCH_VMIN } from '../../../engine/kernel/sketch.js';
import { cmtModel, gpuBackend, makeJob, mmModel } from './fixtures.js';

const backends: (SimBackend | string)[] = [];
async function backend(opts: Parameters<typeof gpuBackend>[0]): Promise<SimBackend | string> {
  const b = await gpuBackend(opts);
  backends.push(b);
  return b;
}
let whole: SimBackend | string;
beforeAll(async () => { whole = await backend({ maxStepsPerDispatch: 100_000 }); });
afterAll(async () => { for (const b of backends) if (typeof b !== 'string') await b.dispose(); });

const job = () => makeJob(mmModel(), {
  nPatients: 20, omega: 0.2, doses: [{ time: 0, amount: 200 }, { time: 24, amount: 200, duration: 1 }], trajectories: 10,
  summaries: [{ kind: 'max', name: 'cmax', output: 'C' }, { kind: 'auc', name: 'auc', output: 'C' }, { kind: 'time_below', name: 'tb', output: 'R', threshold: 50 }],
});

function expectSame(a: EnsembleResult, b: EnsembleResult): void {
  const ra = a.regimens[0], rb = b.regimens[0];
  expect(ra.steps).toEqual(rb.steps);
  expect(ra.failed).toEqual(rb.failed);
  for (const k of Object.keys(ra.summaries)) expect(ra.summaries[k]).toEqual(rb.summaries[k]);
  expect(ra.trajectories!.values).toEqual(rb.trajectories!.values);
}

describe('webgpu backend: chunking, batching, cancellation, quantiles', () => {
  it('parks state between dispatches: 3 steps per dispatch = one long dispatch, bit for bit', async (ctx) => {
    if (typeof whole === 'string') return ctx.skip();
    const short = await backend({ maxStepsPerDispatch: 3, dispatchesPerSubmit: 5 });
    if (typeof short === 'string') return ctx.skip();
    const progress: number[] = [];
    const a = await short.run(job(), { onProgress: (f) => progress.push(f) });
    const b = await whole.run(job());
    expectSame(a, b);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
  });

  it('runs more patients than one batch allows (batches of 7 for 20 patients) with the same results', async (ctx) => {
    if (typeof whole === 'string') return ctx.skip();
    const small = await backend({ maxBatchPatients: 7 });
    if (typeof small === 'string') return ctx.skip();
    const a = await small.run(job());
    const b = await whole.run(job());
    expectSame(a, b);
    // Sketch buckets depend on values only: batches add up to exactly the same bands.
    expect(a.regimens[0].quantiles).toEqual(b.regimens[0].quantiles);
  });

  it('cancels between submits with CancelledError', async (ctx) => {
    if (typeof whole === 'string') return ctx.skip();
    const short = await backend({ maxStepsPerDispatch: 2, dispatchesPerSubmit: 1 });
    if (typeof short === 'string') return ctx.skip();
    const ac = new AbortController();
    let calls = 0;
    await expect(short.run(job(), { signal: ac.signal, onProgress: () => { calls++; ac.abort(); } })).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBe(1);
  });

  /**
   * Within the sketch's bound (engine/kernel/sketch.ts), doubled: the GPU computes bucket indices in
   * f32, so a value at a bucket edge can land in the neighbouring bucket.
   */
  const bands = async (b: SimBackend, probs: number[]) => {
    const N = 300;
    const j = makeJob(cmtModel({ n: 1 }), { nPatients: N, omega: 0.3, trajectories: N, gridStep: 4 });
    j.quantiles = probs;
    const r = (await b.run(j)).regimens[0];
    const G = j.grid.length;
    for (let g = 0; g < G; g++) {
      const xs = Array.from({ length: N }, (_, i) => r.trajectories!.values[i * G + g]).sort((a, b) => a - b);
      j.quantiles.forEach((p, k) => {
        const h = (N - 1) * p, lo = Math.floor(h);
        const want = xs[lo] + (h - lo) * ((xs[Math.min(lo + 1, N - 1)]) - xs[lo]);
        expect(Math.abs(r.quantiles[0].values[g * j.quantiles.length + k] - want)).toBeLessThanOrEqual(2 * SKETCH_ALPHA * Math.abs(want) + SKETCH_VMIN);
      });
    }
  };

  it('quantile bands match exact type-7 quantiles of the trajectories within the sketch bound', async (ctx) => {
    if (typeof whole === 'string') return ctx.skip();
    await bands(whole, [0, 0.05, 0.5, 0.9, 1]);
  });

  it('quantile bands over several batches stay within the same bound', async (ctx) => {
    if (typeof whole === 'string') return ctx.skip();
    const batched = await backend({ maxBatchPatients: 128 });
    if (typeof batched === 'string') return ctx.skip();
    await bands(batched, [0.05, 0.25, 0.5, 0.75, 0.95]);
  });
});
