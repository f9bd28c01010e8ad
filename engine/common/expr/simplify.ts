/**
 * Light algebraic simplification of IR expressions: constant folding and the identities
 * x+0, x*1, x*0, x/1, --x. Used for generated expressions (linear-subsystem coefficients,
 * individual parameters) so emitted code stays readable.
 */
import { ir, type Expr } from '../ir.js';

/** The numeric value of a constant expression (numbers, negation, arithmetic of numbers), else undefined. */
export function constValue(e: Expr): number | undefined {
  const s = simplify(e);
  return s.k === 'num' ? s.v : undefined;
}

const isNum = (e: Expr, v?: number): boolean => e.k === 'num' && (v === undefined || e.v === v);

/** A simplified copy of `e` with the same value for every input. */
export function simplify(e: Expr): Expr {
  switch (e.k) {
    case 'neg': {
      const a = simplify(e.a);
      if (a.k === 'num') return ir.num(-a.v);
      if (a.k === 'neg') return a.a;
      return ir.neg(a);
    }
    case 'not': return { k: 'not', a: simplify(e.a) };
    case 'call': return { k: 'call', fn: e.fn, args: e.args.map(simplify) };
    case 'cond': return ir.cond(simplify(e.c), simplify(e.a), simplify(e.b));
    case 'op': {
      const a = simplify(e.a);
      const b = simplify(e.b);
      if (a.k === 'num' && b.k === 'num') {
        const v = fold(e.op, a.v, b.v);
        if (v !== undefined) return ir.num(v);
      }
      switch (e.op) {
        case '+':
          if (isNum(a, 0)) return b;
          if (isNum(b, 0)) return a;
          if (b.k === 'neg') return simplify(ir.op('-', a, b.a));
          break;
        case '-':
          if (isNum(b, 0)) return a;
          if (isNum(a, 0)) return simplify(ir.neg(b));
          if (b.k === 'neg') return ir.op('+', a, b.a);
          break;
        case '*':
          if (isNum(a, 0) || isNum(b, 0)) return ir.num(0);
          if (isNum(a, 1)) return b;
          if (isNum(b, 1)) return a;
          if (isNum(a, -1)) return simplify(ir.neg(b));
          if (isNum(b, -1)) return simplify(ir.neg(a));
          if (a.k === 'neg') return simplify(ir.neg(ir.op('*', a.a, b)));
          if (b.k === 'neg') return simplify(ir.neg(ir.op('*', a, b.a)));
          break;
        case '/':
          if (isNum(b, 1)) return a;
          if (isNum(a, 0)) return ir.num(0);
          if (a.k === 'neg') return simplify(ir.neg(ir.op('/', a.a, b)));
          break;
        case '^':
          if (isNum(b, 1)) return a;
          if (isNum(b, 0)) return ir.num(1);
          break;
        default: break;
      }
      return ir.op(e.op, a, b);
    }
    default: return e;
  }
}

function fold(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '^': return a ** b;
    default: return undefined;
  }
}

/** Replaces refs by expressions (`subst(name)` returns undefined to keep a ref). */
export function substitute(e: Expr, subst: (name: string) => Expr | undefined): Expr {
  switch (e.k) {
    case 'ref': return subst(e.name) ?? e;
    case 'op': return ir.op(e.op, substitute(e.a, subst), substitute(e.b, subst));
    case 'neg': return ir.neg(substitute(e.a, subst));
    case 'not': return { k: 'not', a: substitute(e.a, subst) };
    case 'call': return { k: 'call', fn: e.fn, args: e.args.map((a) => substitute(a, subst)) };
    case 'cond': return ir.cond(substitute(e.c, subst), substitute(e.a, subst), substitute(e.b, subst));
    default: return e;
  }
}
