import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { ir } from '../../../engine/common/ir.js';
import { parseExpression, scopeOf } from '../../../engine/common/expr/parse-expression.js';
import { constValue, simplify } from '../../../engine/common/expr/simplify.js';

const where = { file: 'model.yaml', line: 12, col: 7 };
const scope = scopeOf(['CL', 'V1', 'A1', 'A2', 'k21', 'pk.C', 'MW', 't']);
const parse = (src: string | number) => parseExpression(src, where, scope);

function errorOf(src: string, s = scope): { line: number; col: number; message: string; hint?: string } {
  try {
    parseExpression(src, where, s);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).diagnostics[0];
  }
  throw new Error(`no error for ${src}`);
}

describe('parseExpression lowering', () => {
  it('lowers arithmetic, unary minus and parentheses', () => {
    expect(parse('-(CL/V1)*A1 + k21*A2')).toEqual(
      ir.op('+', ir.op('*', ir.neg(ir.op('/', ir.ref('CL'), ir.ref('V1'))), ir.ref('A1')), ir.op('*', ir.ref('k21'), ir.ref('A2'))));
    expect(parse('+A1')).toEqual(ir.ref('A1'));
    expect(parse('A1^2')).toEqual(ir.op('^', ir.ref('A1'), ir.num(2)));
    expect(parse(3.5)).toEqual(ir.num(3.5));
  });

  it('lowers comparisons, logic, conditionals and functions', () => {
    expect(parse('t >= 24 and not (A1 < 1) ? exp(-CL) : max(A1, A2, 0)')).toEqual(ir.cond(
      ir.op('and', ir.op('>=', ir.ref('t'), ir.num(24)), { k: 'not', a: ir.op('<', ir.ref('A1'), ir.num(1)) }),
      ir.call('exp', ir.neg(ir.ref('CL'))),
      ir.call('max', ir.ref('A1'), ir.ref('A2'), ir.num(0))));
    expect(parse('A1 == A2 or A1 != 0')).toEqual(ir.op('or', ir.op('==', ir.ref('A1'), ir.ref('A2')), ir.op('!=', ir.ref('A1'), ir.num(0))));
  });

  it('reads dotted module symbols and renames through the scope', () => {
    const s = scopeOf(['pk.C', 'MW'], (n) => `root.${n}`);
    expect(parseExpression('pk.C / MW', where, s)).toEqual(ir.op('/', ir.ref('root.pk.C'), ir.ref('root.MW')));
  });

  it('treats implicit multiplication as multiplication', () => {
    expect(parse('2 A1')).toEqual(ir.op('*', ir.num(2), ir.ref('A1')));
  });
});

describe('parseExpression errors carry the exact column', () => {
  it('unknown symbol with suggestion', () => {
    const d = errorOf('-(CL/V)*A1');
    expect([d.line, d.col]).toEqual([12, 7 + 5]);
    expect(d.message).toBe("unknown symbol 'V'");
    expect(d.hint).toBe("did you mean 'V1'?");
  });

  it('finds a whole-word occurrence, not a substring', () => {
    const d = errorOf('CLx + CL*C');
    expect(d.col).toBe(7);
    const d2 = errorOf('A1 * A1x');
    expect(d2.col).toBe(7 + 5);
  });

  it('unknown dotted symbol', () => {
    const d = errorOf('pk.Cx / MW');
    expect(d.col).toBe(7);
    expect(d.hint).toBe("did you mean 'pk.C'?");
  });

  it('unknown function and a symbol called as a function', () => {
    const d = errorOf('CL * expp(A1)');
    expect([d.col, d.message, d.hint]).toEqual([7 + 5, "unknown function 'expp'", "did you mean 'exp'?"]);
    const d2 = errorOf('A1 + CL(A2)');
    expect([d2.col, d2.message]).toEqual([7 + 5, "'CL' is not a function"]);
  });

  it('wrong argument count', () => {
    expect(errorOf('A1 + exp(A1, A2)').message).toBe('exp() takes 1 argument, got 2');
  });

  it('disallowed operators and constructs', () => {
    const d = errorOf('A1 % A2');
    expect([d.col, d.message]).toEqual([7 + 3, "operator '%' is not allowed in expressions"]);
    expect(errorOf('A1 mod A2').col).toBe(7 + 3);
    expect(errorOf('A1 = 2').message).toBe('assignments not allowed in expressions');
    expect(errorOf('[A1, A2]').message).toBe('matrices not allowed in expressions');
    expect(errorOf('A1 + "x"').col).toBe(7 + 5);
  });

  it('booleans are 1/0, pi is a number, and empty text or indexing is refused at its place', () => {
    expect(parse('true ? A1 : A2')).toEqual(ir.cond(ir.num(1), ir.ref('A1'), ir.ref('A2')));
    expect(parse('false')).toEqual(ir.num(0));
    expect(parse('2 * pi')).toEqual(ir.op('*', ir.num(2), ir.num(Math.PI)));
    expect(errorOf('  ')).toMatchObject({ col: 7, message: 'empty expression' });
    expect(errorOf('CL * A1[2]')).toMatchObject({ col: 7 + 7, message: 'indexing is not allowed in expressions' });
  });

  it('syntax errors point at the character mathjs stopped at', () => {
    const d = errorOf('CL * (A1 + ');
    expect(d.col).toBe(7 + 11);
    expect(d.message).toContain('cannot parse expression');
  });

  it('maps offsets through a custom locator (multi-line YAML block scalars)', () => {
    const w = { file: 'f.yaml', line: 5, col: 5, locate: (o: number) => ({ line: 5 + (o >= 5 ? 1 : 0), col: 5 + (o >= 5 ? o - 5 : o) }) };
    try {
      parseExpression('A1 +\nfoo', w, scope);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics[0]).toMatchObject({ file: 'f.yaml', line: 6, col: 5 });
    }
  });
});

describe('simplify', () => {
  it('folds constants and removes identities', () => {
    expect(simplify(ir.op('+', ir.op('*', ir.num(1), ir.ref('x')), ir.num(0)))).toEqual(ir.ref('x'));
    expect(simplify(ir.op('*', ir.num(0), ir.ref('x')))).toEqual(ir.num(0));
    expect(constValue(ir.op('/', ir.num(1), ir.neg(ir.num(4))))).toBe(-0.25);
    expect(simplify(ir.op('-', ir.ref('a'), ir.neg(ir.ref('b'))))).toEqual(ir.op('+', ir.ref('a'), ir.ref('b')));
  });
});
