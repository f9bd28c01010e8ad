/**
 * The one translation of model expressions (engine/kernel/kl-expr.ts): IR → kernel language, then
 * printed for each target. Every expression gives the value of the reference evaluator
 * (engine/common/ir-eval.ts, mathjs semantics) on the CPU target, and within f32 rounding on WGSL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ir, type Expr } from '../../engine/common/ir.js';
import { evalExpr } from '../../engine/common/ir-eval.js';
import { klExpr, klNum, literalsOf, mapResolver } from '../../engine/kernel/kl-expr.js';
import { parseProgram } from '../../engine/kernel/lang/parse.js';
import { checkProgram } from '../../engine/kernel/lang/check.js';
import { specialise } from '../../engine/kernel/lang/transform.js';
import { printJs } from '../../engine/codegen/js/print-js.js';
import { printWgslFunctions } from '../../engine/codegen/wgsl/print-wgsl.js';
import { MATH_RUNTIME } from '../../engine/codegen/js/runtime-math.js';
import { libmRuntimeJs } from '../../engine/codegen/libm/libm-js.js';
import { specialsWgsl } from '../../shaders/specials.wgsl.js';
import { normalWgsl } from '../../shaders/normal.wgsl.js';
import { exprRuntimeWgsl } from '../../shaders/expr-runtime.wgsl.js';
import { bitsF32, f32Bits, gpuHarness, type Harness } from '../codegen/wgsl/gpu-harness.js';

const { num: n, ref: r, op, call, cond, neg } = ir;
const EXTERNS = `extern fn rt_pow(a: real, b: real) -> real; extern fn rt_log10(x: real) -> real; extern fn rt_round(x: real) -> real;
extern fn rt_erf(x: real) -> real; extern fn rt_pnorm(x: real) -> real; extern fn rt_qnorm(p: real) -> real;
extern fn f_nan() -> real; extern fn f_inf() -> real;`;

const CASES: { e: Expr; a: number; b: number }[] = [
  { e: op('-', op('*', r('a'), n(3)), op('/', r('b'), n(4))), a: 2, b: 8 },
  { e: op('^', r('a'), n(0.5)), a: 9, b: 0 },
  { e: op('^', r('a'), n(3)), a: -1.5, b: 0 },
  { e: op('^', r('a'), r('b')), a: -2, b: 3 },
  { e: op('<=', r('a'), r('b')), a: 2, b: 2 },
  { e: op('and', r('a'), r('b')), a: 1, b: 0 },
  { e: op('or', r('a'), r('b')), a: 1, b: 0 },
  { e: { k: 'not', a: r('a') }, a: 0, b: 0 },
  { e: cond(op('>', r('a'), n(1)), n(10), n(20)), a: 0.5, b: 0 },
  { e: neg(call('max', r('a'), r('b'), n(-3))), a: -5, b: -4 },
  { e: call('round', r('a')), a: -2.5, b: 0 },
  { e: call('round', r('a')), a: 2.5, b: 0 },
  { e: call('log10', r('a')), a: 1000, b: 0 },
  { e: call('qnorm', r('a')), a: 0.975, b: 0 },
  { e: call('pnorm', r('a')), a: -1.3, b: 0 },
  { e: call('erf', r('a')), a: 0.3, b: 0 },
  { e: call('sign', r('a')), a: -0.1, b: 0 },
  { e: call('min', call('exp', r('a')), call('sqrt', r('b'))), a: 1, b: 9 },
];

/** One KL function per case: fK(a, b). */
function programText(lifted: boolean): { text: string; literals: number[] } {
  const literals: number[] = [];
  const fns = CASES.map((c, k) => {
    const lits = lifted ? { next: (v: number) => { literals.push(v); return `LIT_${literals.length - 1}`; } } : undefined;
    const text = klExpr(c.e, mapResolver(new Map([['a', 'a'], ['b', 'b']]), 'test'), lits);
    return `fn f${k}(a: real, b: real) -> real { return ${text}; }`;
  });
  const consts = literals.map((v, k) => `const LIT_${k}: real = ${klNum(v)};`);
  return { text: [EXTERNS, ...consts, ...fns].join('\n'), literals };
}

const jsExterns = {
  rt_pow: ([a, b]: string[]) => `rt_pow(${a}, ${b})`, rt_log10: ([x]: string[]) => `Math.log10(${x})`,
  rt_round: ([x]: string[]) => `rt_round(${x})`, rt_erf: ([x]: string[]) => `rt_erf(${x})`,
  rt_pnorm: ([x]: string[]) => `rt_pnorm(${x})`, rt_qnorm: ([x]: string[]) => `rt_qnorm(${x})`,
  f_nan: () => 'NaN', f_inf: () => 'Infinity',
};

function jsFunctions(lifted: boolean): ((a: number, b: number) => number)[] {
  const entries = CASES.map((_, k) => `f${k}`);
  const prog = specialise(checkProgram(parseProgram([{ file: 'cases.kl', text: programText(lifted).text }])), entries);
  const js = printJs(prog, jsExterns, entries);
  return new Function(`${MATH_RUNTIME}\n${libmRuntimeJs()}\n${js}\nreturn [${entries.join(', ')}];`)() as ((a: number, b: number) => number)[];
}

describe('model expressions through the kernel language', () => {
  it('evaluate as the reference evaluator on the CPU target (inline and lifted literals)', () => {
    for (const lifted of [false, true]) {
      const fs = jsFunctions(lifted);
      CASES.forEach((c, k) => {
        const want = evalExpr(c.e, (x) => (x === 'a' ? c.a : c.b));
        expect(fs[k](c.a, c.b)).toBeCloseTo(want, 13);
      });
    }
  });

  it('lift literals in pre-order, the order literalsOf reports', () => {
    const e = cond(op('>', r('a'), n(1)), op('*', n(2), r('b')), call('max', n(3), n(4)));
    const seen: number[] = [];
    klExpr(e, (x) => x, { next: (v) => { seen.push(v); return `L${seen.length}`; } });
    expect(seen).toEqual(literalsOf(e));
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('names the unknown symbol and its context', () => {
    expect(() => klExpr(r('zz'), mapResolver(new Map(), 'dose level'))).toThrow(/'zz' in dose level/);
  });
});

describe('model expressions on the WGSL target', () => {
  let h: Harness | string;
  beforeAll(async () => { h = await gpuHarness(); });
  afterAll(() => { if (typeof h !== 'string') h.destroy(); });

  it('evaluate within f32 rounding of the reference on the GPU', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const entries = CASES.map((_, k) => `f${k}`);
    const prog = specialise(checkProgram(parseProgram([{ file: 'cases.kl', text: programText(false).text }])), entries);
    const wgsl = printWgslFunctions(prog, {
      rt_pow: ([a, b]) => `rt_pow(${a}, ${b})`, rt_log10: ([x]) => `(log(${x}) * 0.4342944819032518f)`,
      rt_round: ([x]) => `rt_round(${x})`, rt_erf: ([x]) => `erf_f32(${x})`, rt_pnorm: ([x]) => `pnorm(${x})`,
      rt_qnorm: ([x]) => `qnorm(${x})`, f_nan: () => 'f32_nan()', f_inf: () => 'f32_inf()',
    });
    // One invocation per input word: even words start a case (a, b).
    const body = `if (i % 2u != 0u) { return; }
  let a = bitcast<f32>(inp[i]); let b = bitcast<f32>(inp[i + 1u]);
  var v = 0.0;
  switch (i / 2u) { ${CASES.map((_, k) => `case ${k}u: { v = f${k}(a, b); }`).join(' ')} default: {} }
  out[i / 2u] = bitcast<u32>(v);`;
    const input = f32Bits(CASES.flatMap((c) => [c.a, c.b]));
    const out = bitsF32(await h.run(`${specialsWgsl}\n${normalWgsl}\n${exprRuntimeWgsl}\n${wgsl}`, body, input, 1));
    CASES.forEach((c, k) => {
      const want = evalExpr(c.e, (x) => (x === 'a' ? c.a : c.b));
      expect(Math.abs(out[k] - want)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want)));
    });
  });
});
