/**
 * The WGSL emitter keys pipelines by structure: numbers of the job (parameter values, dose amounts,
 * omega, grid, N, tolerances) never appear in the generated code; structure changes do.
 */
import { describe, expect, it } from 'vitest';
import { emitSimKernel } from '../../../engine/codegen/wgsl/emit-kernel.js';
import { emitWgslExpr, wgslNum } from '../../../engine/codegen/wgsl/emit-expr.js';
import { ir } from '../../../engine/common/ir.js';
import type { SummarySpec } from '../../../engine/common/job.js';
import { cmtModel, makeJob } from '../../backends/webgpu/fixtures.js';

describe('WGSL kernel emitter', () => {
  it('emits the same code for jobs that differ only in numbers', () => {
    const a = makeJob(cmtModel({ n: 2 }), { omega: 0.09, doses: [{ time: 0, amount: 100 }], nPatients: 10, rtol: 1e-6 });
    const mb = cmtModel({ n: 2 });
    mb.params = mb.params.map((p) => ({ ...p, value: p.value * 1.7 }));
    const b = makeJob(mb, { omega: 0.25, doses: [{ time: 3, amount: 250 }], nPatients: 999, rtol: 1e-4, horizon: 96, gridStep: 0.5 });
    const ka = emitSimKernel(a), kb = emitSimKernel(b);
    expect(ka.code).toBe(kb.code);
    expect(ka.constants).not.toEqual(kb.constants);
    expect(ka.code).not.toMatch(/\b250\b|\b100\.0f|0\.3f/);
  });

  it('emits different code when the structure changes (compartments, method, summaries)', () => {
    const base = emitSimKernel(makeJob(cmtModel({ n: 2 }))).code;
    expect(emitSimKernel(makeJob(cmtModel({ n: 3 }))).code).not.toBe(base);
    expect(emitSimKernel(makeJob(cmtModel({ n: 2 }), { method: 'rk4' })).code).not.toBe(base);
    expect(emitSimKernel(makeJob(cmtModel({ n: 2 }), { summaries: [{ kind: 'max', name: 'cmax', output: 'C' }] })).code).not.toBe(base);
  });

  it('keeps the kernel size independent of the number of non-integral summaries (beyond a few, summaries are a table loop)', () => {
    // Unrolled per-summary code made SwiftShader's compiler run for minutes on scenarios/default.yaml.
    const many = (n: number): SummarySpec[] => {
      const out: SummarySpec[] = [];
      for (let k = 0; k < n; k++) {
        out.push({ kind: 'min', name: `min${k}`, output: 'C', from: k, to: k + 1 }, { kind: 'max', name: `max${k}`, output: 'C' },
          { kind: 'time_below', name: `tb${k}`, output: 'C', threshold: k }, { kind: 'time_above', name: `ta${k}`, output: 'C', threshold: k },
          { kind: 'value_at', name: `v${k}`, output: 'C', time: k });
      }
      return out;
    };
    const twentyFive = emitSimKernel(makeJob(cmtModel({ n: 2 }), { summaries: many(5) })).code;
    const fifty = emitSimKernel(makeJob(cmtModel({ n: 2 }), { summaries: many(10) })).code;
    // Only array sizes and counts differ: a few characters, not a copy of the summary code per summary.
    expect(Math.abs(fifty.length - twentyFive.length)).toBeLessThan(40);
    expect(fifty.split('\n').length).toBe(twentyFive.split('\n').length);
  });

  it('unrolls only the flagging scans of a few summaries, never their evaluations', () => {
    const mins = (n: number): SummarySpec[] => Array.from({ length: n }, (_, k) => ({ kind: 'min' as const, name: `m${k}`, output: 'C', from: k, to: k + 1 }));
    const one = emitSimKernel(makeJob(cmtModel({ n: 2 }), { summaries: mins(1) })).code;
    const four = emitSimKernel(makeJob(cmtModel({ n: 2 }), { summaries: mins(4) })).code;
    const five = emitSimKernel(makeJob(cmtModel({ n: 2 }), { summaries: mins(5) })).code;
    const count = (code: string, s: string): number => code.split(s).length - 1;
    // Four unrolled compares in extrema() and four flags in the refinement scan, one site each to evaluate.
    expect(count(four, 'acc[9u] = v;')).toBe(1);
    expect(count(four, 'need[0u] |= 8u;')).toBe(1);
    expect(count(one, 'need[0u] |=')).toBe(1);
    for (const site of ['refine_in(j, o, sg', 'dense_outputs(mid']) {
      expect(count(one, site)).toBe(1);
      expect(count(four, site)).toBe(1);
      expect(count(five, site)).toBe(1);
    }
    // Five: back to the table loop (no constant-index flags).
    expect(count(five, 'need[0u] |=')).toBe(0);
    expect(count(five, 'for (var j = 0u; j < NSUMS; j++)')).toBeGreaterThan(0);
  });

  it('writes f32 literals WGSL accepts and keeps integer literals out of integer arithmetic', () => {
    expect(wgslNum(2)).toBe('2.0f');
    expect(wgslNum(-0.5)).toBe('(-0.5f)');
    expect(wgslNum(1e-7)).toBe('1e-7f');
    expect(wgslNum(Infinity)).toBe('f32_inf()');
    const e = emitWgslExpr(ir.op('/', ir.num(2), ir.num(3)), (n) => n);
    expect(e).toBe('(2.0f / 3.0f)');
    expect(emitWgslExpr(ir.op('^', ir.ref('x'), ir.num(2)), (n) => n)).toBe('(x * x)');
    expect(emitWgslExpr(ir.call('max', ir.ref('a'), ir.ref('b'), ir.ref('c')), (n) => n)).toBe('max(max(a, b), c)');
  });

  it('names the unknown symbol when an expression references one', () => {
    const m = cmtModel({ n: 1 });
    m.odes[0] = ir.op('*', ir.ref('kel_typo'), ir.ref('A1'));
    expect(() => emitSimKernel(makeJob(m))).toThrow(/kel_typo/);
  });
});
