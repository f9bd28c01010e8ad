/**
 * Expression builders that fold constants, so population programs and dose levels stay small and
 * readable in generated code (e.g. `WT * 1` is just `WT`).
 */
import { ir, type Expr } from '../ir.js';

const isNum = (e: Expr, v?: number): boolean => e.k === 'num' && (v === undefined || e.v === v);
const val = (e: Expr): number => (e as { v: number }).v;

export const num = ir.num;
export const ref = ir.ref;

export function add(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(val(a) + val(b));
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  return ir.op('+', a, b);
}

export function sub(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(val(a) - val(b));
  if (isNum(b, 0)) return a;
  return ir.op('-', a, b);
}

export function mul(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(val(a) * val(b));
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  return ir.op('*', a, b);
}

export function div(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(val(a) / val(b));
  if (isNum(b, 1)) return a;
  return ir.op('/', a, b);
}

export function pow(a: Expr, b: Expr): Expr {
  if (isNum(b, 1)) return a;
  return ir.op('^', a, b);
}

export const call = ir.call;
