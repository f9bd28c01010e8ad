/**
 * The kernel language (KL): a small, typed, WGSL-shaped statement language in which the per-patient
 * algorithm is written once (engine/kernel/program/) and from which every target only prints
 * (engine/kernel/print/: JavaScript for the CPU backend, WGSL for WebGPU). This file is its AST.
 *
 * Interface rules:
 * - `real` is the target's float (f64 on the CPU, f32 in WGSL); `u32`, `i32`, `bool` as in WGSL.
 * - Arrays have a constant length (a number or a `const`); they have value semantics (assignment
 *   copies), as in WGSL. Function parameters are immutable.
 * - `extern` declarations name what each target's runtime supplies (data access, outputs, random
 *   draws, math); `uniform` declarations are per-run scalars (the host writes them by name).
 * - `var<state>` globals survive a suspended dispatch (the WGSL printer parks them between
 *   dispatches); `var<private>` globals are recomputed on resume.
 * - Nothing but AST nodes reaches printed code: names from model or scenario files never do (model
 *   symbols are mapped to generated slot names before they become KL), so no file can inject code.
 */

export type ScalarType = 'real' | 'u32' | 'i32' | 'bool';
/** An array type; `len` is a number or the name of an integer `const`. */
export interface ArrayType { k: 'array'; elem: ScalarType | ArrayType; len: number | string }
export type Type = ScalarType | ArrayType;
/** Where a node came from, for error messages about the kernel sources themselves. */
export interface Loc { file: string; line: number; col: number }

export type Expr =
  | { k: 'lit'; v: number; t: ScalarType | 'int'; loc: Loc }
  | { k: 'bool'; v: boolean; loc: Loc }
  | { k: 'name'; name: string; loc: Loc }
  | { k: 'index'; a: Expr; i: Expr; loc: Loc }
  | { k: 'call'; fn: string; args: Expr[]; loc: Loc }
  | { k: 'unary'; op: '-' | '!' | '~'; a: Expr; loc: Loc }
  | { k: 'binary'; op: BinaryOp; a: Expr; b: Expr; loc: Loc };

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | '&&' | '||' | '&' | '|' | '^' | '<<' | '>>';

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '|=' | '&=';

export type Stmt =
  | { k: 'let'; name: string; type?: Type; init: Expr; loc: Loc }
  | { k: 'var'; name: string; type?: Type; init?: Expr; loc: Loc }
  | { k: 'assign'; target: Expr; op: AssignOp; value: Expr; loc: Loc }
  | { k: 'incr'; target: Expr; op: '++' | '--'; loc: Loc }
  | { k: 'expr'; e: Expr; loc: Loc }
  | { k: 'if'; cond: Expr; then: Stmt[]; else?: Stmt[]; loc: Loc }
  /** `for (init; cond; step)`; `unroll` loops need constant bounds and are expanded by printers. */
  | { k: 'for'; init?: Stmt; cond: Expr; step: Stmt; body: Stmt[]; unroll: boolean; loc: Loc }
  | { k: 'while'; cond: Expr; body: Stmt[]; loc: Loc }
  | { k: 'loop'; body: Stmt[]; loc: Loc }
  | { k: 'break'; loc: Loc }
  | { k: 'continue'; loc: Loc }
  | { k: 'return'; value?: Expr; loc: Loc };

export interface Param { name: string; type: Type }
export interface FnDecl { name: string; params: Param[]; ret?: Type; body: Stmt[]; loc: Loc }
export interface ExternFn { name: string; params: Param[]; ret?: Type; loc: Loc }
export interface ConstDecl { name: string; type: ScalarType; value: Expr; loc: Loc }
export interface GlobalVar { name: string; type: Type; storage: 'private' | 'state'; loc: Loc }
export interface UniformDecl { name: string; type: ScalarType; loc: Loc }

/** A whole kernel: every declaration of every source file, in order. */
export interface Program {
  consts: ConstDecl[];
  uniforms: UniformDecl[];
  globals: GlobalVar[];
  externs: ExternFn[];
  fns: FnDecl[];
}

/** How a target spells a call of an extern (its arguments already printed). */
export type ExternPrinter = (args: string[]) => string;
