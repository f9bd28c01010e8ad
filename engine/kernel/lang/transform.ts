/**
 * Target-independent passes over a checked kernel program, run before any printer: constants are
 * inlined and folded, branches on constant conditions dropped (the static/dynamic dose paths, RK4 vs
 * DOPRI5, closed form or not), `unroll for` loops expanded with constant indices, and functions and
 * globals that nothing reachable uses removed (so the WGSL printer parks only live state). Printers
 * then see a smaller, already specialised program, and every target specialises the same way.
 */
import type { Expr, FnDecl, Loc, Program, ScalarType, Stmt, Type } from './ast.js';
import type { CheckedProgram } from './check.js';

type Lit = Extract<Expr, { k: 'lit' }>;

class Folder {
  constructor(private readonly c: CheckedProgram, private readonly subst: Map<string, Expr> = new Map()) {}

  private scalar(e: Expr): ScalarType {
    const t = this.c.types.get(e);
    return typeof t === 'string' ? t : 'i32';
  }

  private lit(v: number, t: ScalarType, loc: Loc): Expr {
    if (t === 'bool') return { k: 'bool', v: v !== 0, loc };
    return { k: 'lit', v, t, loc };
  }

  expr(e: Expr): Expr {
    switch (e.k) {
      case 'lit': return e.t === 'int' ? { ...e, t: this.scalar(e) } : e;
      case 'bool': return e;
      case 'name': {
        const s = this.subst.get(e.name);
        if (s) return s;
        const v = this.c.consts.get(e.name);
        if (v === undefined) return e;
        return this.lit(v, this.scalar(e), e.loc);
      }
      case 'index': return { ...e, a: this.expr(e.a), i: this.expr(e.i) };
      case 'unary': {
        const a = this.expr(e.a);
        if (e.op === '!' && a.k === 'bool') return { ...a, v: !a.v };
        if (e.op === '-' && a.k === 'lit') return { ...a, v: -a.v };
        return { ...e, a };
      }
      case 'call': {
        const args = e.args.map((x) => this.expr(x));
        if (e.fn === 'select' && args[2].k === 'bool') return args[2].v ? args[1] : args[0];
        return { ...e, args };
      }
      case 'binary': return this.binary(e);
    }
  }

  private binary(e: Extract<Expr, { k: 'binary' }>): Expr {
    const a = this.expr(e.a), b = this.expr(e.b);
    if (e.op === '&&' || e.op === '||') {
      const and = e.op === '&&';
      if (a.k === 'bool') return a.v === and ? b : a;
      if (b.k === 'bool' && b.v === and) return a;
      return { ...e, a, b };
    }
    if (a.k !== 'lit' || b.k !== 'lit') return { ...e, a, b };
    const t = this.scalar(e);
    const int = (v: number): number => (t === 'u32' ? v >>> 0 : t === 'i32' ? v | 0 : v);
    const x = a.v, y = b.v;
    switch (e.op) {
      case '+': return this.lit(int(x + y), t, e.loc);
      case '-': return t === 'u32' && y > x ? { ...e, a, b } : this.lit(int(x - y), t, e.loc);
      case '*': return this.lit(int(x * y), t, e.loc);
      case '/': return y === 0 ? { ...e, a, b } : this.lit(t === 'real' ? x / y : int(Math.trunc(x / y)), t, e.loc);
      case '%': return y === 0 ? { ...e, a, b } : this.lit(int(x % y), t, e.loc);
      case '<': return this.lit(+(x < y), 'bool', e.loc);
      case '<=': return this.lit(+(x <= y), 'bool', e.loc);
      case '>': return this.lit(+(x > y), 'bool', e.loc);
      case '>=': return this.lit(+(x >= y), 'bool', e.loc);
      case '==': return this.lit(+(x === y), 'bool', e.loc);
      case '!=': return this.lit(+(x !== y), 'bool', e.loc);
      // Bit operations of integers (shift counts below 32, as every target takes them).
      case '&': return t === 'real' ? { ...e, a, b } : this.lit(int(x & y), t, e.loc);
      case '|': return t === 'real' ? { ...e, a, b } : this.lit(int(x | y), t, e.loc);
      case '^': return t === 'real' ? { ...e, a, b } : this.lit(int(x ^ y), t, e.loc);
      case '<<': return t === 'real' || y >= 32 ? { ...e, a, b } : this.lit(int(x << y), t, e.loc);
      case '>>': return t === 'real' || y >= 32 ? { ...e, a, b } : this.lit(t === 'u32' ? x >>> y : x >> y, t, e.loc);
      default: return { ...e, a, b };
    }
  }

  stmts(list: Stmt[]): Stmt[] {
    return list.flatMap((s) => this.stmt(s));
  }

  private stmt(s: Stmt): Stmt[] {
    switch (s.k) {
      case 'let': return [{ ...s, init: this.expr(s.init) }];
      case 'var': return [{ ...s, init: s.init && this.expr(s.init) }];
      case 'assign': return [{ ...s, target: this.expr(s.target), value: this.expr(s.value) }];
      case 'incr': return [{ ...s, target: this.expr(s.target) }];
      case 'expr': return [{ ...s, e: this.expr(s.e) }];
      case 'return': return [{ ...s, value: s.value && this.expr(s.value) }];
      case 'if': {
        const cond = this.expr(s.cond);
        if (cond.k === 'bool') return cond.v ? block(this.stmts(s.then), s.loc) : s.else ? block(this.stmts(s.else), s.loc) : [];
        return [{ ...s, cond, then: this.stmts(s.then), else: s.else && this.stmts(s.else) }];
      }
      case 'while': return [{ ...s, cond: this.expr(s.cond), body: this.stmts(s.body) }];
      case 'loop': return [{ ...s, body: this.stmts(s.body) }];
      case 'for': return s.unroll ? this.unroll(s) : [{
        ...s, init: s.init && this.stmt(s.init)[0], cond: this.expr(s.cond), step: this.stmt(s.step)[0], body: this.stmts(s.body),
      }];
      default: return [s];
    }
  }

  /** `unroll for (var i = A; i < B; i++)`: one copy of the body per value, i a literal in each. */
  private unroll(s: Extract<Stmt, { k: 'for' }>): Stmt[] {
    const init = s.init;
    if (!init || init.k !== 'var' || !init.init || s.cond.k !== 'binary' || s.cond.op !== '<' || s.step.k !== 'incr') {
      throw new Error(`${s.loc.file}:${s.loc.line}: unroll needs 'for (var i = A; i < B; i++)'`);
    }
    const from = this.expr(init.init), to = this.expr(s.cond.b);
    if (from.k !== 'lit' || to.k !== 'lit') throw new Error(`${s.loc.file}:${s.loc.line}: unroll bounds must be constants`);
    const t = (from as Lit).t;
    const out: Stmt[] = [];
    for (let v = from.v; v < to.v; v++) {
      const inner = new Folder(this.c, new Map([...this.subst, [init.name, { k: 'lit', v, t, loc: s.loc } as Expr]]));
      out.push(...block(inner.stmts(s.body), s.loc));
    }
    return out;
  }
}

/** A statement list as one statement: a block keeps its own scope (`if (true) { … }` in the output). */
function block(body: Stmt[], loc: Loc): Stmt[] {
  return body.length === 0 ? [] : [{ k: 'if', cond: { k: 'bool', v: true, loc }, then: body, loc }];
}

/** Names (functions, globals) an expression or statement list refers to. */
function namesIn(node: unknown, out: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { for (const x of node) namesIn(x, out); return; }
  const n = node as { k?: string; name?: string; fn?: string };
  if (n.k === 'name' && n.name) out.add(n.name);
  if (n.k === 'call' && n.fn) out.add(n.fn);
  for (const [key, v] of Object.entries(node)) if (key !== 'loc') namesIn(v, out);
}

function lenOf(t: Type, consts: Map<string, number>): Type {
  if (typeof t === 'string') return t;
  return { k: 'array', elem: lenOf(t.elem, consts) as typeof t.elem, len: typeof t.len === 'string' ? consts.get(t.len)! : t.len };
}

/**
 * The specialised program reachable from `entries`: constants folded and inlined (their declarations
 * dropped), array lengths numeric, unrolled loops expanded, dead functions and globals removed.
 */
export function specialise(c: CheckedProgram, entries: string[]): Program {
  const f = new Folder(c);
  const fns = new Map<string, FnDecl>();
  for (const fn of c.prog.fns) {
    fns.set(fn.name, {
      ...fn, params: fn.params.map((p) => ({ ...p, type: lenOf(p.type, c.consts) })),
      ret: fn.ret && lenOf(fn.ret, c.consts), body: f.stmts(fn.body).map((s) => fixTypes(s, c.consts)),
    });
  }
  const live = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const name = queue.pop()!;
    if (live.has(name)) continue;
    live.add(name);
    const fn = fns.get(name);
    if (fn) { const used = new Set<string>(); namesIn(fn.body, used); queue.push(...used); }
  }
  return {
    consts: [],
    uniforms: c.prog.uniforms,
    globals: c.prog.globals.filter((g) => live.has(g.name)).map((g) => ({ ...g, type: lenOf(g.type, c.consts) })),
    externs: c.prog.externs.filter((e) => live.has(e.name)),
    fns: c.prog.fns.filter((fn) => live.has(fn.name)).map((fn) => fns.get(fn.name)!),
  };
}

/** Local declarations' array lengths as numbers (the folded program has no constants left). */
function fixTypes(s: Stmt, consts: Map<string, number>): Stmt {
  const kids = (list: Stmt[]): Stmt[] => list.map((x) => fixTypes(x, consts));
  switch (s.k) {
    case 'let': case 'var': return s.type ? { ...s, type: lenOf(s.type, consts) } : s;
    case 'if': return { ...s, then: kids(s.then), else: s.else && kids(s.else) };
    case 'while': case 'loop': return { ...s, body: kids(s.body) };
    case 'for': return { ...s, init: s.init && fixTypes(s.init, consts), body: kids(s.body) };
    default: return s;
  }
}
