/**
 * The types the WebAssembly printer's parts share (print-wasm.ts builds the module context;
 * wasm-expr.ts and wasm-function.ts emit; wasm-kernel.ts supplies the externs): kept apart so that
 * none of those files imports another's for a type.
 */
import type { ArrayType, Expr, ScalarType, Type } from '../../kernel/lang/ast.js';
import type { ExprFunction } from '../../kernel/lang/expr-functions.js';
import type { Bytes, ValType } from './wasm-encoder.js';
import type { StaticLayout } from './wasm-layout.js';
import type { LibmSite } from './wasm-libm.js';

/** An array's base address: a constant of the static layout, or held in an i32 local (parameters, rows). */
export type ArrRef = { addr: number } | { local: number };

export type Binding =
  | { k: 'local'; idx: number; t: ScalarType }
  | { k: 'global'; idx: number; t: ScalarType }
  | { k: 'arr'; ref: ArrRef; t: ArrayType };

/** What an extern's emitter may use of the function being emitted. */
export interface ExternEmitter {
  readonly b: Bytes;
  readonly m: WasmModuleContext;
  op(...xs: number[]): void;
  i32(v: number): void;
  f64(v: number): void;
  get(i: number): void;
  stash(t: ValType): number;
  load(t: ScalarType, offset: number): void;
  store(t: ScalarType, offset: number): void;
  expr(e: Expr): void;
  callImport(name: string): void;
  callIndex(i: number): void;
  /** exp of the f64 on the stack: the targets' own, written out in place (wasm-libm.ts). */
  exp(): void;
  /** ln of the f64 on the stack: the targets' own, written out in place (wasm-libm.ts). */
  log(): void;
  /** a^b as the JS target's rt_pow: exp(b·ln a) for a > 0, else the host's pow; pushes a then b. */
  pow(a: () => void, b: () => void): void;
}

/** How a target emits a call of an extern: `args[i]()` pushes argument i (call each once, in order). */
export type WasmExtern = (fx: ExternEmitter, args: (() => void)[]) => void;

/** What expression and statement emitters ask of the module being printed. */
export interface WasmModuleContext {
  types: Map<Expr, Type>;
  globals: Map<string, Binding>;
  externs: Record<string, WasmExtern>;
  layout: StaticLayout;
  importIndex(name: string): number;
  fnIndex(name: string): number;
  isKernelFn(name: string): boolean;
  signature(name: string): { params: { name: string; type: Type }[]; ret?: Type } | undefined;
  /** The kernel function's value when it is an expression function (written in place of a call). */
  exprFn(name: string): ExprFunction | undefined;
  /** Global index of a host-set i32 global (region bases: see wasm-kernel.ts). */
  hostGlobal(name: string): number;
  /** Function index of the module's own φ (wasm-libm.ts). */
  phiIndex: number;
  /** The exp and log tables' addresses and the host functions' import indices (wasm-libm.ts). */
  libmSite: LibmSite;
}
