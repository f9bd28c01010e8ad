/**
 * Kernel program → WebAssembly module (the CPU backend's default target; print-js.ts is the other).
 * Prints only, like every printer: the program was specialised by the shared passes. Scalars of the
 * module and uniforms are WebAssembly globals, arrays live in the static layout (wasm-layout.ts),
 * real parameters and results are f64 values (no boxing, the reason the JS printer passes them
 * through typed arrays); exp is the module's own (wasm-libm.ts) and Math's other functions are
 * imported, so results match the JS target's bits.
 */
import type { Program } from '../../kernel/lang/ast.js';
import { checkProgram, type CheckedProgram } from '../../kernel/lang/check.js';
import { encodeModule, type Func, type Global, type ImportFunc, type ValType } from './wasm-encoder.js';
import type { Binding, WasmExtern, WasmModuleContext } from './wasm-context.js';
import { MATH_IMPORTS, valType } from './wasm-expr.js';
import { FnEmitter } from './wasm-function.js';
import { StaticLayout } from './wasm-layout.js';
import { wasmLibm } from './wasm-libm.js';
import { findExprFunctions } from '../../kernel/lang/expr-functions.js';

export interface WasmPrintOptions {
  externs: Record<string, WasmExtern>;
  /** Host functions the externs call (module "rt"), after Math's. */
  imports: Omit<ImportFunc, 'module'>[];
  /** Functions exported under their own names (called by the harness). */
  entries: string[];
  /** Module scalars the harness reads (exported under their own names). */
  exportGlobals: string[];
  /** i32 globals the harness sets (exported under their names). */
  hostGlobals: string[];
}

export interface PrintedWasm {
  bytes: Uint8Array<ArrayBuffer>;
  /** Byte address of every module-level array (the harness hands some to host functions). */
  arrays: Record<string, number>;
  /** First byte after the static layout: the harness's regions start here. */
  staticEnd: number;
}

export function printWasm(prog: Program, opts: WasmPrintOptions): PrintedWasm {
  const c: CheckedProgram = checkProgram(prog);
  const layout = new StaticLayout();
  const imports: ImportFunc[] = [
    ...MATH_IMPORTS.map((x) => ({ module: 'Math', name: x.name, params: Array<ValType>(x.arity).fill('f64'), results: ['f64'] as ValType[] })),
    ...opts.imports.map((x) => ({ ...x, module: 'rt' })),
  ];
  const globals = new Map<string, Binding>();
  const wasmGlobals: Global[] = [];
  const arrays: Record<string, number> = {};
  const addGlobal = (name: string, t: 'real' | 'u32' | 'i32' | 'bool', exportAs?: string): number => {
    const idx = wasmGlobals.push({ type: valType(t), init: 0, exportAs }) - 1;
    globals.set(name, { k: 'global', idx, t });
    return idx;
  };
  for (const u of c.prog.uniforms) addGlobal(u.name, u.type, `U_${u.name}`);
  for (const g of c.prog.globals) {
    if (typeof g.type === 'string') { addGlobal(g.name, g.type, opts.exportGlobals.includes(g.name) ? g.name : undefined); continue; }
    const addr = layout.alloc(g.type);
    arrays[g.name] = addr;
    globals.set(g.name, { k: 'arr', ref: { addr }, t: g.type });
  }
  const host = new Map(opts.hostGlobals.map((name) => [name, addGlobal(`__host_${name}`, 'u32', name)]));
  const exprFns = findExprFunctions(c.prog.fns, () => true);
  const fnIndex = new Map(c.prog.fns.map((f, i) => [f.name, imports.length + i]));
  const libmBase = imports.length + c.prog.fns.length;
  const importAt = (name: string): number => imports.findIndex((x) => x.module === 'Math' && x.name === name);
  const libm = wasmLibm(layout, importAt);
  const ctx: WasmModuleContext = {
    types: c.types, globals, externs: opts.externs, layout,
    importIndex: (name) => {
      const i = imports.findIndex((x) => x.name === name);
      if (i < 0) throw new Error(`wasm printer: no import '${name}'`);
      return i;
    },
    fnIndex: (name) => fnIndex.get(name)!,
    isKernelFn: (name) => fnIndex.has(name),
    signature: (name) => c.fns.get(name),
    // Arguments go to locals before the value is written, as a call evaluates them: no purity needed.
    exprFn: (name) => exprFns.get(name),
    hostGlobal: (name) => host.get(name)!,
    phiIndex: libmBase,
    libmSite: libm.site,
  };
  const funcs: Func[] = c.prog.fns.map((f) => {
    const em = new FnEmitter(ctx, f);
    const body = em.emitBody();
    const params: ValType[] = f.params.map((p) => (typeof p.type === 'string' ? valType(p.type) : 'i32'));
    if (f.ret && typeof f.ret !== 'string') params.push('i32');
    const results: ValType[] = f.ret && typeof f.ret === 'string' ? [valType(f.ret)] : [];
    return { params, results, locals: em.locals, body, exportAs: opts.entries.includes(f.name) ? f.name : undefined, name: f.name };
  });
  funcs.push(...libm.funcs);
  const bytes = encodeModule({ imports, memory: { minPages: Math.ceil(layout.end / 65536) + 1 }, globals: wasmGlobals, funcs, data: libm.data });
  return { bytes, arrays, staticEnd: layout.end };
}
