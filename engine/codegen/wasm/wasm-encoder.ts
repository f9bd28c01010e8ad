/**
 * A small WebAssembly binary encoder (core spec 1.0 plus the non-trapping float-to-int conversions
 * and bulk memory, both in every engine that runs Node 20 or a current browser): just what the
 * kernel printer (print-wasm.ts) emits — functions over i32/f64, imported memory and functions,
 * mutable globals, exports. No text format and no toolchain: the module is built in memory at
 * compile time, so a kernel needs nothing installed.
 */

export type ValType = 'i32' | 'i64' | 'f64';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f64: 0x7c };

/** Opcodes used by the printer (names as in the spec's text format). */
export const OP = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d,
  return: 0x0f, call: 0x10, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  i32_load: 0x28, f64_load: 0x2b, i32_load8_u: 0x2d, i32_store: 0x36, f64_store: 0x39, i32_store8: 0x3a,
  i32_const: 0x41, i64_const: 0x42, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_gt_u: 0x4b,
  i32_le_s: 0x4c, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  i32_ctz: 0x68, i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c, i32_div_s: 0x6d, i32_div_u: 0x6e,
  i32_rem_s: 0x6f, i32_rem_u: 0x70, i32_and: 0x71, i32_or: 0x72, i32_xor: 0x73, i32_shl: 0x74,
  i32_shr_s: 0x75, i32_shr_u: 0x76,
  f64_abs: 0x99, f64_neg: 0x9a, f64_ceil: 0x9b, f64_floor: 0x9c, f64_trunc: 0x9d, f64_nearest: 0x9e,
  f64_sqrt: 0x9f, f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3, f64_min: 0xa4, f64_max: 0xa5,
  i32_wrap_i64: 0xa7, f64_convert_i32_s: 0xb7, f64_convert_i32_u: 0xb8,
  i64_sub: 0x7d, i64_and: 0x83, i64_or: 0x84, i64_shl: 0x86, i64_shr_u: 0x88, i64_extend_i32_u: 0xad,
  i64_reinterpret_f64: 0xbd, f64_reinterpret_i64: 0xbf,
} as const;

/** Prefixed (0xfc) opcodes. */
export const OP_FC = { i64_trunc_sat_f64_s: 0x06, memory_copy: 0x0a, memory_fill: 0x0b } as const;

/** Block type of a structured instruction: none, or one result. */
export const BLOCK_VOID = 0x40;
export const blockType = (t: ValType): number => VALTYPE[t];

/** A byte buffer with the spec's encodings. */
export class Bytes {
  readonly b: number[] = [];
  u8(...xs: number[]): this { for (const x of xs) this.b.push(x & 0xff); return this; }
  uleb(v: number): this {
    let x = v >>> 0;
    do { const byte = x & 0x7f; x >>>= 7; this.b.push(x ? byte | 0x80 : byte); } while (x);
    return this;
  }
  sleb(v: number): this {
    let x = v | 0;
    for (;;) {
      const byte = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0);
      this.b.push(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }
  /** Signed LEB128 of a 64-bit value (i64.const). */
  slebBig(v: bigint): this {
    let x = BigInt.asIntN(64, v);
    for (;;) {
      const byte = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (byte & 0x40) === 0) || (x === -1n && (byte & 0x40) !== 0);
      this.b.push(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }
  f64(v: number): this {
    const a = new Uint8Array(new Float64Array([v]).buffer);
    for (const x of a) this.b.push(x);
    return this;
  }
  name(s: string): this {
    const enc = new TextEncoder().encode(s);
    this.uleb(enc.length);
    for (const x of enc) this.b.push(x);
    return this;
  }
  bytes(xs: ArrayLike<number>): this { for (let i = 0; i < xs.length; i++) this.b.push(xs[i]); return this; }
  vec<T>(items: T[], each: (x: T) => void): this { this.uleb(items.length); items.forEach(each); return this; }
}

export interface FuncType { params: ValType[]; results: ValType[] }
export interface ImportFunc extends FuncType { module: string; name: string }
export interface Func extends FuncType { locals: ValType[]; body: number[]; exportAs?: string; name?: string }
export interface Global { type: ValType; init: number; exportAs?: string }

export interface ModuleSpec {
  imports: ImportFunc[];
  /** Imported memory ("env", "memory"), at least `minPages` 64 KiB pages. */
  memory: { minPages: number };
  globals: Global[];
  funcs: Func[];
  /** Bytes written into the memory at instantiation (tables). */
  data?: { offset: number; bytes: Uint8Array }[];
}

/** The binary module of `spec`: imported functions first in the function index space. */
export function encodeModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const types: string[] = [];
  const typeIndex = (t: FuncType): number => {
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
    let i = types.indexOf(key);
    if (i < 0) { i = types.length; types.push(key); }
    return i;
  };
  const importTypes = spec.imports.map(typeIndex);
  const funcTypes = spec.funcs.map(typeIndex);
  const out = new Bytes().u8(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const section = (id: number, body: Bytes): void => { out.u8(id).uleb(body.b.length).bytes(body.b); };

  const typeSec = new Bytes().uleb(types.length);
  for (const key of types) {
    const [p, r] = key.split('>').map((s) => (s ? (s.split(',') as ValType[]) : []));
    typeSec.u8(0x60).vec(p, (t) => typeSec.u8(VALTYPE[t])).vec(r, (t) => typeSec.u8(VALTYPE[t]));
  }
  section(1, typeSec);

  const imp = new Bytes().uleb(spec.imports.length + 1);
  spec.imports.forEach((f, i) => imp.name(f.module).name(f.name).u8(0x00).uleb(importTypes[i]));
  imp.name('env').name('memory').u8(0x02).u8(0x00).uleb(spec.memory.minPages);
  section(2, imp);

  const fsec = new Bytes();
  fsec.vec(funcTypes, (t) => fsec.uleb(t));
  section(3, fsec);

  const gsec = new Bytes().uleb(spec.globals.length);
  for (const g of spec.globals) {
    gsec.u8(VALTYPE[g.type], 0x01);
    if (g.type === 'f64') gsec.u8(OP.f64_const).f64(g.init);
    else if (g.type === 'i64') gsec.u8(OP.i64_const).sleb(g.init);
    else gsec.u8(OP.i32_const).sleb(g.init);
    gsec.u8(OP.end);
  }
  section(6, gsec);

  const exports: { name: string; kind: number; index: number }[] = [];
  spec.funcs.forEach((f, i) => { if (f.exportAs) exports.push({ name: f.exportAs, kind: 0, index: spec.imports.length + i }); });
  spec.globals.forEach((g, i) => { if (g.exportAs) exports.push({ name: g.exportAs, kind: 3, index: i }); });
  const esec = new Bytes();
  esec.vec(exports, (e) => esec.name(e.name).u8(e.kind).uleb(e.index));
  section(7, esec);

  const code = new Bytes().uleb(spec.funcs.length);
  for (const f of spec.funcs) {
    const body = new Bytes();
    // Locals as runs of equal types.
    const runs: { n: number; t: ValType }[] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last.t === t) last.n++; else runs.push({ n: 1, t });
    }
    body.vec(runs, (r) => body.uleb(r.n).u8(VALTYPE[r.t]));
    body.bytes(f.body).u8(OP.end);
    code.uleb(body.b.length).bytes(body.b);
  }
  section(10, code);
  if (spec.data && spec.data.length > 0) {
    const dsec = new Bytes().uleb(spec.data.length);
    for (const d of spec.data) dsec.u8(0x00, OP.i32_const).sleb(d.offset).u8(OP.end).uleb(d.bytes.length).bytes(d.bytes);
    section(11, dsec);
  }
  // The "name" custom section: function names in profiles and stack traces.
  const named = spec.funcs.flatMap((f, i) => (f.name ? [{ i: spec.imports.length + i, name: f.name }] : []));
  if (named.length > 0) {
    const map = new Bytes();
    map.vec(named, (x) => map.uleb(x.i).name(x.name));
    const custom = new Bytes().name('name').u8(1).uleb(map.b.length).bytes(map.b);
    section(0, custom);
  }
  return Uint8Array.from(out.b);
}
