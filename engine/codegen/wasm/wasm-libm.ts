/**
 * The CPU targets' exp and log (codegen/libm/libm-tables.ts: algorithms, tables, error bounds),
 * written out in the kernel module's functions, and φ as a module function — the same operations
 * in the same order as the JS target's rt_exp, rt_log and rt_phi (codegen/libm/libm-js.ts), so the
 * two targets give the same bits. The tables are data segments at addresses of the static layout;
 * the host's Math.exp and Math.log (imported) take the special values.
 */
import { EXP_MAX, EXP_MIN, EXP_POLY, EXP_ZERO_BELOW, LOG_OFF_HI, LOG_POLY, PHI_SMALL, ROUND_SHIFT, libmTables, phiPolyTree, type PolyTree } from '../libm/libm-tables.js';
import { BLOCK_VOID, Bytes, OP, type Func } from './wasm-encoder.js';
import type { StaticLayout } from './wasm-layout.js';

/** Where the inlined exp and log find their tables and the imports that take their special values. */
export interface LibmSite {
  expHi: number; expLo: number; hostExp: number;
  logC: number; logInvHi: number; logInvLo: number; logCHi: number; logCLo: number; hostLog: number;
}
/** The scratch locals of an inlined routine, by name (one set per function: a routine's body holds no other). */
export type Scratch = Record<string, number>;
export const EXP_SCRATCH: Record<string, 'f64' | 'i32'> = { x: 'f64', z: 'f64', kd: 'f64', r: 'f64', r2: 'f64', sc: 'f64', th: 'f64', p: 'f64', k: 'i32', j8: 'i32' };
export const LOG_SCRATCH: Record<string, 'f64' | 'i32' | 'i64'> =
  { x: 'f64', ix: 'i64', hw: 'i32', tmp: 'i32', i8: 'i32', kd: 'f64', d: 'f64', rh: 'f64', rl: 'f64', r: 'f64', w: 'f64', h: 'f64', r2: 'f64' };

export interface WasmLibm { funcs: Func[]; data: { offset: number; bytes: Uint8Array }[]; site: LibmSite }

const f64Bytes = (xs: number[]): Uint8Array => new Uint8Array(Float64Array.from(xs).buffer);
const get = (b: Bytes, i: number): Bytes => b.u8(OP.local_get).uleb(i);
const set = (b: Bytes, i: number): Bytes => b.u8(OP.local_set).uleb(i);
const k64 = (b: Bytes, v: number): Bytes => b.u8(OP.f64_const).f64(v);
const k32 = (b: Bytes, v: number): Bytes => b.u8(OP.i32_const).sleb(v | 0);
const loadAt = (b: Bytes, idx8: number, table: number): Bytes => get(b, idx8).u8(OP.f64_load, 3).uleb(table);

/*
 * exp and log are written out where they are called: V8 does not inline WebAssembly calls, and
 * both sit on the dependency chains of a model's right-hand side (pow = exp(b·ln a)), where a
 * call's latency adds to each. Each is a block whose value is the result; arguments outside the
 * table's range branch out to the host's function.
 */

/**
 * exp of the f64 on the stack (libm-tables.ts): k from the low bits of x·128/ln 2 + 1.5·2^52 (no
 * float-to-int conversion), the table entry scaled by 2^⌊k/128⌋ while the polynomial is evaluated.
 */
export function emitExp(e: Bytes, s: LibmSite, l: Scratch): void {
  const t = libmTables();
  const [c2, c3, c4, c5] = EXP_POLY;
  set(e, l.x);
  e.u8(OP.block, 0x7c);
  get(e, l.x); k64(e, EXP_MIN).u8(OP.f64_gt); get(e, l.x); k64(e, EXP_MAX).u8(OP.f64_lt, OP.i32_and, OP.i32_eqz, OP.if, BLOCK_VOID);
  get(e, l.x); k64(e, EXP_ZERO_BELOW).u8(OP.f64_lt, OP.if, 0x7c); k64(e, 0).u8(OP.else); get(e, l.x).u8(OP.call).uleb(s.hostExp).u8(OP.end, OP.br, 1, OP.end);
  get(e, l.x); k64(e, t.invLn2N).u8(OP.f64_mul); k64(e, ROUND_SHIFT).u8(OP.f64_add); set(e, l.z);
  get(e, l.z).u8(OP.i64_reinterpret_f64, OP.i32_wrap_i64); set(e, l.k);
  get(e, l.z); k64(e, ROUND_SHIFT).u8(OP.f64_sub); set(e, l.kd);
  get(e, l.x); get(e, l.kd); k64(e, t.ln2NHi).u8(OP.f64_mul, OP.f64_sub); get(e, l.kd); k64(e, t.ln2NLo).u8(OP.f64_mul, OP.f64_sub); set(e, l.r);
  get(e, l.k); k32(e, 7).u8(OP.i32_shr_s); k32(e, 1023).u8(OP.i32_add, OP.i64_extend_i32_u, OP.i64_const, 52, OP.i64_shl, OP.f64_reinterpret_i64); set(e, l.sc);
  get(e, l.k); k32(e, 127).u8(OP.i32_and); k32(e, 3).u8(OP.i32_shl); set(e, l.j8);
  loadAt(e, l.j8, s.expHi); get(e, l.sc).u8(OP.f64_mul); set(e, l.th);
  get(e, l.r); get(e, l.r).u8(OP.f64_mul); set(e, l.r2);
  // p = (r + r²·(C2 + r·C3)) + r⁴·(C4 + r·C5)
  get(e, l.r); get(e, l.r2); k64(e, c2); get(e, l.r); k64(e, c3).u8(OP.f64_mul, OP.f64_add, OP.f64_mul, OP.f64_add);
  get(e, l.r2); get(e, l.r2).u8(OP.f64_mul); k64(e, c4); get(e, l.r); k64(e, c5).u8(OP.f64_mul, OP.f64_add, OP.f64_mul, OP.f64_add); set(e, l.p);
  // th + (lo·sc + th·p)
  get(e, l.th); loadAt(e, l.j8, s.expLo); get(e, l.sc).u8(OP.f64_mul); get(e, l.th); get(e, l.p).u8(OP.f64_mul, OP.f64_add, OP.f64_add);
  e.u8(OP.end);
}

/**
 * ln of the f64 on the stack (libm-tables.ts): interval index and k from the top word of x's bits
 * less the offset's, z = x·2^-k by subtracting k from the exponent bits. Non-positive, subnormal,
 * infinite and NaN arguments go to the host's log.
 */
export function emitLog(e: Bytes, s: LibmSite, l: Scratch): void {
  const t = libmTables();
  const [a2, a3, a4, a5, a6, a7] = LOG_POLY;
  set(e, l.x);
  e.u8(OP.block, 0x7c);
  get(e, l.x).u8(OP.i64_reinterpret_f64); set(e, l.ix);
  get(e, l.ix).u8(OP.i64_const, 32, OP.i64_shr_u, OP.i32_wrap_i64); set(e, l.hw);
  get(e, l.hw); k32(e, 20).u8(OP.i32_shr_u); k32(e, 1).u8(OP.i32_sub); k32(e, 0x7fe).u8(OP.i32_ge_u, OP.if, BLOCK_VOID);
  get(e, l.x).u8(OP.call).uleb(s.hostLog).u8(OP.br, 1, OP.end);
  get(e, l.hw); k32(e, LOG_OFF_HI).u8(OP.i32_sub); set(e, l.tmp);
  get(e, l.tmp); k32(e, 13).u8(OP.i32_shr_s); k32(e, 127).u8(OP.i32_and); k32(e, 3).u8(OP.i32_shl); set(e, l.i8);
  get(e, l.tmp); k32(e, 20).u8(OP.i32_shr_s, OP.f64_convert_i32_s); set(e, l.kd);
  // d = z − c, z's bits = x's less (tmp & 0xfff00000) << 32; r = d·invHi (exact) + d·invLo
  get(e, l.ix); get(e, l.tmp); k32(e, 0xfff00000).u8(OP.i32_and, OP.i64_extend_i32_u, OP.i64_const, 32, OP.i64_shl, OP.i64_sub, OP.f64_reinterpret_i64);
  loadAt(e, l.i8, s.logC).u8(OP.f64_sub); set(e, l.d);
  get(e, l.d); loadAt(e, l.i8, s.logInvHi).u8(OP.f64_mul); set(e, l.rh);
  get(e, l.d); loadAt(e, l.i8, s.logInvLo).u8(OP.f64_mul); set(e, l.rl);
  get(e, l.rh); get(e, l.rl).u8(OP.f64_add); set(e, l.r);
  get(e, l.kd); k64(e, t.ln2Hi).u8(OP.f64_mul); loadAt(e, l.i8, s.logCHi).u8(OP.f64_add); set(e, l.w);
  get(e, l.w); get(e, l.rh).u8(OP.f64_add); set(e, l.h);
  get(e, l.r); get(e, l.r).u8(OP.f64_mul); set(e, l.r2);
  // h + (((((w − h) + rh) + rl) + (k·ln2lo + ln c lo)) + r²·((A2 + r·A3) + r²·(A4 + r·A5) + r⁴·(A6 + r·A7)))
  get(e, l.h);
  get(e, l.w); get(e, l.h).u8(OP.f64_sub); get(e, l.rh).u8(OP.f64_add); get(e, l.rl).u8(OP.f64_add);
  get(e, l.kd); k64(e, t.ln2Lo).u8(OP.f64_mul); loadAt(e, l.i8, s.logCLo).u8(OP.f64_add, OP.f64_add);
  get(e, l.r2);
  k64(e, a2); get(e, l.r); k64(e, a3).u8(OP.f64_mul, OP.f64_add);
  get(e, l.r2); k64(e, a4); get(e, l.r); k64(e, a5).u8(OP.f64_mul, OP.f64_add, OP.f64_mul, OP.f64_add);
  get(e, l.r2); get(e, l.r2).u8(OP.f64_mul); k64(e, a6); get(e, l.r); k64(e, a7).u8(OP.f64_mul, OP.f64_add, OP.f64_mul, OP.f64_add);
  e.u8(OP.f64_mul, OP.f64_add, OP.f64_add);
  e.u8(OP.end);
}

/**
 * φ as a module function; the exp and log tables placed in `layout`; `host` gives the imported
 * Math function's index by name (exp, log).
 */
export function wasmLibm(layout: StaticLayout, host: (name: 'exp' | 'log') => number): WasmLibm {
  const t = libmTables();
  const data: { offset: number; bytes: Uint8Array }[] = [];
  const table = (xs: number[]): number => {
    const offset = layout.alloc({ k: 'array', elem: 'real', len: xs.length });
    data.push({ offset, bytes: f64Bytes(xs) });
    return offset;
  };
  const site: LibmSite = {
    expHi: table(t.expHi), expLo: table(t.expLo), hostExp: host('exp'),
    logC: table(t.logC), logInvHi: table(t.logInvHi), logInvLo: table(t.logInvLo), logCHi: table(t.logCHi), logCLo: table(t.logCLo), hostLog: host('log'),
  };

  // φ(l, tau, e): l 0, tau 1, e 2; z 3, z2 4, z4 5, z8 6 — rt_phi of the JS runtime.
  const ph = new Bytes();
  const Z: Record<string, number> = { z: 3, z2: 4, z4: 5, z8: 6 };
  const poly = (t: PolyTree): void => {
    if (typeof t === 'number') { k64(ph, t); return; }
    if (typeof t === 'string') { get(ph, Z[t]); return; }
    poly(t[1]); poly(t[2]); ph.u8(t[0] === '+' ? OP.f64_add : OP.f64_mul);
  };
  get(ph, 0); get(ph, 1).u8(OP.f64_mul); set(ph, 3);
  get(ph, 3).u8(OP.f64_abs); k64(ph, PHI_SMALL).u8(OP.f64_lt, OP.if, BLOCK_VOID);
  get(ph, 3); get(ph, 3).u8(OP.f64_mul); set(ph, 4);
  get(ph, 4); get(ph, 4).u8(OP.f64_mul); set(ph, 5);
  get(ph, 5); get(ph, 5).u8(OP.f64_mul); set(ph, 6);
  get(ph, 1); poly(phiPolyTree()); ph.u8(OP.f64_mul, OP.return, OP.end);
  get(ph, 2); k64(ph, 1).u8(OP.f64_sub); get(ph, 0).u8(OP.f64_div);

  return { funcs: [{ params: ['f64', 'f64', 'f64'], results: ['f64'], locals: ['f64', 'f64', 'f64', 'f64'], body: ph.b, name: 'libm_phi' }], data, site };
}
