/**
 * Expression IR (engine/common/ir.ts) → kernel-language text. The one translation of model and job
 * expressions for every target: the printers never see the expression IR.
 *
 * Semantics follow engine/common/ir-eval.ts: comparisons and logic yield 1 or 0 (true = not 0),
 * `round` rounds half away from zero, `^` allows negative bases for integer exponents. Small integer
 * powers of model expressions are products (exact on every target). Names are resolved by the
 * caller's scope into generated slot names, never printed as written in a file.
 *
 * Lifted literals: job-level expressions (population programs, dose levels, rule conditions) read
 * their numbers from the data buffer, so the generated code depends on their shape only. The order
 * of lifted literals is the pre-order of `literalsOf`, which `klExpr` follows exactly.
 */
import type { Expr } from '../common/ir.js';

/** Maps a symbol to KL text; throws naming the symbol when it is unknown in this scope. */
export type KlResolver = (name: string) => string;

/** Hands out the data-buffer reads of lifted literals, in pre-order. */
export interface LiteralCursor {
  next(v: number): string;
}

/** The numbers of `e` in the order klExpr lifts them (pre-order, children left to right). */
export function literalsOf(e: Expr, out: number[] = []): number[] {
  if (e.k === 'num') out.push(e.v);
  for (const c of children(e)) literalsOf(c, out);
  return out;
}

function children(e: Expr): Expr[] {
  switch (e.k) {
    case 'op': return [e.a, e.b];
    case 'neg': case 'not': return [e.a];
    case 'call': return e.args;
    case 'cond': return [e.c, e.a, e.b];
    default: return [];
  }
}

/** A real literal in KL syntax (round-trips exactly; NaN and infinities through the runtime). */
export function klNum(v: number): string {
  if (Number.isNaN(v)) return 'f_nan()';
  if (!Number.isFinite(v)) return v > 0 ? 'f_inf()' : '(-f_inf())';
  const s = String(Math.abs(v));
  const lit = /[.e]/.test(s) ? s : `${s}.0`;
  return v < 0 ? `(-${lit})` : lit;
}

const BUILTIN: Partial<Record<string, string>> = {
  exp: 'exp', log: 'log', sqrt: 'sqrt', abs: 'abs', floor: 'floor', ceil: 'ceil',
  sin: 'sin', cos: 'cos', tanh: 'tanh', sign: 'sign',
  erf: 'rt_erf', pnorm: 'rt_pnorm', qnorm: 'rt_qnorm', round: 'rt_round', pow: 'rt_pow',
};

const b2r = (cond: string): string => `select(0.0, 1.0, ${cond})`;

/** `e` as KL text; with `lits`, numbers are read from the data buffer in pre-order. */
export function klExpr(e: Expr, resolve: KlResolver, lits?: LiteralCursor): string {
  // Children first, in pre-order, so lifted literals are consumed in literalsOf's order.
  const k = children(e).map((c) => klExpr(c, resolve, lits));
  switch (e.k) {
    case 'num': return lits ? lits.next(e.v) : klNum(e.v);
    case 'ref': return resolve(e.name);
    case 'rand': return `rand_u(${e.index}u)`;
    case 'neg': return `(-${k[0]})`;
    case 'not': return b2r(`${k[0]} == 0.0`);
    case 'cond': return `select(${k[2]}, ${k[1]}, ${k[0]} != 0.0)`;
    case 'call': {
      if (e.fn === 'min' || e.fn === 'max') return k.reduce((a, x) => `${e.fn}(${a}, ${x})`);
      if (e.fn === 'log10') return `rt_log10(${k[0]})`;
      const fn = BUILTIN[e.fn];
      if (!fn) throw new Error(`kernel: function '${e.fn}' has no kernel form`);
      return `${fn}(${k.join(', ')})`;
    }
    case 'op':
      switch (e.op) {
        case '+': case '-': case '*': case '/': return `(${k[0]} ${e.op} ${k[1]})`;
        case '^': return power(e.b, k[0], k[1], lits !== undefined);
        case '<': case '<=': case '>': case '>=': case '==': case '!=': return b2r(`${k[0]} ${e.op} ${k[1]}`);
        case 'and': return b2r(`${k[0]} != 0.0 && ${k[1]} != 0.0`);
        case 'or': return b2r(`${k[0]} != 0.0 || ${k[1]} != 0.0`);
      }
  }
  throw new Error(`kernel: unknown expression node ${JSON.stringify(e)}`);
}

/** x^n for n = 1..4 as products (exact, fast) in model code; otherwise rt_pow. */
function power(exponent: Expr, a: string, b: string, lifted: boolean): string {
  if (!lifted && exponent.k === 'num' && Number.isInteger(exponent.v) && exponent.v >= 1 && exponent.v <= 4) {
    return `(${Array(exponent.v).fill(a).join(' * ')})`;
  }
  return `rt_pow(${a}, ${b})`;
}

/** A resolver over a fixed map, naming the scope in its error (an internal IR inconsistency). */
export function mapResolver(scope: Map<string, string>, where: string): KlResolver {
  return (name) => {
    const v = scope.get(name);
    if (v === undefined) throw new Error(`kernel: unknown symbol '${name}' in ${where}`);
    return v;
  };
}
