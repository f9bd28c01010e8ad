/**
 * A reference interpreter for IR expressions, in f64. Used on the host (dose amounts, population
 * values for reports) and as the reference the generated code is tested against.
 *
 * Semantics every emitter must match:
 * - Comparisons and `and`/`or`/`not` yield 1 or 0; a value is true when it is not 0.
 * - `c ? a : b` evaluates only the branch taken.
 * - `round` rounds half away from zero (round(2.5) = 3, round(−2.5) = −3), as mathjs and C do,
 *   not JavaScript's Math.round (which rounds −2.5 to −2).
 * - `sign(0)` = 0; `log` is the natural logarithm; `pow(a, b)` = `a ^ b`.
 * - `pnorm`/`qnorm` are the standard normal CDF and its inverse (engine/common/rng/normal.ts).
 */
import type { Expr, FnName } from './ir.js';
import { erf, pnorm, qnorm } from './rng/normal.js';

/** Rounds half away from zero. */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

const FUNCTIONS: Record<FnName, (...a: number[]) => number> = {
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  min: (...a) => Math.min(...a),
  max: (...a) => Math.max(...a),
  pow: Math.pow,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfAway,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  erf,
  pnorm,
  qnorm,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
};

/**
 * Evaluates `e`. `env(name)` supplies every `ref`; `rand(index)` supplies `rand` draws (required
 * only when the expression contains them).
 */
export function evalExpr(e: Expr, env: (name: string) => number, rand?: (index: number) => number): number {
  switch (e.k) {
    case 'num': return e.v;
    case 'ref': return env(e.name);
    case 'neg': return -evalExpr(e.a, env, rand);
    case 'not': return evalExpr(e.a, env, rand) === 0 ? 1 : 0;
    case 'cond': return evalExpr(e.c, env, rand) !== 0 ? evalExpr(e.a, env, rand) : evalExpr(e.b, env, rand);
    case 'rand':
      if (!rand) throw new Error(`rand(${e.index}) used without a random source`);
      return rand(e.index);
    case 'call': {
      const f = FUNCTIONS[e.fn];
      if (!f) throw new Error(`unknown function ${e.fn}`);
      return f(...e.args.map((a) => evalExpr(a, env, rand)));
    }
    case 'op': {
      const a = evalExpr(e.a, env, rand);
      // Short-circuit logic so a guarded branch (e.g. x > 0 and log(x) > 1) never sees bad input.
      if (e.op === 'and') return a !== 0 && evalExpr(e.b, env, rand) !== 0 ? 1 : 0;
      if (e.op === 'or') return a !== 0 || evalExpr(e.b, env, rand) !== 0 ? 1 : 0;
      const b = evalExpr(e.b, env, rand);
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
      }
    }
  }
  throw new Error(`unknown IR node ${(e as { k: string }).k}`);
}

/**
 * Runs ordered assignments into `values` (which may be pre-filled, e.g. with table columns) and
 * returns it. Refs resolve to earlier assignments or pre-filled values; an unknown ref throws.
 */
export function evalAssigns(
  assigns: { name: string; expr: Expr }[],
  values: Map<string, number>,
  rand?: (index: number) => number,
): Map<string, number> {
  const env = (name: string): number => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`unknown symbol ${name}`);
    return v;
  };
  for (const a of assigns) values.set(a.name, evalExpr(a.expr, env, rand));
  return values;
}
