/**
 * Expressions of one kernel function as WebAssembly instructions (the statement half is
 * wasm-function.ts). Every operation is the one the JS printer's text performs, in the same order —
 * IEEE f64 arithmetic, the targets' own exp (codegen/libm), Math's other functions imported
 * (V8 calls the same C functions it calls for JS) — so the two CPU targets give the same bits
 * (test/codegen/wasm/wasm-parity.test.ts holds them to it).
 */
import type { ArrayType, Expr, FnDecl, ScalarType, Type } from '../../kernel/lang/ast.js';
import { blockType, Bytes, OP, OP_FC, type ValType } from './wasm-encoder.js';
import { flatArray } from '../../kernel/lang/queries.js';
import type { ExprFunction, ValueTree } from '../../kernel/lang/expr-functions.js';
import { elemSize } from './wasm-layout.js';
import { EXP_SCRATCH, LOG_SCRATCH, emitExp, emitLog, type Scratch } from './wasm-libm.js';
import type { ArrRef, Binding, ExternEmitter, WasmModuleContext } from './wasm-context.js';

export const valType = (t: ScalarType): ValType => (t === 'real' ? 'f64' : 'i32');

/** Math functions imported from the host's Math (module "Math"), in import order. */
export const MATH_IMPORTS: { name: string; arity: number }[] = [
  { name: 'exp', arity: 1 }, { name: 'log', arity: 1 }, { name: 'pow', arity: 2 }, { name: 'cos', arity: 1 },
  { name: 'sin', arity: 1 }, { name: 'acos', arity: 1 }, { name: 'tanh', arity: 1 }, { name: 'log10', arity: 1 },
];

const F64_BIN: Record<string, number> = {
  '+': OP.f64_add, '-': OP.f64_sub, '*': OP.f64_mul, '/': OP.f64_div,
  '<': OP.f64_lt, '<=': OP.f64_le, '>': OP.f64_gt, '>=': OP.f64_ge, '==': OP.f64_eq, '!=': OP.f64_ne,
};
const I32_BIN: Record<string, [number, number]> = {
  '+': [OP.i32_add, OP.i32_add], '-': [OP.i32_sub, OP.i32_sub], '*': [OP.i32_mul, OP.i32_mul],
  '&': [OP.i32_and, OP.i32_and], '|': [OP.i32_or, OP.i32_or], '^': [OP.i32_xor, OP.i32_xor],
  '<<': [OP.i32_shl, OP.i32_shl], '>>': [OP.i32_shr_u, OP.i32_shr_s],
  '<': [OP.i32_lt_u, OP.i32_lt_s], '<=': [OP.i32_le_u, OP.i32_le_s], '>': [OP.i32_gt_u, OP.i32_gt_s],
  '>=': [OP.i32_ge_u, OP.i32_ge_s], '==': [OP.i32_eq, OP.i32_eq], '!=': [OP.i32_ne, OP.i32_ne],
};

/** The WebAssembly integer division or remainder of a KL operator ('/' or '%', '/=') and type. */
const divisionOp = (op: string, t: ScalarType): number =>
  op.startsWith('/') ? (t === 'i32' ? OP.i32_div_s : OP.i32_div_u) : (t === 'i32' ? OP.i32_rem_s : OP.i32_rem_u);

export class ExprEmitter implements ExternEmitter {
  readonly b = new Bytes();
  readonly locals: ValType[] = [];
  protected readonly scopes: Map<string, Binding>[] = [new Map()];
  protected readonly nParams: number;
  private readonly scratchLocals = new Map<string, Scratch>();

  constructor(readonly m: WasmModuleContext, readonly f: FnDecl) {
    this.nParams = f.params.length + (f.ret && typeof f.ret !== 'string' ? 1 : 0);
  }

  newLocal(t: ValType): number { return this.nParams + this.locals.push(t) - 1; }
  op(...xs: number[]): void { this.b.u8(...xs); }
  i32(v: number): void { this.b.u8(OP.i32_const).sleb(v | 0); }
  f64(v: number): void { this.b.u8(OP.f64_const).f64(v); }
  get(i: number): void { this.b.u8(OP.local_get).uleb(i); }
  set(i: number): void { this.b.u8(OP.local_set).uleb(i); }
  callIndex(i: number): void { this.b.u8(OP.call).uleb(i); }
  callImport(name: string): void { this.callIndex(this.m.importIndex(name)); }
  exp(): void { emitExp(this.b, this.m.libmSite, this.scratch('exp', EXP_SCRATCH)); }
  log(): void { emitLog(this.b, this.m.libmSite, this.scratch('log', LOG_SCRATCH)); }
  /** A routine's scratch locals in this function, made on its first use. */
  private scratch(routine: string, types: Record<string, ValType>): Scratch {
    let s = this.scratchLocals.get(routine);
    if (!s) {
      s = Object.fromEntries(Object.entries(types).map(([k, t]) => [k, this.newLocal(t)]));
      this.scratchLocals.set(routine, s);
    }
    return s;
  }
  /** rt_pow of the JS target: exp(b·ln a) with the own exp and log for a > 0, else the host's pow; a evaluated once. */
  pow(a: () => void, b: () => void): void {
    a(); const x = this.stash('f64');
    this.get(x); this.f64(0); this.op(OP.f64_gt); this.b.u8(OP.if, blockType('f64'));
    b(); this.get(x); this.log(); this.op(OP.f64_mul); this.exp();
    this.op(OP.else); this.get(x); b(); this.callImport('pow'); this.op(OP.end);
  }
  /** A value of type t into a fresh local (it is then read more than once). */
  stash(t: ValType): number { const l = this.newLocal(t); this.set(l); return l; }

  typeOf(e: Expr): Type { return this.m.types.get(e)!; }
  protected scalarOf(e: Expr): ScalarType { return this.typeOf(e) as ScalarType; }

  lookup(name: string): Binding {
    for (let i = this.scopes.length - 1; i >= 0; i--) { const b = this.scopes[i].get(name); if (b) return b; }
    const g = this.m.globals.get(name);
    if (!g) throw new Error(`wasm printer: unknown name '${name}' in ${this.f.name}`);
    return g;
  }

  /** Loads (or stores: value already pushed after the address) a scalar at the address on the stack + offset. */
  load(t: ScalarType, offset: number): void {
    if (t === 'real') this.b.u8(OP.f64_load, 3).uleb(offset);
    else if (t === 'bool') this.b.u8(OP.i32_load8_u, 0).uleb(offset);
    else this.b.u8(OP.i32_load, 2).uleb(offset);
  }
  store(t: ScalarType, offset: number): void {
    if (t === 'real') this.b.u8(OP.f64_store, 3).uleb(offset);
    else if (t === 'bool') this.b.u8(OP.i32_store8, 0).uleb(offset);
    else this.b.u8(OP.i32_store, 2).uleb(offset);
  }

  /** Pushes an array's base address. */
  pushRef(r: ArrRef): void { if ('addr' in r) this.i32(r.addr); else this.get(r.local); }

  /**
   * Pushes the address of scalar element a[i] and returns the constant byte offset to load or store
   * with (a row of a 2-D array is itself a reference: ref()).
   */
  elementAddr(e: Extract<Expr, { k: 'index' }>): number {
    const size = elemSize(this.scalarOf(e));
    const base = this.ref(e.a);
    if (e.i.k === 'lit') {
      if ('addr' in base) { this.i32(0); return base.addr + e.i.v * size; }
      this.get(base.local);
      return e.i.v * size;
    }
    this.pushRef(base);
    this.expr(e.i); this.i32(size); this.op(OP.i32_mul, OP.i32_add);
    return 0;
  }

  /** An array-valued expression as a reference (a call writes into a temporary first). */
  ref(e: Expr): ArrRef {
    if (e.k === 'name') {
      const b = this.lookup(e.name);
      if (b.k !== 'arr') throw new Error(`wasm printer: '${e.name}' is not an array`);
      return b.ref;
    }
    if (e.k === 'index') {
      // A row of a 2-D array.
      const base = this.ref(e.a);
      const f = flatArray(this.typeOf(e) as ArrayType);
      const rowBytes = f.n * elemSize(f.elem);
      if (e.i.k === 'lit' && 'addr' in base) return { addr: base.addr + e.i.v * rowBytes };
      this.pushRef(base);
      this.expr(e.i); this.i32(rowBytes); this.op(OP.i32_mul, OP.i32_add);
      return { local: this.stash('i32') };
    }
    if (e.k === 'call') {
      const tmp = { addr: this.m.layout.alloc(this.typeOf(e) as ArrayType) };
      this.callFn(e, tmp);
      return tmp;
    }
    throw new Error(`wasm printer: not an array reference: ${e.k}`);
  }

  /** A call of a kernel function (arguments in order; an array result written at `out`). */
  callFn(e: Extract<Expr, { k: 'call' }>, out?: ArrRef): void {
    const fx = out ? undefined : this.m.exprFn(e.fn);
    if (fx) { this.inlineValue(e, fx); return; }
    for (const a of e.args) {
      if (typeof this.typeOf(a) === 'string') this.expr(a); else this.pushRef(this.ref(a));
    }
    if (out) this.pushRef(out);
    this.callIndex(this.m.fnIndex(e.fn));
  }

  /**
   * An expression function's value in place of its call (kernel/lang/expr-functions.ts): the
   * arguments into fresh locals in order, then the value with only those in scope — what the call
   * would do.
   */
  private inlineValue(e: Extract<Expr, { k: 'call' }>, fx: ExprFunction): void {
    const params = new Map<string, Binding>();
    const declared = this.m.signature(e.fn)!.params;
    e.args.forEach((a, i) => {
      const t = declared[i].type as ScalarType;
      this.expr(a);
      params.set(fx.params[i], { k: 'local', idx: this.stash(valType(t)), t });
    });
    const caller = this.scopes.splice(0, this.scopes.length, params);
    const t = valType(this.scalarOf(e));
    const write = (v: ValueTree): void => {
      if (v.k === 'value') { this.expr(v.e); return; }
      this.expr(v.c); this.b.u8(OP.if, blockType(t)); write(v.a); this.op(OP.else); write(v.b); this.op(OP.end);
    };
    write(fx.value);
    this.scopes.splice(0, this.scopes.length, ...caller);
  }

  expr(e: Expr): void {
    switch (e.k) {
      case 'lit': if (this.scalarOf(e) === 'real') this.f64(e.v); else this.i32(e.v); return;
      case 'bool': this.i32(e.v ? 1 : 0); return;
      case 'name': {
        const b = this.lookup(e.name);
        if (b.k === 'local') this.get(b.idx);
        else if (b.k === 'global') this.b.u8(OP.global_get).uleb(b.idx);
        else throw new Error(`wasm printer: array '${e.name}' used as a scalar`);
        return;
      }
      case 'index': { const off = this.elementAddr(e); this.load(this.scalarOf(e), off); return; }
      case 'unary': return this.unary(e);
      case 'binary': return this.binary(e);
      case 'call': return this.call(e);
    }
  }

  private unary(e: Extract<Expr, { k: 'unary' }>): void {
    const t = this.scalarOf(e.a);
    if (e.op === '!') { this.expr(e.a); this.op(OP.i32_eqz); return; }
    if (e.op === '~') { this.expr(e.a); this.i32(-1); this.op(OP.i32_xor); return; }
    if (t === 'real') { this.expr(e.a); this.op(OP.f64_neg); return; }
    this.i32(0); this.expr(e.a); this.op(OP.i32_sub);
  }

  private binary(e: Extract<Expr, { k: 'binary' }>): void {
    if (e.op === '&&' || e.op === '||') {
      this.expr(e.a);
      this.b.u8(OP.if, blockType('i32'));
      if (e.op === '&&') { this.expr(e.b); this.op(OP.else); this.i32(0); } else { this.i32(1); this.op(OP.else); this.expr(e.b); }
      this.op(OP.end);
      return;
    }
    const t = this.scalarOf(e.a);
    if (t === 'real') {
      this.expr(e.a); this.expr(e.b);
      if (e.op === '%') { this.callImport('fmod'); return; }
      const op = F64_BIN[e.op];
      if (op === undefined) throw new Error(`wasm printer: ${e.op} on reals`);
      this.op(op);
      return;
    }
    if (e.op === '/' || e.op === '%') return this.intDivision(e, t);
    const pair = I32_BIN[e.op];
    if (!pair) throw new Error(`wasm printer: ${e.op} on ${t}`);
    this.expr(e.a); this.expr(e.b);
    this.op(t === 'i32' ? pair[1] : pair[0]);
  }

  /** Integer / and %: 0 for a zero divisor (what the JS target's `(a / 0) >>> 0` gives), no trap. */
  private intDivision(e: Extract<Expr, { k: 'binary' }>, t: ScalarType): void {
    this.expr(e.a); this.expr(e.b);
    if (e.b.k === 'lit' && e.b.v !== 0) this.op(divisionOp(e.op, t)); else this.divideOrZero(e.op, t);
  }

  /** a / d or a % d of the two integers on the stack, 0 where d is 0 (also for `/=`). */
  divideOrZero(op: string, t: ScalarType): void {
    const d = this.stash('i32'), a = this.stash('i32');
    this.get(d); this.op(OP.i32_eqz); this.b.u8(OP.if, blockType('i32'));
    this.i32(0); this.op(OP.else); this.get(a); this.get(d); this.op(divisionOp(op, t)); this.op(OP.end);
  }

  private call(e: Extract<Expr, { k: 'call' }>): void {
    const args = e.args.map((a) => () => this.expr(a));
    const ext = this.m.externs[e.fn];
    if (ext) { ext(this, args); return; }
    if (this.m.isKernelFn(e.fn)) { this.callFn(e); return; }
    const t = this.scalarOf(e);
    const at = e.args.length > 0 ? this.scalarOf(e.args[0]) : 'real';
    switch (e.fn) {
      case 'real':
        args[0]();
        if (at === 'u32' || at === 'bool') this.op(OP.f64_convert_i32_u); else if (at === 'i32') this.op(OP.f64_convert_i32_s);
        return;
      case 'u32': case 'i32':
        // ToUint32 / ToInt32 of a real, as the JS target's `x >>> 0` and `x | 0` (same bits).
        args[0]();
        if (at === 'real') { this.b.u8(0xfc).uleb(OP_FC.i64_trunc_sat_f64_s); this.op(OP.i32_wrap_i64); }
        return;
      case 'select': {
        args[2](); this.b.u8(OP.if, blockType(valType(t))); args[1](); this.op(OP.else); args[0](); this.op(OP.end);
        return;
      }
      case 'min': case 'max': args[0](); args[1](); return this.minMax(e.fn, t);
      case 'clamp': args[0](); args[1](); this.minMax('max', t); args[2](); this.minMax('min', t); return;
      case 'abs':
        args[0]();
        if (t === 'real') this.op(OP.f64_abs);
        else if (t === 'i32') { const x = this.stash('i32'); this.i32(0); this.get(x); this.op(OP.i32_sub); this.get(x); this.get(x); this.i32(0); this.op(OP.i32_lt_s, OP.select); }
        return;
      case 'sign': return this.sign(args[0], t);
      case 'sqrt': args[0](); this.op(OP.f64_sqrt); return;
      case 'floor': args[0](); this.op(OP.f64_floor); return;
      case 'ceil': args[0](); this.op(OP.f64_ceil); return;
      case 'trunc': args[0](); this.op(OP.f64_trunc); return;
      case 'countTrailingZeros': args[0](); this.op(OP.i32_ctz); return;
      case 'exp': args[0](); this.exp(); return;
      case 'pow': this.pow(args[0], args[1]); return;
      case 'log': args[0](); this.log(); return;
      default: break;
    }
    if (MATH_IMPORTS.some((x) => x.name === e.fn)) { for (const a of args) a(); this.callImport(e.fn); return; }
    throw new Error(`wasm printer: unknown function '${e.fn}'`);
  }

  /** min/max of the two values on the stack (reals: f64.min/max, which treat NaN and ±0 as Math does). */
  private minMax(fn: 'min' | 'max', t: ScalarType): void {
    if (t === 'real') { this.op(fn === 'min' ? OP.f64_min : OP.f64_max); return; }
    const b = this.stash('i32'), a = this.stash('i32');
    this.get(a); this.get(b); this.get(a); this.get(b);
    const lt = t === 'i32' ? OP.i32_lt_s : OP.i32_lt_u;
    this.op(lt);
    if (fn === 'max') this.op(OP.i32_eqz);
    this.op(OP.select);
  }

  /** Math.sign: 1, -1, or the value itself (±0, NaN). */
  private sign(arg: () => void, t: ScalarType): void {
    arg();
    if (t !== 'real') throw new Error('wasm printer: sign of an integer');
    const x = this.stash('f64');
    this.get(x); this.f64(0); this.op(OP.f64_gt); this.b.u8(OP.if, blockType('f64')); this.f64(1); this.op(OP.else);
    this.get(x); this.f64(0); this.op(OP.f64_lt); this.b.u8(OP.if, blockType('f64')); this.f64(-1); this.op(OP.else);
    this.get(x); this.op(OP.end, OP.end);
  }
}
