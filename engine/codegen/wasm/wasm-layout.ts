/**
 * Where the WebAssembly kernel keeps its arrays: one static layout in linear memory, fixed when the
 * module is printed. KL arrays have constant lengths and kernel functions do not recurse (WGSL's
 * rules), so every module array, every array local (one scratch per declaration, as the JS printer
 * hoists them) and every temporary of an array-valued call has one address for the whole run.
 * Above the static part the harness places the per-run regions (results of the current patient,
 * dose words, grid values, the job's data buffer), whose bases the module reads from globals.
 */
import type { ArrayType, ScalarType } from '../../kernel/lang/ast.js';
import { flatArray } from '../../kernel/lang/queries.js';

/** Bytes per element: f64 for reals, i32 for integers, one byte for bools (as the JS Uint8Array). */
export const elemSize = (t: ScalarType): number => (t === 'real' ? 8 : t === 'bool' ? 1 : 4);

export class StaticLayout {
  private top = 64;
  /** Reserves an array of type t; returns its byte address (8-aligned). */
  alloc(t: ArrayType): number {
    const f = flatArray(t);
    const at = this.top;
    this.top += Math.max(8, Math.ceil((f.n * elemSize(f.elem)) / 8) * 8);
    return at;
  }
  /** First byte after the static part (8-aligned). */
  get end(): number { return this.top; }
}
