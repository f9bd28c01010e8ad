/**
 * The WebAssembly encoder (engine/codegen/wasm/wasm-encoder.ts) against the spec's encodings and an
 * engine: LEB128 vectors from the spec's examples and their edges, and a small module that the
 * host's WebAssembly validates, instantiates and runs (imports, globals, memory, loops, names).
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_VOID, Bytes, encodeModule, OP } from '../../../engine/codegen/wasm/wasm-encoder.js';

describe('wasm encoder', () => {
  it('encodes unsigned and signed LEB128 as the spec does', () => {
    expect(new Bytes().uleb(0).b).toEqual([0]);
    expect(new Bytes().uleb(127).b).toEqual([0x7f]);
    expect(new Bytes().uleb(128).b).toEqual([0x80, 0x01]);
    expect(new Bytes().uleb(624485).b).toEqual([0xe5, 0x8e, 0x26]);
    expect(new Bytes().uleb(0xffffffff).b).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(new Bytes().sleb(-1).b).toEqual([0x7f]);
    expect(new Bytes().sleb(63).b).toEqual([0x3f]);
    expect(new Bytes().sleb(64).b).toEqual([0xc0, 0x00]);
    expect(new Bytes().sleb(-64).b).toEqual([0x40]);
    expect(new Bytes().sleb(-65).b).toEqual([0xbf, 0x7f]);
    expect(new Bytes().sleb(-123456).b).toEqual([0xc0, 0xbb, 0x78]);
    expect(new Bytes().sleb(-2147483648).b).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('builds a module the engine validates and runs: Σ exp(x_i) over memory, through an imported Math.exp', () => {
    // sum(n): s = 0; for (i = 0; i < n; i++) s += exp(mem_f64[i]) * scale; count++ (a global)
    const b = new Bytes();
    b.u8(OP.block, BLOCK_VOID, OP.loop, BLOCK_VOID);
    b.u8(OP.local_get, 1, OP.local_get, 0, OP.i32_ge_s, OP.br_if, 1);
    b.u8(OP.local_get, 2, OP.local_get, 1, OP.i32_const, 3, OP.i32_shl, OP.f64_load, 3, 0, OP.call, 0);
    b.u8(OP.global_get, 0, OP.f64_mul, OP.f64_add, OP.local_set, 2);
    b.u8(OP.local_get, 1, OP.i32_const, 1, OP.i32_add, OP.local_set, 1, OP.br, 0, OP.end, OP.end);
    b.u8(OP.global_get, 1, OP.i32_const, 1, OP.i32_add, OP.global_set, 1, OP.local_get, 2);
    const bytes = encodeModule({
      imports: [{ module: 'Math', name: 'exp', params: ['f64'], results: ['f64'] }],
      memory: { minPages: 1 },
      globals: [{ type: 'f64', init: 2, exportAs: 'scale' }, { type: 'i32', init: 0, exportAs: 'count' }],
      funcs: [{ params: ['i32'], results: ['f64'], locals: ['i32', 'f64'], body: b.b, exportAs: 'sum', name: 'sum' }],
    });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    new Float64Array(memory.buffer).set([0, 1, -2.5]);
    const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { Math: Math as unknown as WebAssembly.ModuleImports, env: { memory } }).exports as unknown as
      { sum: (n: number) => number; scale: WebAssembly.Global; count: WebAssembly.Global };
    expect(x.sum(3)).toBe(2 * Math.exp(0) + 2 * Math.exp(1) + 2 * Math.exp(-2.5));
    x.scale.value = 1;
    expect(x.sum(2)).toBe(1 + Math.exp(1));
    expect(x.count.value).toBe(2);
  });
});
