import { describe, expect, it } from 'vitest';
import { ir } from '../../../engine/common/ir.js';
import { dimOf, type Dim } from '../../../engine/common/units/dimension.js';
import { DimensionMismatch, exprDim } from '../../../engine/common/expr/dims.js';
import { parseExpression, scopeOf } from '../../../engine/common/expr/parse-expression.js';

const dims: Record<string, Dim> = {
  A: dimOf({ mass: 1 }), V: dimOf({ length: 3 }), CL: dimOf({ length: 3, time: -1 }), k: dimOf({ time: -1 }),
  t: dimOf({ time: 1 }), g: dimOf({}),
};
const e = (src: string) => parseExpression(src, { file: 'x', line: 1, col: 1 }, scopeOf(Object.keys(dims)));
const dim = (src: string) => exprDim(e(src), (n) => dims[n]);

describe('exprDim', () => {
  it('propagates through * / ^ and functions', () => {
    expect(dim('-CL/V*A')).toEqual(dimOf({ mass: 1, time: -1 }));
    expect(dim('sqrt(V^2)')).toEqual(dims.V);
    expect(dim('exp(-k*t)')).toEqual(dimOf({}));
    expect(dim('max(0, A)')).toEqual(dims.A);
    expect(dim('A > 0 ? A : 0')).toEqual(dims.A);
  });

  it('rejects unit mismatches', () => {
    expect(() => dim('A + V')).toThrow(DimensionMismatch);
    expect(() => dim('A + V')).toThrow('needs equal units, got mg and L');
    expect(() => dim('exp(A)')).toThrow('exp() needs a dimensionless argument, got mg');
    expect(() => dim('(A/V)^g')).toThrow('non-constant exponent');
    expect(() => dim('A + 1')).toThrow(DimensionMismatch);
  });

  it('treats literal zero as any dimension', () => {
    expect(exprDim(ir.op('+', ir.ref('A'), ir.num(0)), (n) => dims[n])).toEqual(dims.A);
  });
});
