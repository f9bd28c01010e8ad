/**
 * Expression functions: kernel functions whose body is a value (returns under conditions, nothing
 * else) over scalar parameters — the summary-table accessors (skind, sdat, swin, list_j, …), hcap,
 * dose_time. Both CPU printers write a call to one as the value itself: the JS printer as the
 * expression with parameters replaced by the argument texts (V8 inlines few of them once a caller
 * is large, and each call left out costs a call and a trip of its real result through R); the
 * WebAssembly printer with the arguments in locals (V8 inlines no WebAssembly call). The summary
 * loops make several per summary per step. Same operations in the same order: results are
 * bit-identical.
 */
import type { Expr, ExternPrinter, FnDecl, Stmt } from './ast.js';
import type { CheckedProgram } from './check.js';

/** Externs without side effects (their calls may be dropped or printed twice when inlined). */
const PURE_EXTERNS = new Set(['fd', 'pm_get', 'f_nan', 'is_nan', 'f_inf', 'rand_u', 'rt_log10', 'rt_round', 'rt_erf', 'rt_pnorm', 'rt_qnorm']);

/** A call of a non-kernel function without side effects: a builtin, or an extern listed above. */
export function isPureCall(name: string, externs: Record<string, ExternPrinter>, fns: CheckedProgram['fns']): boolean {
  return name in externs ? PURE_EXTERNS.has(name) : !fns.has(name);
}

/** No side effect: calls only of expression functions and of `pure` non-kernel functions. */
export function pureExpr(e: Expr, exprFns: Map<string, ExprFunction>, pure: (name: string) => boolean): boolean {
  const p = (x: Expr): boolean => pureExpr(x, exprFns, pure);
  switch (e.k) {
    case 'call': return (exprFns.has(e.fn) || pure(e.fn)) && e.args.every(p);
    case 'index': return p(e.a) && p(e.i);
    case 'unary': return p(e.a);
    case 'binary': return p(e.a) && p(e.b);
    default: return true;
  }
}

/** A function's value: an expression, or a condition choosing between two values. */
export type ValueTree = { k: 'value'; e: Expr } | { k: 'cond'; c: Expr; a: ValueTree; b: ValueTree };

export interface ExprFunction {
  params: string[];
  value: ValueTree;
  /** Module-level names (globals, uniforms) the value reads: a caller's local must not shadow one. */
  free: Set<string>;
  /** How often each parameter is read (an argument read twice is printed twice). */
  uses: Map<string, number>;
}

/**
 * The expression functions of `fns`. `pure(name)` says whether a call to a non-kernel function
 * (extern or builtin) has no side effect; kernel functions called from a value must be expression
 * functions themselves.
 */
export function findExprFunctions(fns: FnDecl[], pure: (name: string) => boolean): Map<string, ExprFunction> {
  const found = new Map<string, ExprFunction>();
  const kernel = new Set(fns.map((f) => f.name));
  // Callees come first in a specialised program only by accident: iterate until nothing is added.
  for (let added = true; added;) {
    added = false;
    for (const f of fns) {
      if (found.has(f.name) || !f.ret || typeof f.ret !== 'string' || f.params.some((p) => typeof p.type !== 'string')) continue;
      const value = valueOf(f.body);
      if (!value) continue;
      const params = new Set(f.params.map((p) => p.name));
      const free = new Set<string>(), uses = new Map<string, number>();
      let ok = true;
      const walk = (e: Expr): void => {
        switch (e.k) {
          case 'name':
            if (params.has(e.name)) uses.set(e.name, (uses.get(e.name) ?? 0) + 1); else free.add(e.name);
            return;
          case 'index': walk(e.a); walk(e.i); return;
          case 'unary': walk(e.a); return;
          case 'binary': walk(e.a); walk(e.b); return;
          case 'call':
            if (kernel.has(e.fn) ? !found.has(e.fn) : !pure(e.fn)) ok = false;
            e.args.forEach(walk);
            return;
          default: return;
        }
      };
      const visit = (t: ValueTree): void => { if (t.k === 'value') walk(t.e); else { walk(t.c); visit(t.a); visit(t.b); } };
      visit(value);
      if (!ok) continue;
      found.set(f.name, { params: f.params.map((p) => p.name), value, free, uses });
      added = true;
    }
  }
  return found;
}

/** The value of a statement list made of returns and ifs whose branches return (else undefined). */
function valueOf(list: Stmt[]): ValueTree | undefined {
  const [s, ...rest] = list;
  if (!s) return undefined;
  if (s.k === 'return') return s.value ? { k: 'value', e: s.value } : undefined;
  if (s.k !== 'if') return undefined;
  // A folded `if (true)` is a block: its statements continue into the rest.
  if (s.cond.k === 'bool' && s.cond.v && !s.else) return valueOf([...s.then, ...rest]);
  const a = valueOf(s.then);
  const b = s.else ? valueOf([...s.else, ...rest]) : valueOf(rest);
  return a && b ? { k: 'cond', c: s.cond, a, b } : undefined;
}
