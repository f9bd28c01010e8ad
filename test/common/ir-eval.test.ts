import { describe, expect, it } from 'vitest';
import { ALLOWED_FUNCTIONS, ir, type Expr } from '../../engine/common/ir.js';
import { evalAssigns, evalExpr, roundHalfAway } from '../../engine/common/ir-eval.js';

const env = (vals: Record<string, number>) => (name: string): number => {
  if (!(name in vals)) throw new Error(`no ${name}`);
  return vals[name];
};

describe('IR interpreter', () => {
  it('evaluates arithmetic, comparisons and logic (1/0)', () => {
    const { num, ref, op } = ir;
    const e = op('+', op('*', ref('a'), num(3)), op('^', num(2), num(10)));
    expect(evalExpr(e, env({ a: 2 }))).toBe(1030);
    expect(evalExpr(op('<', num(1), num(2)), env({}))).toBe(1);
    expect(evalExpr(op('>=', num(1), num(2)), env({}))).toBe(0);
    expect(evalExpr(op('and', num(2), num(0)), env({}))).toBe(0);
    expect(evalExpr(op('or', num(0), num(-1)), env({}))).toBe(1);
    expect(evalExpr({ k: 'not', a: num(0) }, env({}))).toBe(1);
    expect(evalExpr(ir.neg(ref('a')), env({ a: 4 }))).toBe(-4);
    expect(evalExpr(op('!=', num(1), num(1)), env({}))).toBe(0);
  });

  it('evaluates only the branch taken and short-circuits and/or', () => {
    const boom = ir.ref('missing');
    expect(evalExpr(ir.cond(ir.num(1), ir.num(5), boom), env({}))).toBe(5);
    expect(evalExpr(ir.op('and', ir.num(0), boom), env({}))).toBe(0);
    expect(evalExpr(ir.op('or', ir.num(1), boom), env({}))).toBe(1);
  });

  it('supports every allowed function', () => {
    const x = 0.7;
    const expected: Record<string, number> = {
      exp: Math.exp(x), log: Math.log(x), log10: Math.log10(x), sqrt: Math.sqrt(x), abs: x, min: x, max: x,
      pow: x, floor: 0, ceil: 1, round: 1, sin: Math.sin(x), cos: Math.cos(x), tanh: Math.tanh(x),
      erf: 0.6778011938374184, pnorm: 0.7580363477769270, qnorm: 0.5244005127080407, sign: 1,
    };
    for (const fn of ALLOWED_FUNCTIONS) {
      const args: Expr[] = fn === 'pow' ? [ir.num(x), ir.num(1)] : [ir.num(x)];
      expect(evalExpr(ir.call(fn, ...args), env({})), fn).toBeCloseTo(expected[fn], 14);
    }
    expect(evalExpr(ir.call('min', ir.num(3), ir.num(-1), ir.num(2)), env({}))).toBe(-1);
  });

  it('rounds half away from zero', () => {
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(0.49)).toBe(0);
    expect(evalExpr(ir.call('round', ir.num(-0.5)), env({}))).toBe(-1);
  });

  it('reads rand draws from the supplied source and refuses without one', () => {
    expect(evalExpr(ir.op('*', ir.rand(3), ir.num(2)), env({}), (i) => i / 10)).toBeCloseTo(0.6, 15);
    expect(() => evalExpr(ir.rand(0), env({}))).toThrow(/random source/);
  });

  it('runs ordered assignments', () => {
    const vals = evalAssigns([{ name: 'a', expr: ir.num(2) }, { name: 'b', expr: ir.op('*', ir.ref('a'), ir.ref('c')) }], new Map([['c', 5]]));
    expect(vals.get('b')).toBe(10);
  });
});
