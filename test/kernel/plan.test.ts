/**
 * Compile once, run many: the plan's structure key does not change when only numbers change
 * (parameter values, doses and schedules, omega, grid, N, seed, tolerances, rule thresholds and
 * delays), and a warm backend compiles nothing for such a run. Structure changes change the key.
 */
import { describe, expect, it } from 'vitest';
import { planKernel, JS_CAPS, WGSL_CAPS } from '../../engine/kernel/plan.js';
import { jsKernelSource } from '../../engine/codegen/js/js-kernel.js';
import { wgslKernel } from '../../engine/codegen/wgsl/wgsl-kernel.js';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { cmtModel, makeJob } from '../backends/webgpu/fixtures.js';

const jobA = () => makeJob(cmtModel({ n: 2 }), { omega: 0.09, doses: [{ time: 0, amount: 100 }], nPatients: 10, rtol: 1e-6 });
function jobB() {
  const mb = cmtModel({ n: 2 });
  mb.params = mb.params.map((p) => ({ ...p, value: p.value * 1.7 }));
  return makeJob(mb, { omega: 0.25, doses: [{ time: 3, amount: 250 }], nPatients: 999, rtol: 1e-4, horizon: 96, gridStep: 0.5 });
}

describe('kernel plan: structure key', () => {
  it('is the same for jobs that differ only in numbers, and the generated code is identical', () => {
    for (const caps of [JS_CAPS, WGSL_CAPS]) {
      const a = planKernel(jobA(), caps), b = planKernel(jobB(), caps);
      expect(a.key).toBe(b.key);
    }
    expect(jsKernelSource(planKernel(jobA(), JS_CAPS))).toBe(jsKernelSource(planKernel(jobB(), JS_CAPS)));
    const w = wgslKernel(planKernel(jobA(), WGSL_CAPS)).code;
    expect(w).toBe(wgslKernel(planKernel(jobB(), WGSL_CAPS)).code);
    expect(w).not.toMatch(/\b250\.0f|\b100\.0f|[^\d.]1\.7f/);
  });

  it('changes with the structure (compartments, method, summaries, target)', () => {
    const base = planKernel(jobA(), JS_CAPS).key;
    expect(planKernel(makeJob(cmtModel({ n: 3 })), JS_CAPS).key).not.toBe(base);
    expect(planKernel(makeJob(cmtModel({ n: 2 }), { method: 'rk4' }), JS_CAPS).key).not.toBe(base);
    expect(planKernel(makeJob(cmtModel({ n: 2 }), { summaries: [{ kind: 'max', name: 'cmax', output: 'C' }] }), JS_CAPS).key).not.toBe(base);
    expect(planKernel(jobA(), WGSL_CAPS).key).not.toBe(base);
  });

  it('merges identical summaries into one kernel summary that feeds both result columns', () => {
    const job = makeJob(cmtModel({ n: 1 }), {
      summaries: [{ kind: 'max', name: 'a', output: 'C' }, { kind: 'max', name: 'b', output: 'C' }, { kind: 'max', name: 'c', output: 'C', to: 5 }],
    });
    const p = planKernel(job, JS_CAPS);
    expect(p.summaryIndex).toEqual([0, 2]);
    expect(p.resultColumns.map((c) => c.name)).toEqual(['a', 'a.time', 'b', 'b.time', 'c', 'c.time']);
    expect(p.resultColumns[2].col).toBe(p.resultColumns[0].col);
  });

  it('a warm backend runs a job that differs only in numbers without compiling', async () => {
    const be = createCpuBackend();
    const a = await be.run(jobA());
    expect(be.compiles).toBe(1);
    const b = await be.run(jobB());
    expect(be.compiles).toBe(1);
    expect(b.regimens[0].summaries).toBeDefined();
    expect(a.regimens[0].failed.length).toBe(10);
    expect(b.regimens[0].failed.length).toBe(999);
    await be.dispose();
  });
});
