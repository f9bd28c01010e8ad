/**
 * Kernel program → JavaScript (the CPU target). Prints only; every decision about what the kernel
 * does was made in the program and the shared passes (lang/transform.ts).
 *
 * How WGSL's value semantics map onto typed arrays without allocating per call:
 * - real scalars of the module live in one Float64Array (a mutable closure double would be boxed);
 *   integer and bool scalars are closure variables (small integers are unboxed);
 * - arrays are typed arrays allocated once; 2-D arrays are one flat array plus row views;
 * - an array `let`/`var` is a scratch array hoisted out of its function (WGSL has no recursion, so
 *   one frame per function is live at a time); assignment copies (`set`);
 * - a function returning an array writes into a trailing out-parameter; a call used inside an
 *   expression writes into a hoisted per-call-site temporary; a destination that the call also
 *   reads goes through a temporary, so no argument is overwritten while the callee reads it.
 */
import type { ArrayType, Expr, ExternPrinter, FnDecl, Program, ScalarType, Stmt, Type } from '../../kernel/lang/ast.js';
import { checkProgram, type CheckedProgram } from '../../kernel/lang/check.js';
import { flatArray, mentions, returnedLocal } from '../../kernel/lang/queries.js';
import { findExprFunctions, isPureCall, pureExpr, type ExprFunction, type ValueTree } from '../../kernel/lang/expr-functions.js';

/** `subst`: parameter texts while an expression function's value is printed in place of its call. */
interface Ctx { fn: FnDecl; outAlias?: string; locals: Map<string, Type>; subst?: Map<string, string> }

const MATH: Record<string, string> = {
  abs: 'Math.abs', sqrt: 'Math.sqrt', exp: 'rt_exp', log: 'rt_log', floor: 'Math.floor', ceil: 'Math.ceil',
  cos: 'Math.cos', sin: 'Math.sin', acos: 'Math.acos', tanh: 'Math.tanh', trunc: 'Math.trunc', sign: 'Math.sign',
  pow: 'rt_pow', min: 'Math.min', max: 'Math.max',
};

const ctorOf = (t: ScalarType): string =>
  t === 'real' ? 'Float64Array' : t === 'u32' ? 'Uint32Array' : t === 'i32' ? 'Int32Array' : 'Uint8Array';

export class JsPrinter {
  private readonly c: CheckedProgram;
  private readonly realSlot = new Map<string, number>();
  private readonly globals = new Map<string, Type>();
  private readonly hoisted: string[] = [];
  private tmp = 0;
  /** Slot in A of each real parameter, per function (see passReals). */
  private readonly argSlot = new Map<string, (number | undefined)[]>();
  private nArg = 0;
  private nArgTemp = 0;
  private readonly exprFns: Map<string, ExprFunction>;

  /** `entries` are called by the harness: they keep ordinary JS parameters. */
  constructor(prog: Program, private readonly externs: Record<string, ExternPrinter>, private readonly entries: string[] = []) {
    this.c = checkProgram(prog);
    this.exprFns = findExprFunctions(this.c.prog.fns, (name) => isPureCall(name, externs, this.c.fns));
  }

  /** Declarations of the module state and every function, as JS statements. */
  print(): string {
    const decl: string[] = [];
    for (const g of this.c.prog.globals) {
      this.globals.set(g.name, g.type);
      if (g.type === 'real') { this.realSlot.set(g.name, this.realSlot.size); continue; }
      if (typeof g.type === 'string') { decl.push(`let ${g.name} = ${g.type === 'bool' ? 'false' : '0'};`); continue; }
      decl.push(...this.arrayDecl(g.name, g.type));
    }
    decl.unshift(`const G = new Float64Array(${Math.max(1, this.realSlot.size)});`);
    for (const u of this.c.prog.uniforms) decl.push(`let U_${u.name} = 0;`);
    for (const f of this.c.prog.fns) {
      const byValue = this.entries.includes(f.name);
      this.argSlot.set(f.name, f.params.map((p) => (p.type === 'real' && !byValue ? this.nArg++ : undefined)));
    }
    const fns = this.c.prog.fns.map((f) => this.fn(f));
    decl.push(`const A = new Float64Array(${Math.max(1, this.nArg)}), AT = new Float64Array(${Math.max(1, this.nArgTemp)}), R = new Float64Array(1);`);
    return [...decl, ...this.hoisted, ...fns].join('\n');
  }

  private arrayDecl(name: string, t: ArrayType): string[] {
    const f = flatArray(t);
    const lines = [`const ${name} = new ${ctorOf(f.elem)}(${Math.max(1, f.n)});`];
    if (typeof t.elem !== 'string') lines.push(`const ${name}__r = [${Array.from({ length: t.len as number }, (_, k) => `${name}.subarray(${k * f.row}, ${(k + 1) * f.row})`).join(', ')}];`);
    return lines;
  }

  private typeOf(e: Expr): Type { return this.c.types.get(e)!; }

  /**
   * Real parameters travel through the Float64Array A, one slot per (function, parameter), read into
   * locals at entry: a double passed to a call V8 does not inline is boxed, one allocation per call
   * (six right-hand sides per step). Callers store A only after evaluating every argument.
   */
  private fn(f: FnDecl): string {
    const slots = this.argSlot.get(f.name)!;
    const params = f.params.filter((_, i) => slots[i] === undefined).map((p) => p.name);
    const entry = f.params.flatMap((p, i) => (slots[i] === undefined ? [] : [`  const ${p.name} = A[${slots[i]}];`]));
    const ctx: Ctx = { fn: f, locals: new Map(f.params.map((p) => [p.name, p.type])) };
    for (const p of f.params) {
      if (typeof p.type !== 'string' && typeof p.type.elem !== 'string') throw new Error(`js printer: 2-D array parameter '${p.name}' of ${f.name}`);
    }
    if (f.ret && typeof f.ret !== 'string') {
      params.push('__out');
      ctx.outAlias = returnedLocal(f.body);
    }
    const body = this.hoistGlobals(f, this.stmts(f.body, ctx, '  '));
    return `function ${f.name}(${params.join(', ')}) {\n${[...entry, body].join('\n')}\n}`;
  }

  /**
   * In a function that calls no kernel function (right-hand sides, outputs), module reals it only
   * reads are loaded once into locals: its stores into typed arrays could alias G as far as the JIT
   * knows, which would otherwise reload every parameter after every store.
   */
  private hoistGlobals(f: FnDecl, body: string): string {
    const calls = new Set<string>();
    const written = new Set<string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) { node.forEach(walk); return; }
      const n = node as { k?: string; fn?: string; target?: Expr };
      if (n.k === 'call' && n.fn && this.c.fns.get(n.fn)?.extern === false) calls.add(n.fn);
      if ((n.k === 'assign' || n.k === 'incr') && n.target?.k === 'name') written.add(n.target.name);
      for (const [key, v] of Object.entries(node)) if (key !== 'loc') walk(v);
    };
    walk(f.body);
    if (calls.size > 0) return body;
    const skip = new Set([...written].map((w) => this.realSlot.get(w)).filter((x) => x !== undefined));
    const seen = new Set<number>();
    const text = body.replace(/\bG\[(\d+)\]/g, (m, k: string) => {
      if (skip.has(+k)) return m;
      seen.add(+k);
      return `g_${k}`;
    });
    return [...[...seen].map((k) => `  const g_${k} = G[${k}];`), text].join('\n');
  }

  private stmts(list: Stmt[], ctx: Ctx, ind: string): string {
    return list.map((s) => this.stmt(s, ctx, ind)).join('\n');
  }

  private stmt(s: Stmt, ctx: Ctx, ind: string): string {
    const inner = (body: Stmt[]): string => this.stmts(body, { ...ctx, locals: new Map(ctx.locals) }, `${ind}  `);
    switch (s.k) {
      case 'let': case 'var': return ind + this.declare(s, ctx);
      case 'assign': return ind + this.assign(s.target, s.op, s.value, ctx);
      case 'incr': return `${ind}${this.lvalue(s.target, ctx)}${s.op};`;
      case 'expr': return `${ind}${this.expr(s.e, ctx)};`;
      case 'if':
        if (s.cond.k === 'bool' && s.cond.v) return `${ind}{\n${inner(s.then)}\n${ind}}`;
        return `${ind}if (${this.expr(s.cond, ctx)}) {\n${inner(s.then)}\n${ind}}${s.else ? ` else {\n${inner(s.else)}\n${ind}}` : ''}`;
      case 'while': return `${ind}while (${this.expr(s.cond, ctx)}) {\n${inner(s.body)}\n${ind}}`;
      case 'loop': return `${ind}for (;;) {\n${inner(s.body)}\n${ind}}`;
      case 'for': {
        const c2 = { ...ctx, locals: new Map(ctx.locals) };
        const init = s.init ? this.stmt(s.init, c2, '').replace(/;$/, '') : '';
        const step = this.stmt(s.step, c2, '').replace(/;$/, '');
        return `${ind}for (${init}; ${this.expr(s.cond, c2)}; ${step}) {\n${this.stmts(s.body, c2, `${ind}  `)}\n${ind}}`;
      }
      case 'break': return `${ind}break;`;
      case 'continue': return `${ind}continue;`;
      case 'return': return ind + this.ret(s.value, ctx);
    }
  }

  private ret(value: Expr | undefined, ctx: Ctx): string {
    if (!value) return 'return;';
    // A real result goes through R (a double returned from a call V8 does not inline is boxed).
    if (ctx.fn.ret === 'real' && !this.entries.includes(ctx.fn.name)) return `R[0] = ${this.expr(value, ctx)}; return;`;
    if (!ctx.fn.ret || typeof ctx.fn.ret === 'string') return `return ${this.expr(value, ctx)};`;
    if (value.k === 'name' && value.name === ctx.outAlias) return 'return;';
    return `${this.copyInto('__out', value, ctx)} return;`;
  }

  private declare(s: Extract<Stmt, { k: 'let' | 'var' }>, ctx: Ctx): string {
    const t = s.type ?? this.typeOf(s.init!);
    ctx.locals.set(s.name, t);
    if (typeof t === 'string') {
      const kw = s.k === 'let' ? 'const' : 'let';
      const init = s.init ? this.expr(s.init, ctx) : t === 'bool' ? 'false' : '0';
      return `${kw} ${s.name} = ${init};`;
    }
    if (s.name === ctx.outAlias) {
      // Callers never pass an argument as __out (copyInto), so writing it early reads no argument.
      return `const ${s.name} = __out; ${s.init ? this.copyInto(s.name, s.init, ctx) : this.clearText(s.name, flatArray(t).n)}`;
    }
    const scratch = `S${this.tmp++}_${ctx.fn.name}_${s.name}`;
    this.hoisted.push(...this.arrayDecl(scratch, t));
    const head = `const ${s.name} = ${scratch};${typeof t.elem !== 'string' ? ` const ${s.name}__r = ${scratch}__r;` : ''}`;
    return s.init ? `${head} ${this.copyInto(s.name, s.init, ctx)}` : `${head} ${this.clearText(s.name, flatArray(t).n)}`;
  }

  /** `dest = value` for an array value: a copy, or the call writing into dest (via a temporary when it reads dest). */
  private copyInto(dest: string, value: Expr, ctx: Ctx, destRoot?: string): string {
    if (value.k === 'call' && !(value.fn in this.externs)) {
      const reads = destRoot !== undefined && mentions(value, destRoot);
      if (!reads) return `${this.callText(value, ctx, dest)};`;
      const tt = this.typeOf(value) as ArrayType;
      const t = this.temp(tt);
      return `${this.callText(value, ctx, t)}; ${this.copyText(dest, t, flatArray(tt).n)}`;
    }
    return this.copyText(dest, this.ref(value, ctx), flatArray(this.typeOf(value) as ArrayType).n);
  }

  /**
   * Copies and clears of small arrays as loops: TurboFan inlines them, while the set/fill builtins
   * cost a call each (several per right-hand side; the dense-output pair, 5 × 13, every step).
   */
  private copyText(dest: string, src: string, n: number): string {
    if (n > 128) return `${dest}.set(${src});`;
    return `{ const s_ = ${src}; for (let k_ = 0; k_ < ${n}; k_++) ${dest}[k_] = s_[k_]; }`;
  }

  private clearText(dest: string, n: number): string {
    return n > 64 ? `${dest}.fill(0);` : `for (let k_ = 0; k_ < ${n}; k_++) ${dest}[k_] = 0;`;
  }

  private assign(target: Expr, op: string, value: Expr, ctx: Ctx): string {
    const t = this.typeOf(target);
    if (typeof t !== 'string') {
      let root = target;
      while (root.k === 'index') root = root.a;
      return this.copyInto(this.ref(target, ctx), value, ctx, root.k === 'name' ? root.name : undefined);
    }
    const v = this.expr(value, ctx);
    const lhs = this.lvalue(target, ctx);
    if (op === '=') return `${lhs} = ${v};`;
    const bin = op.slice(0, 1);
    if (t === 'u32' && (bin === '|' || bin === '&' || bin === '/')) return `${lhs} = ${this.intOp(bin, lhs, v, t)};`;
    return `${lhs} ${op} ${v};`;
  }

  /** A scalar assignment target (a bool element is stored as 0/1 by its typed array). */
  private lvalue(target: Expr, ctx: Ctx): string {
    return target.k === 'index' ? this.element(target, ctx) : this.expr(target, ctx);
  }

  /** A hoisted temporary array of type t (one per use site). */
  private temp(t: ArrayType): string {
    const name = `T${this.tmp++}`;
    this.hoisted.push(...this.arrayDecl(name, t));
    return name;
  }

  /** An array-typed expression as a typed-array reference. */
  private ref(e: Expr, ctx: Ctx): string {
    if (e.k === 'name') return e.name;
    if (e.k === 'index') return `${this.ref(e.a, ctx)}__r[${this.expr(e.i, ctx)}]`;
    if (e.k === 'call') {
      const t = this.temp(this.typeOf(e) as ArrayType);
      return `(${this.callText(e, ctx, t)}, ${t})`;
    }
    throw new Error(`js printer: not an array reference: ${e.k}`);
  }

  private callText(e: Extract<Expr, { k: 'call' }>, ctx: Ctx, out?: string): string {
    const slots = this.argSlot.get(e.fn);
    const args: string[] = [], stores: string[] = [], temps: string[] = [];
    // Arguments with calls in them go through AT first, so no call overwrites A before this one.
    const direct = e.args.every((a, i) => slots?.[i] === undefined || !this.hasCall(a));
    e.args.forEach((a, i) => {
      const text = typeof this.typeOf(a) === 'string' ? this.expr(a, ctx) : this.ref(a, ctx);
      const slot = slots?.[i];
      if (slot === undefined) { args.push(text); return; }
      if (direct) { stores.push(`A[${slot}] = ${text}`); return; }
      const t = this.nArgTemp++;
      temps.push(`AT[${t}] = ${text}`);
      stores.push(`A[${slot}] = AT[${t}]`);
    });
    if (out !== undefined) args.push(out);
    const call = `${e.fn}(${args.join(', ')})`;
    return stores.length ? `(${[...temps, ...stores, call].join(', ')})` : call;
  }

  private hasCall(e: Expr): boolean {
    switch (e.k) {
      case 'call': return (this.c.fns.get(e.fn)?.extern === false) || e.args.some((a) => this.hasCall(a));
      case 'index': return this.hasCall(e.a) || this.hasCall(e.i);
      case 'unary': return this.hasCall(e.a);
      case 'binary': return this.hasCall(e.a) || this.hasCall(e.b);
      default: return false;
    }
  }

  private intOp(op: string, a: string, b: string, t: Type): string {
    if (op === '/') return t === 'u32' ? `((${a} / ${b}) >>> 0)` : `((${a} / ${b}) | 0)`;
    return t === 'u32' ? `((${a} ${op} ${b}) >>> 0)` : `(${a} ${op} ${b})`;
  }

  expr(e: Expr, ctx: Ctx): string {
    switch (e.k) {
      case 'lit': return e.v < 0 ? `(${e.v})` : Number.isNaN(e.v) ? 'NaN' : String(e.v);
      case 'bool': return e.v ? 'true' : 'false';
      case 'name': {
        const arg = ctx.subst?.get(e.name);
        if (arg !== undefined) return arg;
        if (ctx.locals.has(e.name)) return e.name;
        const slot = this.realSlot.get(e.name);
        if (slot !== undefined) return `G[${slot}]`;
        if (this.globals.has(e.name)) return e.name;
        return `U_${e.name}`;
      }
      case 'index': {
        const t = this.typeOf(e);
        if (typeof t !== 'string') return this.ref(e, ctx);
        const el = this.element(e, ctx);
        return t === 'bool' ? `(${el} !== 0)` : el;
      }
      case 'unary': {
        const a = this.expr(e.a, ctx);
        if (e.op === '~') return this.typeOf(e) === 'u32' ? `(~${a} >>> 0)` : `(~${a})`;
        return `(${e.op}${a})`;
      }
      case 'binary': {
        const t = this.typeOf(e.a);
        const a = this.expr(e.a, ctx), b = this.expr(e.b, ctx);
        if ((t === 'u32' || t === 'i32') && ['/', '&', '|', '^', '<<', '>>'].includes(e.op)) {
          return this.intOp(e.op === '>>' && t === 'u32' ? '>>>' : e.op, a, b, t);
        }
        const op = e.op === '==' ? '===' : e.op === '!=' ? '!==' : e.op;
        return `(${a} ${op} ${b})`;
      }
      case 'call': return this.call(e, ctx);
    }
  }

  /** Element access of a scalar (1-D, or flattened 2-D). */
  private element(e: Extract<Expr, { k: 'index' }>, ctx: Ctx): string {
    if (e.a.k === 'index') {
      const outer = e.a;
      const row = flatArray(this.typeOf(outer.a) as ArrayType).row;
      return `${this.ref(outer.a, ctx)}[${this.expr(outer.i, ctx)} * ${row} + ${this.expr(e.i, ctx)}]`;
    }
    return `${this.ref(e.a, ctx)}[${this.expr(e.i, ctx)}]`;
  }

  /**
   * A call of an expression function (expr-functions.ts) as its value, or undefined where that could
   * change what the program does: an argument with a side effect, an argument that is not a plain
   * name or literal read twice, or a caller's local shadowing a module name the value reads.
   */
  private inlineCall(e: Extract<Expr, { k: 'call' }>, ctx: Ctx): string | undefined {
    const fx = this.exprFns.get(e.fn);
    if (!fx || this.entries.includes(e.fn) || [...fx.free].some((n) => ctx.locals.has(n) || ctx.subst?.has(n))) return undefined;
    const subst = new Map<string, string>();
    for (const [i, a] of e.args.entries()) {
      const uses = fx.uses.get(fx.params[i]) ?? 0;
      const simple = a.k === 'name' || a.k === 'lit' || a.k === 'bool';
      if (!pureExpr(a, this.exprFns, (n) => isPureCall(n, this.externs, this.c.fns)) || (uses > 1 && !simple)) return undefined;
      subst.set(fx.params[i], simple ? this.expr(a, ctx) : `(${this.expr(a, ctx)})`);
    }
    const inner: Ctx = { fn: this.c.prog.fns.find((f) => f.name === e.fn)!, locals: new Map(), subst };
    const print = (t: ValueTree): string => (t.k === 'value' ? this.expr(t.e, inner) : `(${this.expr(t.c, inner)} ? ${print(t.a)} : ${print(t.b)})`);
    return print(fx.value);
  }

  private call(e: Extract<Expr, { k: 'call' }>, ctx: Ctx): string {
    const t = this.typeOf(e);
    const args = (): string[] => e.args.map((a) => this.expr(a, ctx));
    const ext = this.externs[e.fn];
    if (ext) return ext(args());
    if (typeof t !== 'string' && this.c.fns.has(e.fn)) return this.ref(e, ctx);
    switch (e.fn) {
      case 'real': return this.typeOf(e.args[0]) === 'bool' ? `(${args()[0]} ? 1 : 0)` : args()[0];
      case 'u32': return this.typeOf(e.args[0]) === 'bool' ? `(${args()[0]} ? 1 : 0)` : `(${args()[0]} >>> 0)`;
      case 'i32': return this.typeOf(e.args[0]) === 'bool' ? `(${args()[0]} ? 1 : 0)` : `(${args()[0]} | 0)`;
      case 'select': { const [f, tr, c] = args(); return `(${c} ? ${tr} : ${f})`; }
      case 'clamp': { const [x, lo, hi] = args(); return `Math.min(Math.max(${x}, ${lo}), ${hi})`; }
      case 'countTrailingZeros': return `(31 - Math.clz32(${args()[0]} & -${args()[0]}))`;
      default: break;
    }
    if (MATH[e.fn]) return `${MATH[e.fn]}(${args().join(', ')})`;
    const inlined = this.inlineCall(e, ctx);
    if (inlined !== undefined) return inlined;
    if (this.c.fns.has(e.fn)) return t === 'real' && !this.entries.includes(e.fn) ? `(${this.callText(e, ctx)}, R[0])` : this.callText(e, ctx);
    return `${e.fn}(${args().join(', ')})`;
  }
}

/** Prints a specialised program as JS declarations (module state and functions). */
export function printJs(prog: Program, externs: Record<string, ExternPrinter>, entries: string[] = []): string {
  return new JsPrinter(prog, externs, entries).print();
}
