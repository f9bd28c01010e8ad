/**
 * Mergeable partial results: patient ranges run separately and merged equal one run over all
 * patients (per-patient values bit for bit, sketches count for count), and a broken set of ranges
 * (a gap or an overlap) is an error naming the patients. The per-time quantile sketch stays within
 * its stated bound of the exact type-7 quantiles.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { packJob } from '../../engine/kernel/pack.js';
import { finalizeResult, mergePartials } from '../../engine/kernel/partial-result.js';
import { planKernel } from '../../engine/kernel/plan.js';
import { SKETCH_ALPHA, SKETCH_BUCKETS, SKETCH_VMIN, sketchQuantiles } from '../../engine/kernel/sketch.js';
import { quantiles7 } from '../../engine/common/quantiles.js';
import { qnorm, uniform } from '../../engine/common/rng/index.js';
import { cmtModel, makeJob } from '../backends/webgpu/fixtures.js';

const job = () => makeJob(cmtModel({ n: 2 }), {
  omega: 0.2, nPatients: 60, trajectories: 5, summaries: [{ kind: 'max', name: 'cmax', output: 'C' }, { kind: 'auc', name: 'auc', output: 'C' }],
});

describe('partial results', () => {
  it('merged from three ranges, in any order, equal one run over all patients', async () => {
    const be = createCpuBackend({ chunkSize: 7 });
    const j = job();
    const whole = await be.run(j);
    const plan = planKernel(j, be.caps);
    const kernel = await be.compile(plan);
    const data = packJob(plan, j);
    const parts = await Promise.all([[30, 60], [0, 3], [3, 30]].map(([start, end]) => be.runRange(kernel, data, { start, end }, { trajectories: 5 })));
    const merged = finalizeResult(plan, j, mergePartials(parts), { name: 'cpu', precision: 64, device: 'test' });
    for (const k of Object.keys(whole.regimens[0].summaries)) expect(merged.regimens[0].summaries[k]).toEqual(whole.regimens[0].summaries[k]);
    expect(merged.regimens[0].quantiles).toEqual(whole.regimens[0].quantiles);
    expect(merged.regimens[0].trajectories).toEqual(whole.regimens[0].trajectories);
    expect(merged.patients).toEqual(whole.patients);
    expect(be.compiles).toBe(1);
    await be.dispose();
  });

  it('refuses gaps and overlaps, naming the patients', async () => {
    const be = createCpuBackend();
    const j = job();
    const plan = planKernel(j, be.caps);
    const kernel = await be.compile(plan);
    const data = packJob(plan, j);
    const run = (start: number, end: number) => be.runRange(kernel, data, { start, end }, { trajectories: 0 });
    const [a, b, c] = await Promise.all([run(0, 10), run(12, 20), run(5, 12)]);
    expect(() => mergePartials([a, b])).toThrow(/patients \[10, 12\) are missing/);
    expect(() => mergePartials([a, c, b])).toThrow(/overlap: \[0, 10\) and \[5, 12\)/);
    await be.dispose();
  });
});

describe('quantile sketch', () => {
  it('stays within its stated bound of exact type-7 quantiles, for any data and merge order', () => {
    let draw = 0;
    const normal = (): number => qnorm(uniform({ lo: 7, hi: 0 }, 0, draw++));
    const probs = [0.05, 0.25, 0.5, 0.75, 0.95];
    for (const spread of [0.01, 1, 5]) {
      const values = Array.from({ length: 501 }, () => Math.exp(spread * normal()) * 3 - (spread > 2 ? 2 : 0));
      const counts = new Uint32Array(SKETCH_BUCKETS);
      for (const v of values) counts[bucketOf(v)]++;
      const got = new Float64Array(probs.length);
      sketchQuantiles(counts, 0, probs, got, 0);
      const exact = quantiles7(values, probs);
      exact.forEach((q, k) => expect(Math.abs(got[k] - q)).toBeLessThanOrEqual(SKETCH_ALPHA * Math.abs(q) * 1.0001 + SKETCH_VMIN));
    }
  });
});

/** The bucket mapping of program/sketch.kl, written again independently for the test. */
function bucketOf(v: number): number {
  const K = (SKETCH_BUCKETS - 2) / 2;
  if (Number.isNaN(v)) return SKETCH_BUCKETS - 1;
  if (Math.abs(v) < SKETCH_VMIN) return K;
  const gamma = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
  const k = Math.min(K, Math.max(1, Math.ceil(Math.log(Math.abs(v) / SKETCH_VMIN) / Math.log(gamma))));
  return v > 0 ? K + k : K - k;
}
