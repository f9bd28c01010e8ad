/**
 * Type checking of a kernel program (ast.ts), WGSL's rules in small: no implicit conversion between
 * real, u32, i32 and bool (untyped integer literals take their context's type), assignments only to
 * `var`s and globals, calls with the declared arity and types. Printers read the types recorded here
 * (integer division, array copies, literal suffixes), so both targets see the same typed program.
 * Errors are engine bugs in the kernel sources: they name the source position.
 */
import type { ArrayType, Expr, FnDecl, Loc, Program, ScalarType, Stmt, Type } from './ast.js';

export interface CheckedProgram {
  prog: Program;
  /** Type of every expression node. */
  types: Map<Expr, Type>;
  /** Value of every `const`. */
  consts: Map<string, number>;
  fns: Map<string, { params: { name: string; type: Type }[]; ret?: Type; extern: boolean }>;
}

type Sym = { type: Type; mutable: boolean; kind: 'local' | 'param' | 'global' | 'const' | 'uniform' };

const REAL1 = ['sqrt', 'exp', 'log', 'floor', 'ceil', 'cos', 'sin', 'acos', 'tanh', 'trunc'];

export function typeName(t: Type): string {
  return typeof t === 'string' ? t : `array<${typeName(t.elem)}, ${t.len}>`;
}

export function sameType(a: Type, b: Type): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return String(a.len) === String(b.len) && sameType(a.elem, b.elem);
}

function err(loc: Loc, msg: string): never {
  throw new Error(`${loc.file}:${loc.line}:${loc.col}: ${msg}`);
}

/** Evaluates a constant expression (literals, consts and arithmetic). */
function constValue(e: Expr, consts: Map<string, number>): number {
  switch (e.k) {
    case 'lit': return e.v;
    case 'bool': return e.v ? 1 : 0;
    case 'name': {
      const v = consts.get(e.name);
      if (v === undefined) err(e.loc, `'${e.name}' is not a constant`);
      return v;
    }
    case 'unary': return e.op === '-' ? -constValue(e.a, consts) : err(e.loc, 'not a constant expression');
    case 'binary': {
      const a = constValue(e.a, consts), b = constValue(e.b, consts);
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
        default: return err(e.loc, 'not a constant expression');
      }
    }
    case 'call':
      if (e.fn === 'max') return Math.max(...e.args.map((x) => constValue(x, consts)));
      if (e.fn === 'min') return Math.min(...e.args.map((x) => constValue(x, consts)));
      return err(e.loc, 'not a constant expression');
    default: return err(e.loc, 'not a constant expression');
  }
}

class Checker {
  readonly types = new Map<Expr, Type>();
  readonly consts = new Map<string, number>();
  readonly fns: CheckedProgram['fns'] = new Map();
  private readonly globals = new Map<string, Sym>();
  private scopes: Map<string, Sym>[] = [];
  private ret?: Type;

  constructor(private readonly prog: Program) {}

  run(): CheckedProgram {
    for (const c of this.prog.consts) {
      this.consts.set(c.name, constValue(c.value, this.consts));
      this.expr(c.value, c.type);
      this.declare(this.globals, c.name, { type: c.type, mutable: false, kind: 'const' }, c.loc);
    }
    for (const u of this.prog.uniforms) this.declare(this.globals, u.name, { type: u.type, mutable: false, kind: 'uniform' }, u.loc);
    for (const g of this.prog.globals) {
      this.arrayLen(g.type, g.loc);
      this.declare(this.globals, g.name, { type: g.type, mutable: true, kind: 'global' }, g.loc);
    }
    for (const f of [...this.prog.externs, ...this.prog.fns]) {
      if (this.fns.has(f.name) || this.globals.has(f.name)) err(f.loc, `'${f.name}' is declared twice`);
      this.fns.set(f.name, { params: f.params, ret: f.ret, extern: !('body' in f) });
    }
    for (const f of this.prog.fns) this.fn(f);
    return { prog: this.prog, types: this.types, consts: this.consts, fns: this.fns };
  }

  private declare(scope: Map<string, Sym>, name: string, s: Sym, loc: Loc): void {
    if (scope.has(name)) err(loc, `'${name}' is declared twice`);
    if (scope !== this.globals && this.globals.get(name)?.kind === 'uniform') err(loc, `'${name}' shadows a uniform`);
    scope.set(name, s);
  }

  private arrayLen(t: Type, loc: Loc): void {
    if (typeof t === 'string') return;
    if (typeof t.len === 'string' && !this.consts.has(t.len)) err(loc, `array length '${t.len}' is not a constant`);
    this.arrayLen(t.elem, loc);
  }

  private lookup(name: string, loc: Loc): Sym {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i].get(name);
      if (s) return s;
    }
    const g = this.globals.get(name);
    if (!g) err(loc, `unknown name '${name}'`);
    return g;
  }

  private fn(f: FnDecl): void {
    this.scopes = [new Map()];
    for (const p of f.params) this.declare(this.scopes[0], p.name, { type: p.type, mutable: false, kind: 'param' }, f.loc);
    this.ret = f.ret;
    this.block(f.body);
  }

  private block(body: Stmt[]): void {
    this.scopes.push(new Map());
    for (const s of body) this.stmt(s);
    this.scopes.pop();
  }

  private stmt(s: Stmt): void {
    const top = (): Map<string, Sym> => this.scopes[this.scopes.length - 1];
    switch (s.k) {
      case 'let': case 'var': {
        if (s.type) this.arrayLen(s.type, s.loc);
        const t = s.init ? this.expr(s.init, s.type) : s.type!;
        if (s.type && !sameType(s.type, t)) err(s.loc, `'${s.name}' is ${typeName(s.type)} but its value is ${typeName(t)}`);
        this.declare(top(), s.name, { type: s.type ?? t, mutable: s.k === 'var', kind: 'local' }, s.loc);
        return;
      }
      case 'assign': {
        const t = this.lvalue(s.target);
        const v = this.expr(s.value, t);
        if (!sameType(t, v)) err(s.loc, `cannot assign ${typeName(v)} to ${typeName(t)}`);
        if (s.op !== '=' && typeof t !== 'string') err(s.loc, 'compound assignment to an array');
        return;
      }
      case 'incr': {
        const t = this.lvalue(s.target);
        if (t !== 'u32' && t !== 'i32') err(s.loc, `${s.op} needs an integer`);
        return;
      }
      case 'expr': this.expr(s.e); return;
      case 'if': this.cond(s.cond); this.block(s.then); if (s.else) this.block(s.else); return;
      case 'while': this.cond(s.cond); this.block(s.body); return;
      case 'loop': this.block(s.body); return;
      case 'for':
        this.scopes.push(new Map());
        if (s.init) this.stmt(s.init);
        this.cond(s.cond);
        this.stmt(s.step);
        this.block(s.body);
        this.scopes.pop();
        return;
      case 'return':
        if (!this.ret !== !s.value) err(s.loc, this.ret ? 'missing return value' : 'unexpected return value');
        if (s.value && this.ret) {
          const t = this.expr(s.value, this.ret);
          if (!sameType(t, this.ret)) err(s.loc, `returns ${typeName(t)}, declared ${typeName(this.ret)}`);
        }
        return;
      default: return;
    }
  }

  private cond(e: Expr): void {
    if (this.expr(e, 'bool') !== 'bool') err(e.loc, 'a condition must be bool');
  }

  private lvalue(e: Expr): Type {
    let base = e;
    while (base.k === 'index') base = base.a;
    if (base.k !== 'name') err(e.loc, 'not assignable');
    const s = this.lookup(base.name, base.loc);
    if (!s.mutable) err(e.loc, `'${base.name}' is not assignable (${s.kind})`);
    return this.expr(e);
  }

  /** Type of `e`; `want` types untyped integer literals. */
  expr(e: Expr, want?: Type): Type {
    const t = this.infer(e, want);
    this.types.set(e, t);
    return t;
  }

  private infer(e: Expr, want?: Type): Type {
    switch (e.k) {
      case 'lit':
        if (e.t !== 'int') return e.t;
        return want === 'real' || want === 'u32' || want === 'i32' ? want : 'i32';
      case 'bool': return 'bool';
      case 'name': return this.lookup(e.name, e.loc).type;
      case 'index': {
        const a = this.expr(e.a);
        if (typeof a === 'string') err(e.loc, 'indexing a scalar');
        const i = this.expr(e.i, 'u32');
        if (i !== 'u32' && i !== 'i32') err(e.loc, 'an index must be an integer');
        return a.elem;
      }
      case 'unary': {
        const a = this.expr(e.a, e.op === '!' ? 'bool' : want);
        if (e.op === '!' && a !== 'bool') err(e.loc, '! needs a bool');
        if (e.op === '~' && a !== 'u32' && a !== 'i32') err(e.loc, '~ needs an integer');
        return a;
      }
      case 'binary': return this.binary(e, want);
      case 'call': return this.call(e, want);
    }
  }

  private binary(e: Extract<Expr, { k: 'binary' }>, want?: Type): Type {
    const logical = e.op === '&&' || e.op === '||';
    const cmp = ['<', '<=', '>', '>=', '==', '!='].includes(e.op);
    const hint = logical ? 'bool' : cmp ? undefined : want;
    // Type the side that is not an untyped literal first, so the literal adopts its type.
    const untyped = (x: Expr): boolean => x.k === 'lit' && x.t === 'int';
    let ta: Type, tb: Type;
    if (untyped(e.a) && !untyped(e.b)) { tb = this.expr(e.b, hint); ta = this.expr(e.a, tb); }
    else { ta = this.expr(e.a, hint); tb = this.expr(e.b, e.op === '<<' || e.op === '>>' ? 'u32' : ta); }
    if (logical) {
      if (ta !== 'bool' || tb !== 'bool') err(e.loc, `${e.op} needs bools`);
      return 'bool';
    }
    if (e.op === '<<' || e.op === '>>') {
      if (ta !== 'u32' && ta !== 'i32') err(e.loc, `${e.op} needs an integer`);
      return ta;
    }
    if (!sameType(ta, tb)) err(e.loc, `${e.op} between ${typeName(ta)} and ${typeName(tb)}`);
    if (typeof ta !== 'string') err(e.loc, `${e.op} on arrays`);
    if (cmp) return 'bool';
    if (ta === 'bool') err(e.loc, `${e.op} on bools`);
    if ((e.op === '&' || e.op === '|' || e.op === '^') && ta === 'real') err(e.loc, `${e.op} on reals`);
    return ta;
  }

  private call(e: Extract<Expr, { k: 'call' }>, want?: Type): Type {
    const args = e.args;
    const argT = (i: number, w?: Type): Type => this.expr(args[i], w);
    const arity = (n: number): void => { if (args.length !== n) err(e.loc, `${e.fn} takes ${n} arguments`); };
    if (e.fn === 'real' || e.fn === 'u32' || e.fn === 'i32') {
      arity(1);
      const t = argT(0, e.fn);
      if (typeof t !== 'string') err(e.loc, 'converting an array');
      return e.fn;
    }
    if (REAL1.includes(e.fn)) { arity(1); if (argT(0, 'real') !== 'real') err(e.loc, `${e.fn} needs a real`); return 'real'; }
    if (e.fn === 'pow') { arity(2); if (argT(0, 'real') !== 'real' || argT(1, 'real') !== 'real') err(e.loc, 'pow needs reals'); return 'real'; }
    if (e.fn === 'abs' || e.fn === 'sign') { arity(1); return argT(0, want); }
    if (e.fn === 'min' || e.fn === 'max' || e.fn === 'clamp') {
      arity(e.fn === 'clamp' ? 3 : 2);
      const lead = args.findIndex((x) => !(x.k === 'lit' && x.t === 'int'));
      const t = argT(lead < 0 ? 0 : lead, want);
      args.forEach((_, i) => { if (i !== lead && !sameType(argT(i, t), t)) err(e.loc, `${e.fn} arguments differ in type`); });
      return t;
    }
    if (e.fn === 'select') {
      arity(3);
      if (argT(2, 'bool') !== 'bool') err(e.loc, 'select needs a bool condition');
      const lead = args[0].k === 'lit' && args[0].t === 'int' ? 1 : 0;
      const t = argT(lead, want);
      if (!sameType(argT(1 - lead, t), t)) err(e.loc, 'select branches differ in type');
      return t;
    }
    if (e.fn === 'countTrailingZeros') { arity(1); argT(0, 'u32'); return 'u32'; }
    const f = this.fns.get(e.fn);
    if (!f) err(e.loc, `unknown function '${e.fn}'`);
    arity(f.params.length);
    f.params.forEach((p, i) => {
      const t = argT(i, p.type);
      if (!sameType(t, p.type)) err(args[i].loc, `argument ${i + 1} of ${e.fn} is ${typeName(t)}, expected ${typeName(p.type)}`);
    });
    if (!f.ret) return 'bool';
    return f.ret;
  }
}

/** Checks a parsed program; throws with a source position on the first error. */
export function checkProgram(prog: Program): CheckedProgram {
  return new Checker(prog).run();
}

