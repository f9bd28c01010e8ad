/**
 * IR expression → JavaScript expression text. Names are resolved by the caller's scope, so the same
 * expression can read a local, a typed-array slot or a lifted constant depending on where it is emitted.
 */
import type { Expr } from '../../common/ir.js';

/** Maps a `ref` name to JS text; throws (with the name) when the name is unknown in this scope. */
export type Resolver = (name: string) => string;

/** Collects numeric literals into a runtime constant array so generated code stays value-free. */
export class ConstPool {
  readonly values: number[] = [];
  /** JS text reading the lifted constant. */
  lift(v: number): string {
    this.values.push(v);
    return `C[${this.values.length - 1}]`;
  }
}

const FN: Record<string, string> = {
  exp: 'Math.exp', log: 'Math.log', log10: 'Math.log10', sqrt: 'Math.sqrt', abs: 'Math.abs',
  min: 'Math.min', max: 'Math.max', pow: 'rt_pow', floor: 'Math.floor', ceil: 'Math.ceil',
  round: 'rt_round', sin: 'Math.sin', cos: 'Math.cos', tanh: 'Math.tanh', erf: 'rt_erf',
  pnorm: 'rt_pnorm', qnorm: 'rt_qnorm', sign: 'rt_sign',
};

/**
 * a^b inline as exp(b·ln a) for a > 0 (else Math.pow): about twice as fast as V8's Math.pow, and
 * inline because a non-inlined call returning a double allocates. The base text appears twice (pure
 * arithmetic; the JIT evaluates it once); long bases go through the runtime's rt_pow instead.
 */
function powText(a: string, b: string): string {
  if (a.length > 160) return `rt_pow(${a}, ${b})`;
  return `(${a} > 0 ? Math.exp(${b} * Math.log(${a})) : Math.pow(${a}, ${b}))`;
}

/** A finite literal as JS text that round-trips exactly. */
export function jsNum(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

/**
 * Emits `e` as JS. With `pool`, literals are lifted into `C[...]` (used for job-level expressions
 * such as dose levels, so compiled code does not depend on their values). `rand` reads `rand(k)`.
 */
export function emitExpr(e: Expr, resolve: Resolver, pool?: ConstPool): string {
  const go = (x: Expr): string => emitExpr(x, resolve, pool);
  switch (e.k) {
    case 'num': return pool ? pool.lift(e.v) : jsNum(e.v);
    case 'ref': return resolve(e.name);
    case 'neg': return `(-${go(e.a)})`;
    case 'not': return `(${go(e.a)} === 0 ? 1 : 0)`;
    case 'rand': return `rand(${e.index})`;
    case 'cond': return `(${go(e.c)} !== 0 ? ${go(e.a)} : ${go(e.b)})`;
    case 'call':
      if (e.fn === 'pow' && e.args.length === 2) return powText(go(e.args[0]), go(e.args[1]));
      return `${FN[e.fn]}(${e.args.map(go).join(', ')})`;
    case 'op': {
      const a = go(e.a), b = go(e.b);
      switch (e.op) {
        case '+': case '-': case '*': case '/': return `(${a} ${e.op} ${b})`;
        case '^': return powText(a, b);
        case '<': case '<=': case '>': case '>=': return `(${a} ${e.op} ${b} ? 1 : 0)`;
        case '==': return `(${a} === ${b} ? 1 : 0)`;
        case '!=': return `(${a} !== ${b} ? 1 : 0)`;
        case 'and': return `((${a} !== 0 && ${b} !== 0) ? 1 : 0)`;
        case 'or': return `((${a} !== 0 || ${b} !== 0) ? 1 : 0)`;
      }
    }
  }
  throw new Error(`emitExpr: unknown expression ${JSON.stringify(e)}`);
}

/** A resolver over a fixed map that names the scope in its error (an internal IR inconsistency). */
export function mapResolver(scope: Map<string, string>, where: string): Resolver {
  return (name) => {
    const v = scope.get(name);
    if (v === undefined) throw new Error(`codegen: unknown symbol '${name}' in ${where}`);
    return v;
  };
}
