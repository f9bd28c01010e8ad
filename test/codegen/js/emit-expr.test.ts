import { describe, expect, it } from 'vitest';
import { ConstPool, emitExpr, mapResolver } from '../../../engine/codegen/js/emit-expr.js';
import { MATH_RUNTIME } from '../../../engine/codegen/js/runtime-math.js';
import { ir, type Expr } from '../../../engine/common/ir.js';

const scope = new Map([['a', 'a'], ['b', 'b']]);
function evalExpr(e: Expr, a: number, b: number, pool?: ConstPool): number {
  const js = emitExpr(e, mapResolver(scope, 'test'), pool);
  return new Function('a', 'b', 'C', `${MATH_RUNTIME}\nreturn ${js};`)(a, b, Float64Array.from(pool?.values ?? [])) as number;
}
const { num: n, ref: r, op, call, cond, neg } = ir;

describe('emitExpr', () => {
  it('evaluates arithmetic, powers, comparisons and logic as mathjs does (1/0 for booleans)', () => {
    expect(evalExpr(op('-', op('*', r('a'), n(3)), op('/', r('b'), n(4))), 2, 8)).toBe(4);
    expect(evalExpr(op('^', r('a'), n(0.5)), 9, 0)).toBe(3);
    expect(evalExpr(op('<=', r('a'), r('b')), 2, 2)).toBe(1);
    expect(evalExpr(op('and', r('a'), r('b')), 1, 0)).toBe(0);
    expect(evalExpr(op('or', r('a'), r('b')), 1, 0)).toBe(1);
    expect(evalExpr({ k: 'not', a: r('a') }, 0, 0)).toBe(1);
    expect(evalExpr(cond(op('>', r('a'), n(1)), n(10), n(20)), 0.5, 0)).toBe(20);
    expect(evalExpr(neg(call('max', r('a'), r('b'), n(-3))), -5, -4)).toBe(3);
    expect(evalExpr(call('round', r('a')), -2.5, 0)).toBe(-3);
    expect(evalExpr(call('qnorm', r('a')), 0.975, 0)).toBeCloseTo(1.959963984540054, 14);
  });
  it('lifts literals into the constant pool when asked, so code is value-free', () => {
    const pool = new ConstPool();
    const e = op('*', n(100), r('a'));
    expect(emitExpr(e, mapResolver(scope, 't'), pool)).toBe('(C[0] * a)');
    expect(evalExpr(e, 1.8, 0, new ConstPool())).toBeCloseTo(180, 12);
  });
  it('names the unknown symbol and its context', () => {
    expect(() => emitExpr(r('zz'), mapResolver(scope, 'dose level'))).toThrow(/'zz' in dose level/);
  });
});
