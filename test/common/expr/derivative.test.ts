import { describe, expect, it } from 'vitest';
import { ir } from '../../../engine/common/ir.js';
import { derivative } from '../../../engine/common/expr/derivative.js';
import { parseExpression, scopeOf } from '../../../engine/common/expr/parse-expression.js';
import { evalExpr } from '../model/helpers.js';

const parse = (s: string) => parseExpression(s, { file: 'x', line: 1, col: 1 }, scopeOf(['x', 'y', 'k']));

/** Central finite difference in x. */
function numeric(src: string, env: Record<string, number>): number {
  const e = parse(src);
  const h = 1e-6 * Math.max(1, Math.abs(env.x));
  return (evalExpr(e, { ...env, x: env.x + h }) - evalExpr(e, { ...env, x: env.x - h })) / (2 * h);
}

describe('derivative', () => {
  const env = { x: 0.7, y: 1.9, k: 2.5 };
  it.each([
    '-k*x + y', 'x*y*x', 'k/(y + x)', 'x^3', 'x^y', 'y^x', 'pow(x, k)', 'exp(-k*x)', 'log(x*y)', 'log10(x)',
    'sqrt(x + y)', 'abs(x - y)', 'sin(x)*cos(k*x)', 'tanh(x)', 'min(x, y, k*x)', 'max(x, 0.5)',
    'x > 0.5 ? k*x^2 : y', 'x*(x < y)', 'floor(x) + x', 'k*x*y/(1 + (k/y*x)^20)^(1/20)',
  ])('d/dx %s matches finite differences', (src) => {
    const got = evalExpr(derivative(parse(src), 'x'), env);
    expect(got).toBeCloseTo(numeric(src, env), 6);
  });

  it('gives the Michaelis–Menten Jacobian in closed form', () => {
    // d/dA [ -Vmax*A/(Km + A) ] = -Vmax*Km/(Km + A)^2
    const e = parseExpression('-Vmax*A/(Km + A)', { file: 'x', line: 1, col: 1 }, scopeOf(['Vmax', 'A', 'Km']));
    const v = { Vmax: 3, A: 2, Km: 5 };
    expect(evalExpr(derivative(e, 'A'), v)).toBeCloseTo((-3 * 5) / 49, 14);
  });

  it('simplifies constant and linear cases', () => {
    expect(derivative(parse('k*y'), 'x')).toEqual(ir.num(0));
    expect(derivative(parse('k*x'), 'x')).toEqual(ir.ref('k'));
  });
});
