/**
 * IR expression → WGSL (f32) expression text. Names are resolved by the caller's scope, so one
 * expression can read a private scalar, a state-vector slot or a buffer word depending on where it
 * is emitted.
 *
 * Semantics follow engine/common/ir-eval.ts: comparisons and logic yield 1 or 0 (true = not 0),
 * `round` rounds half away from zero, `sign(0)` = 0, `^` is `pow` with negative bases allowed for
 * integer exponents (WGSL's pow is undefined for x < 0). `and`/`or` evaluate both sides (WGSL has no
 * side effects to guard, and a NaN on the unused side does not leak through `select`).
 */
import type { Expr } from '../../common/ir.js';

/** Maps a `ref` name to WGSL text; throws (naming the symbol) when the name is unknown here. */
export type WgslResolver = (name: string) => string;

/** Collects numeric literals into the job's constant buffer so pipelines depend on structure only. */
export class WgslConstPool {
  readonly values: number[] = [];
  constructor(private readonly read: (index: number) => string) {}
  /** WGSL text reading the lifted constant. */
  lift(v: number): string {
    this.values.push(v);
    return this.read(this.values.length - 1);
  }
}

/** An f32 literal (NaN and ±∞ by bit pattern, which WGSL literals cannot spell). */
export function wgslNum(v: number): string {
  if (Number.isNaN(v)) return 'f32_nan()';
  if (!Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) {
    return v > 0 ? 'f32_inf()' : '(-f32_inf())';
  }
  if (v !== 0 && Math.abs(v) < 1.1754943508222875e-38) return '0.0f';
  const s = String(Math.abs(v));
  const lit = /[.e]/.test(s) ? `${s}f` : `${s}.0f`;
  return v < 0 ? `(-${lit})` : lit;
}

const FN: Record<string, string> = {
  exp: 'exp', log: 'log', sqrt: 'sqrt', abs: 'abs', floor: 'floor', ceil: 'ceil',
  sin: 'sin', cos: 'cos', tanh: 'tanh', erf: 'erf_f32', pnorm: 'pnorm', qnorm: 'qnorm',
  round: 'rt_round', sign: 'sign', pow: 'rt_pow',
};

/** Helpers the emitted expressions call; included once per generated module. */
export const exprRuntimeWgsl = /* wgsl */ `
fn rt_round(x: f32) -> f32 { return sign(x) * floor(abs(x) + 0.5); }
fn rt_pow(a: f32, b: f32) -> f32 {
  // One pow for both signs: a SIMD branch runs for all lanes as soon as one lane takes it, so a pow
  // per branch would cost two where signs mix. |a| = a for a >= 0: the positive case is exactly pow(a, b).
  let r = pow(abs(a), b);
  if (a >= 0.0) { return r; }
  if (b != floor(b)) { return f32_nan(); }
  return select(r, -r, abs(b % 2.0) == 1.0);
}
fn rt_b(x: bool) -> f32 { return select(0.0, 1.0, x); }
`;

/**
 * Emits `e` as WGSL. With `pool`, literals are lifted into the constant buffer (used for job-level
 * expressions such as population programs and dose levels). `rand` calls `rand_u(k)`.
 */
export function emitWgslExpr(e: Expr, resolve: WgslResolver, pool?: WgslConstPool): string {
  const go = (x: Expr): string => emitWgslExpr(x, resolve, pool);
  switch (e.k) {
    case 'num': return pool ? pool.lift(e.v) : wgslNum(e.v);
    case 'ref': return resolve(e.name);
    case 'neg': return `(-${go(e.a)})`;
    case 'not': return `rt_b(${go(e.a)} == 0.0)`;
    case 'rand': return `rand_u(${e.index}u)`;
    case 'cond': return `select(${go(e.b)}, ${go(e.a)}, ${go(e.c)} != 0.0)`;
    case 'call': return emitCall(e.fn, e.args.map(go));
    case 'op': {
      const a = go(e.a), b = go(e.b);
      switch (e.op) {
        case '+': case '-': case '*': case '/': return `(${a} ${e.op} ${b})`;
        case '^': return pool ? `rt_pow(${a}, ${b})` : powText(e.b, a, b);
        case '<': case '<=': case '>': case '>=': case '==': case '!=': return `rt_b(${a} ${e.op} ${b})`;
        case 'and': return `rt_b(${a} != 0.0 && ${b} != 0.0)`;
        case 'or': return `rt_b(${a} != 0.0 || ${b} != 0.0)`;
      }
    }
  }
  throw new Error(`unknown IR node ${(e as { k: string }).k}`);
}

/** Small integer powers as products (exact and fast); others through rt_pow. */
function powText(exponent: Expr, a: string, b: string): string {
  if (exponent.k === 'num' && Number.isInteger(exponent.v) && exponent.v >= 1 && exponent.v <= 4) {
    return `(${Array(exponent.v).fill(a).join(' * ')})`;
  }
  return `rt_pow(${a}, ${b})`;
}

function emitCall(fn: string, args: string[]): string {
  if (fn === 'min' || fn === 'max') return args.reduce((acc, x) => `${fn}(${acc}, ${x})`);
  if (fn === 'log10') return `(log(${args[0]}) * 0.4342944819032518f)`;
  const name = FN[fn];
  if (!name) throw new Error(`function ${fn} has no WGSL form`);
  return `${name}(${args.join(', ')})`;
}
