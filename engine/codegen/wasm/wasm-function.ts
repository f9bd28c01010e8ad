/**
 * Statements of one kernel function as WebAssembly (expressions: wasm-expr.ts). KL's structured
 * control flow maps onto blocks and loops: `break` leaves the innermost loop's outer block,
 * `continue` the block around its body. Array values keep KL's value semantics: assignment copies
 * (unrolled for small arrays, memory.copy beyond), a function returning an array writes into a
 * trailing out-address, and a call whose destination it also reads goes through a temporary — the
 * JS printer's rules, so both targets see the same program.
 */
import type { ArrayType, Expr, FnDecl, ScalarType, Stmt } from '../../kernel/lang/ast.js';
import { BLOCK_VOID, OP, OP_FC } from './wasm-encoder.js';
import type { ArrRef, WasmModuleContext } from './wasm-context.js';
import { ExprEmitter, valType } from './wasm-expr.js';
import { flatArray, mentions, returnedLocal } from '../../kernel/lang/queries.js';
import { elemSize } from './wasm-layout.js';

type Label = 'brk' | 'cont' | 'other';

/** Copies and clears up to this many bytes are unrolled (a memory.copy is a call). */
const UNROLL_BYTES = 256;

export class FnEmitter extends ExprEmitter {
  private readonly labels: Label[] = [];
  private readonly out?: ArrRef;
  private readonly outAlias?: string;

  constructor(m: WasmModuleContext, f: FnDecl) {
    super(m, f);
    f.params.forEach((p, i) => {
      this.scopes[0].set(p.name, typeof p.type === 'string' ? { k: 'local', idx: i, t: p.type } : { k: 'arr', ref: { local: i }, t: p.type });
    });
    if (f.ret && typeof f.ret !== 'string') {
      this.out = { local: f.params.length };
      this.outAlias = returnedLocal(f.body);
    }
  }

  /** The function body's instructions (without the final `end`). */
  emitBody(): number[] {
    this.stmts(this.f.body);
    if (this.f.ret && typeof this.f.ret === 'string') this.op(OP.unreachable);
    return this.b.b;
  }

  private stmts(list: Stmt[]): void {
    this.scopes.push(new Map());
    for (const s of list) this.stmt(s);
    this.scopes.pop();
  }

  private open(kind: number, label: Label): void { this.b.u8(kind, BLOCK_VOID); this.labels.push(label); }
  private close(): void { this.op(OP.end); this.labels.pop(); }
  private branchTo(label: 'brk' | 'cont'): void {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`wasm printer: ${label === 'brk' ? 'break' : 'continue'} outside a loop in ${this.f.name}`);
    this.b.u8(OP.br).uleb(this.labels.length - 1 - at);
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'let': case 'var': return this.declare(s);
      case 'assign': return this.assign(s.target, s.op, s.value);
      case 'incr': return this.assign(s.target, s.op === '++' ? '+=' : '-=', { k: 'lit', v: 1, t: this.scalarOf(s.target), loc: s.loc });
      case 'expr': {
        const ret = s.e.k === 'call' ? this.m.signature(s.e.fn)?.ret : undefined;
        // A call of a function returning an array, for its effects: its result goes to a temporary.
        if (s.e.k === 'call' && ret !== undefined && typeof ret !== 'string' && this.m.isKernelFn(s.e.fn)) { this.ref(s.e); return; }
        this.expr(s.e);
        if (s.e.k !== 'call' || this.returnsValue(s.e)) this.op(OP.drop);
        return;
      }
      case 'if':
        if (s.cond.k === 'bool' && s.cond.v) { this.open(OP.block, 'other'); this.stmts(s.then); this.close(); return; }
        this.expr(s.cond);
        this.open(OP.if, 'other');
        this.stmts(s.then);
        if (s.else) { this.op(OP.else); this.stmts(s.else); }
        this.close();
        return;
      case 'while': return this.loopOf(s.cond, s.body);
      case 'loop': return this.loopOf(undefined, s.body);
      case 'for':
        this.scopes.push(new Map());
        if (s.init) this.stmt(s.init);
        this.loopOf(s.cond, s.body, s.step);
        this.scopes.pop();
        return;
      case 'break': return this.branchTo('brk');
      case 'continue': return this.branchTo('cont');
      case 'return': return this.ret(s.value);
    }
  }

  /** Whether a call expression leaves a value (kernel functions and externs with a scalar result). */
  private returnsValue(e: Extract<Expr, { k: 'call' }>): boolean {
    const sig = this.m.signature(e.fn);
    return sig ? sig.ret !== undefined && typeof sig.ret === 'string' : true;
  }

  /** block(brk) loop [cond → brk] block(cont) body end [step] br loop end end */
  private loopOf(cond: Expr | undefined, body: Stmt[], step?: Stmt): void {
    this.open(OP.block, 'brk');
    this.open(OP.loop, 'other');
    if (cond) { this.expr(cond); this.op(OP.i32_eqz); this.b.u8(OP.br_if).uleb(1); }
    this.open(OP.block, 'cont');
    this.stmts(body);
    this.close();
    if (step) this.stmt(step);
    this.b.u8(OP.br).uleb(0);
    this.close();
    this.close();
  }

  private ret(value: Expr | undefined): void {
    if (value && typeof this.f.ret === 'string') { this.expr(value); this.op(OP.return); return; }
    if (value && this.out && !(value.k === 'name' && value.name === this.outAlias)) this.copyInto(this.out, value);
    this.op(OP.return);
  }

  private declare(s: Extract<Stmt, { k: 'let' | 'var' }>): void {
    const t = s.type ?? this.typeOf(s.init!);
    if (typeof t === 'string') {
      const idx = this.newLocal(valType(t));
      if (s.init) this.expr(s.init); else if (t === 'real') this.f64(0); else this.i32(0);
      this.set(idx);
      this.scopes[this.scopes.length - 1].set(s.name, { k: 'local', idx, t });
      return;
    }
    // The returned local is written in place of the out-address (no caller passes an argument there).
    const ref: ArrRef = s.name === this.outAlias && this.out ? this.out : { addr: this.m.layout.alloc(t) };
    if (s.init) this.copyInto(ref, s.init); else this.clear(ref, t);
    this.scopes[this.scopes.length - 1].set(s.name, { k: 'arr', ref, t });
  }

  /** dest = value for an array value: a copy, or the call writing into dest (via a temporary when it reads dest). */
  private copyInto(dest: ArrRef, value: Expr, destRoot?: string): void {
    const t = this.typeOf(value) as ArrayType;
    if (value.k === 'call' && this.m.isKernelFn(value.fn)) {
      if (destRoot === undefined || !mentions(value, destRoot)) { this.callFn(value, dest); return; }
      const tmp = { addr: this.m.layout.alloc(t) };
      this.callFn(value, tmp);
      this.copy(dest, tmp, t);
      return;
    }
    this.copy(dest, this.ref(value), t);
  }

  private copy(dest: ArrRef, src: ArrRef, t: ArrayType): void {
    const f = flatArray(t), size = elemSize(f.elem), bytes = f.n * size;
    if (bytes > UNROLL_BYTES) {
      this.pushRef(dest); this.pushRef(src); this.i32(bytes); this.b.u8(0xfc).uleb(OP_FC.memory_copy).u8(0, 0);
      return;
    }
    const d = this.addrOf(dest), sr = this.addrOf(src);
    const mover: ScalarType = f.elem === 'bool' ? 'bool' : f.elem === 'real' ? 'real' : 'u32';
    for (let k = 0; k < f.n; k++) {
      d.push(); sr.push(); this.load(mover, sr.off + k * size); this.store(mover, d.off + k * size);
    }
  }

  private clear(dest: ArrRef, t: ArrayType): void {
    const f = flatArray(t), size = elemSize(f.elem), bytes = f.n * size;
    if (bytes > UNROLL_BYTES) {
      this.pushRef(dest); this.i32(0); this.i32(bytes); this.b.u8(0xfc).uleb(OP_FC.memory_fill).u8(0);
      return;
    }
    const d = this.addrOf(dest);
    for (let k = 0; k < f.n; k++) {
      d.push();
      if (f.elem === 'real') this.f64(0); else this.i32(0);
      this.store(f.elem, d.off + k * size);
    }
  }

  /** How to push a reference's address for a constant-offset access (a static one folds into the offset). */
  private addrOf(r: ArrRef): { push: () => void; off: number } {
    if ('addr' in r) return { push: () => this.i32(0), off: r.addr };
    return { push: () => this.get(r.local), off: 0 };
  }

  private assign(target: Expr, op: string, value: Expr): void {
    const t = this.typeOf(target);
    if (typeof t !== 'string') {
      let root = target;
      while (root.k === 'index') root = root.a;
      this.copyInto(this.ref(target), value, root.k === 'name' ? root.name : undefined);
      return;
    }
    if (target.k === 'name') {
      const b = this.lookup(target.name);
      if (b.k === 'arr') throw new Error(`wasm printer: scalar assignment to array '${target.name}'`);
      if (op !== '=') { this.expr(target); this.expr(value); this.compound(op, t); } else this.expr(value);
      if (b.k === 'local') this.set(b.idx); else this.b.u8(OP.global_set).uleb(b.idx);
      return;
    }
    if (target.k !== 'index') throw new Error('wasm printer: assignment target');
    const off = this.elementAddr(target);
    if (op === '=') { this.expr(value); this.store(t, off); return; }
    const a = this.stash('i32');
    this.get(a); this.get(a); this.load(t, off); this.expr(value); this.compound(op, t); this.store(t, off);
  }

  /** The operation of a compound assignment, on the two values on the stack. */
  private compound(op: string, t: ScalarType): void {
    const bin = op.slice(0, 1);
    if (t === 'real') {
      const code = { '+': OP.f64_add, '-': OP.f64_sub, '*': OP.f64_mul, '/': OP.f64_div }[bin];
      if (code === undefined) throw new Error(`wasm printer: ${op} on reals`);
      this.op(code);
      return;
    }
    if (bin === '/') { this.divideOrZero('/', t); return; }
    const code = { '+': OP.i32_add, '-': OP.i32_sub, '*': OP.i32_mul, '|': OP.i32_or, '&': OP.i32_and }[bin];
    if (code === undefined) throw new Error(`wasm printer: ${op} on ${t}`);
    this.op(code);
  }
}
