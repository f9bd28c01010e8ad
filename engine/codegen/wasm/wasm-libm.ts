/**
 * The CPU targets' exp (codegen/libm/libm-tables.ts: algorithm, table, error bound) and φ as
 * WebAssembly functions of the kernel module — the same operations in the same order as the JS
 * target's rt_exp and rt_phi (codegen/libm/libm-js.ts), so the two targets give the same bits. The
 * table is a data segment at addresses of the static layout; the host's Math.exp (imported) takes
 * the special values, Math.expm1 φ's small arguments.
 */
import { EXP_LIMIT, EXP_POLY, ROUND_SHIFT, libmTables } from '../libm/libm-tables.js';
import { BLOCK_VOID, Bytes, OP, OP_FC, type Func } from './wasm-encoder.js';
import type { StaticLayout } from './wasm-layout.js';

export interface WasmLibm { funcs: Func[]; data: { offset: number; bytes: Uint8Array }[] }

const f64Bytes = (xs: number[]): Uint8Array => new Uint8Array(Float64Array.from(xs).buffer);

/**
 * exp and φ as module functions, in that order; the table placed in `layout`; `hostExp` and
 * `hostExpm1` are the imported Math.exp's and Math.expm1's indices.
 */
export function wasmLibm(layout: StaticLayout, hostExp: number, hostExpm1: number): WasmLibm {
  const t = libmTables();
  const at = (n: number): number => layout.alloc({ k: 'array', elem: 'real', len: n });
  const expHi = at(128), expLo = at(128);
  const data = [{ offset: expHi, bytes: f64Bytes(t.expHi) }, { offset: expLo, bytes: f64Bytes(t.expLo) }];
  const [c2, c3, c4, c5] = EXP_POLY;

  // exp: x 0; kd 1, r 2, k 3, r2 4, p 5, j8 6, th 7.
  const e = new Bytes();
  const get = (b: Bytes, i: number): Bytes => b.u8(OP.local_get).uleb(i);
  const set = (b: Bytes, i: number): Bytes => b.u8(OP.local_set).uleb(i);
  const k64 = (b: Bytes, v: number): Bytes => b.u8(OP.f64_const).f64(v);
  get(e, 0).u8(OP.f64_abs); k64(e, EXP_LIMIT).u8(OP.f64_lt, OP.i32_eqz, OP.if, BLOCK_VOID);
  get(e, 0).u8(OP.call).uleb(hostExp).u8(OP.return, OP.end);
  get(e, 0); k64(e, t.invLn2N).u8(OP.f64_mul); k64(e, ROUND_SHIFT).u8(OP.f64_add); k64(e, ROUND_SHIFT).u8(OP.f64_sub); set(e, 1);
  get(e, 0); get(e, 1); k64(e, t.ln2NHi).u8(OP.f64_mul, OP.f64_sub); get(e, 1); k64(e, t.ln2NLo).u8(OP.f64_mul, OP.f64_sub); set(e, 2);
  get(e, 1).u8(0xfc).uleb(OP_FC.i64_trunc_sat_f64_s).u8(OP.i32_wrap_i64); set(e, 3);
  get(e, 2); get(e, 2).u8(OP.f64_mul); set(e, 4);
  get(e, 2); get(e, 4);
  k64(e, c2); get(e, 2); k64(e, c3).u8(OP.f64_mul, OP.f64_add);
  get(e, 4); k64(e, c4); get(e, 2); k64(e, c5).u8(OP.f64_mul, OP.f64_add, OP.f64_mul, OP.f64_add);
  e.u8(OP.f64_mul, OP.f64_add); set(e, 5);
  get(e, 3).u8(OP.i32_const).sleb(127).u8(OP.i32_and, OP.i32_const, 3, OP.i32_shl); set(e, 6);
  get(e, 6).u8(OP.f64_load, 3).uleb(expHi); set(e, 7);
  get(e, 7); get(e, 6).u8(OP.f64_load, 3).uleb(expLo); get(e, 7); get(e, 5).u8(OP.f64_mul, OP.f64_add, OP.f64_add);
  get(e, 3).u8(OP.i32_const, 7, OP.i32_shr_s, OP.i32_const).sleb(1023).u8(OP.i32_add, OP.i64_extend_i32_u, OP.i64_const, 52, OP.i64_shl, OP.f64_reinterpret_i64);
  e.u8(OP.f64_mul);

  // φ(l, tau, e): l 0, tau 1, e 2; z 3 — rt_phi of the JS runtime.
  const ph = new Bytes();
  get(ph, 0); get(ph, 1).u8(OP.f64_mul); set(ph, 3);
  get(ph, 3); k64(ph, 0).u8(OP.f64_eq, OP.if, BLOCK_VOID); get(ph, 1).u8(OP.return, OP.end);
  get(ph, 3).u8(OP.f64_abs); k64(ph, 0.5).u8(OP.f64_lt, OP.if, BLOCK_VOID);
  get(ph, 3).u8(OP.call).uleb(hostExpm1); get(ph, 0).u8(OP.f64_div, OP.return, OP.end);
  get(ph, 2); k64(ph, 1).u8(OP.f64_sub); get(ph, 0).u8(OP.f64_div);

  return {
    funcs: [
      { params: ['f64'], results: ['f64'], locals: ['f64', 'f64', 'i32', 'f64', 'f64', 'i32', 'f64'], body: e.b, name: 'libm_exp' },
      { params: ['f64', 'f64', 'f64'], results: ['f64'], locals: ['f64'], body: ph.b, name: 'libm_phi' },
    ],
    data,
  };
}
