/**
 * Dimensional analysis of IR expressions. A literal 0 fits any dimension (`max(0, C)`, `A > 0`);
 * a number written with a unit (`0.1 mg/L`, ./unit-literals.ts) has that unit's dimension; other
 * literals are dimensionless.
 */
import type { Expr } from '../ir.js';
import { constValue } from './simplify.js';
import { literalDim } from './unit-literals.js';
import { DIMENSIONLESS, dimDiv, dimEqual, dimMul, dimPow, formatDim, isDimensionless, type Dim } from '../units/dimension.js';

/** A dimension problem; the caller adds the position (`culprit` is the offending sub-expression). */
export class DimensionMismatch extends Error {
  constructor(message: string, readonly culprit?: Expr) {
    super(message);
    this.name = 'DimensionMismatch';
  }
}

/** `null` = a literal zero, which takes whatever dimension it meets. */
type D = Dim | null;

const ONE_ARG_DIMENSIONLESS = new Set(['exp', 'log', 'log10', 'sin', 'cos', 'tanh', 'erf', 'pnorm', 'qnorm', 'floor', 'ceil', 'round']);

/**
 * The dimension of `e`, given the dimension of every ref (`dimOfRef` returns undefined for refs it
 * does not know, which are treated as dimensionless). An expression that is a literal zero takes the
 * `expected` dimension. Throws `DimensionMismatch` on the first problem.
 */
export function exprDim(e: Expr, dimOfRef: (name: string) => Dim | undefined, timeUnit = 'h', expected: Dim = DIMENSIONLESS): Dim {
  const fmt = (d: Dim): string => formatDim(d, timeUnit);
  const unify = (a: D, b: D, what: string, culprit: Expr): D => {
    if (a === null) return b;
    if (b === null) return a;
    if (!dimEqual(a, b)) throw new DimensionMismatch(`${what} needs equal units, got ${fmt(a)} and ${fmt(b)}`, culprit);
    return a;
  };
  const dimensionless = (a: D, what: string, culprit: Expr): Dim => {
    if (a !== null && !isDimensionless(a)) throw new DimensionMismatch(`${what} needs a dimensionless argument, got ${fmt(a)}`, culprit);
    return DIMENSIONLESS;
  };
  const walk = (x: Expr): D => {
    switch (x.k) {
      case 'num': return literalDim(x) ?? (x.v === 0 ? null : DIMENSIONLESS);
      case 'rand': return DIMENSIONLESS;
      case 'ref': return dimOfRef(x.name) ?? DIMENSIONLESS;
      case 'neg': return walk(x.a);
      case 'not': walk(x.a); return DIMENSIONLESS;
      case 'cond': walk(x.c); return unify(walk(x.a), walk(x.b), 'the two branches of ?:', x.b);
      case 'op': {
        const a = walk(x.a);
        const b = walk(x.b);
        switch (x.op) {
          case '+': case '-': return unify(a, b, `'${x.op}'`, x.b);
          case '*': return a === null || b === null ? null : dimMul(a, b);
          case '/': return a === null ? null : dimDiv(a, b ?? DIMENSIONLESS);
          case '^': return power(a, x.a, x.b, b);
          case 'and': case 'or': return DIMENSIONLESS;
          default: unify(a, b, `comparison '${x.op}'`, x.b); return DIMENSIONLESS;
        }
      }
      case 'call': {
        const args = x.args.map(walk);
        if (ONE_ARG_DIMENSIONLESS.has(x.fn)) return dimensionless(args[0], `${x.fn}()`, x.args[0]);
        switch (x.fn) {
          case 'sqrt': return args[0] === null ? null : dimPow(args[0], 0.5);
          case 'abs': return args[0];
          case 'sign': return DIMENSIONLESS;
          case 'pow': return power(args[0], x.args[0], x.args[1], args[1]);
          default: return args.reduce<D>((acc, d, i) => unify(acc, d, `${x.fn}()`, x.args[i]), null);
        }
      }
      default: return DIMENSIONLESS;
    }
  };
  const power = (base: D, baseExpr: Expr, expo: Expr, expoDim: D): D => {
    dimensionless(expoDim, 'an exponent', expo);
    const p = constValue(expo);
    if (p !== undefined) return base === null ? null : dimPow(base, p);
    return dimensionless(base, 'a power with a non-constant exponent', baseExpr);
  };
  return walk(e) ?? expected;
}
