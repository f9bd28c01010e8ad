/**
 * Linear-subsystem detection (docs/KERNEL.md §3): the largest set S of states whose ODEs are
 * linear and homogeneous in S, with coefficients that depend only on per-patient constants
 * (parameters, individual parameters, covariates, etas), and that read no state outside S.
 * Derived quantities are inlined first, so `C = A1/V1; dA1/dt = -CL*C` is seen as `-(CL/V1)*A1`.
 * Saturable terms (`Vmax*C/(Km+C)`), time-varying coefficients and products of states are not linear.
 */
import { ir, refsOf, type Assign, type Expr, type LinearSubsystemIR } from '../ir.js';
import { simplify, substitute } from '../expr/simplify.js';

/** Coefficients per state plus a state-free remainder (`null` = zero); `null` overall = not linear. */
type Lin = { coef: Map<string, Expr>; rest: Expr | null } | null;

const add = (a: Expr | null, b: Expr | null, sign: 1 | -1): Expr | null => {
  if (b === null) return a;
  const nb = sign === 1 ? b : ir.neg(b);
  return a === null ? nb : ir.op(sign === 1 ? '+' : '-', a, b);
};

function linearIn(e: Expr, inS: (n: string) => boolean, isConst: (n: string) => boolean): Lin {
  const constant = (x: Expr): boolean => [...refsOf(x)].every(isConst);
  switch (e.k) {
    case 'num': return { coef: new Map(), rest: e.v === 0 ? null : e };
    case 'ref':
      if (inS(e.name)) return { coef: new Map([[e.name, ir.num(1)]]), rest: null };
      return isConst(e.name) ? { coef: new Map(), rest: e } : null;
    case 'neg': {
      const a = linearIn(e.a, inS, isConst);
      if (!a) return null;
      return { coef: new Map([...a.coef].map(([k, v]) => [k, ir.neg(v)])), rest: a.rest === null ? null : ir.neg(a.rest) };
    }
    case 'op': {
      if (e.op === '+' || e.op === '-') {
        const a = linearIn(e.a, inS, isConst);
        const b = linearIn(e.b, inS, isConst);
        if (!a || !b) return null;
        const sign = e.op === '+' ? 1 : -1;
        const coef = new Map(a.coef);
        for (const [k, v] of b.coef) coef.set(k, add(coef.get(k) ?? null, v, sign)!);
        return { coef, rest: add(a.rest, b.rest, sign) };
      }
      if (e.op === '*' || e.op === '/') {
        const a = linearIn(e.a, inS, isConst);
        const b = linearIn(e.b, inS, isConst);
        if (!a || !b) return null;
        if (e.op === '/') {
          if (b.coef.size || b.rest === null) return null;
          const d = b.rest;
          return { coef: new Map([...a.coef].map(([k, v]) => [k, ir.op('/', v, d)])), rest: a.rest === null ? null : ir.op('/', a.rest, d) };
        }
        if (a.coef.size && b.coef.size) return null;
        const [lin, factor] = a.coef.size ? [a, b.rest] : [b, a.rest];
        if (factor === null) return { coef: new Map(), rest: null };
        return { coef: new Map([...lin.coef].map(([k, v]) => [k, ir.op('*', v, factor)])), rest: lin.rest === null ? null : ir.op('*', lin.rest, factor) };
      }
      return constant(e) ? { coef: new Map(), rest: e } : null;
    }
    default: return constant(e) ? { coef: new Map(), rest: e } : null;
  }
}

/**
 * Finds the linear subsystem of a model. `constants` are the names fixed per patient (parameters,
 * individual parameters, covariates, etas); `derived` is in evaluation order.
 */
export function detectLinear(states: string[], odes: Expr[], derived: Assign[], constants: Set<string>): LinearSubsystemIR | undefined {
  const defs = new Map<string, Expr>();
  for (const d of derived) defs.set(d.name, substitute(d.expr, (r) => defs.get(r)));
  const rhs = new Map(states.map((s, i) => [s, substitute(odes[i], (r) => defs.get(r))]));
  const s = new Set(states);
  const isConst = (n: string): boolean => constants.has(n);
  const forms = new Map<string, NonNullable<Lin>>();
  for (let changed = true; changed;) {
    changed = false;
    for (const x of [...s]) {
      const f = linearIn(rhs.get(x)!, (n) => s.has(n), isConst);
      const homogeneous = f !== null && (f.rest === null || (simplify(f.rest).k === 'num' && (simplify(f.rest) as { v: number }).v === 0));
      if (!f || !homogeneous) { s.delete(x); changed = true; } else forms.set(x, f);
    }
  }
  const order = states.filter((x) => s.has(x));
  if (!order.length) return undefined;
  const k: Expr[] = [];
  for (const row of order) for (const col of order) k.push(simplify(forms.get(row)!.coef.get(col) ?? ir.num(0)));
  return { states: order, k };
}
