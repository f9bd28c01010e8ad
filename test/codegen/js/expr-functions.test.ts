/**
 * The JS printer's performance rewrites must not change what a program computes: expression
 * functions printed in place of their calls (engine/kernel/lang/expr-functions.ts), and powers whose
 * base is evaluated once (engine/codegen/js/js-kernel.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../engine/kernel/lang/parse.js';
import { checkProgram } from '../../../engine/kernel/lang/check.js';
import { specialise } from '../../../engine/kernel/lang/transform.js';
import { printJs } from '../../../engine/codegen/js/print-js.js';
import { jsKernelSource } from '../../../engine/codegen/js/js-kernel.js';
import { JS_CAPS, planKernel } from '../../../engine/kernel/plan.js';
import { referenceJob } from '../../../bench/reference-workload.js';

const program = (text: string, entries: string[]) => specialise(checkProgram(parseProgram([{ file: 't.kl', text }])), entries);

const SOURCE = `
const DYN: bool = true;
var<private> table: array<real, 8>;
var<private> calls: u32;
fn entry_of(j: u32, k: u32) -> real { return table[2u * j + k]; }
fn pick(j: u32, k: u32) -> real {
  if (DYN) { if (j == 3u) { return -1.0; } }
  if (k > 1u) { return 100.0; } else { return entry_of(j, k); }
}
fn counted() -> u32 { calls++; return calls; }
fn twice(x: real) -> real { return x + x; }
fn main_fn(x: real) -> real {
  for (var i = 0u; i < 8u; i++) { table[i] = x * real(i + 1u); }
  calls = 0u;
  var s = 0.0;
  for (var j = 0u; j < 4u; j++) { s += pick(j, 0u) + 10.0 * pick(j, 1u) + 1000.0 * pick(j, 2u); }
  // An argument with a side effect, read twice by the callee: must stay one call.
  s += twice(real(counted()));
  return s + real(calls);
}
`;

/** main_fn(x) by hand. */
function expected(x: number): number {
  const table = Array.from({ length: 8 }, (_, i) => x * (i + 1));
  let s = 0;
  for (let j = 0; j < 4; j++) {
    const pick = (k: number): number => (j === 3 ? -1 : k > 1 ? 100 : table[2 * j + k]);
    s += pick(0) + 10 * pick(1) + 1000 * pick(2);
  }
  return s + 2 * 1 + 1;
}

describe('JS printer: expression functions', () => {
  const js = printJs(program(SOURCE, ['main_fn']), {}, ['main_fn']);
  const body = js.slice(js.indexOf('function main_fn'));

  it('prints calls of value-only functions as their value, nested ones too', () => {
    expect(body).not.toMatch(/\bpick\(|\bentry_of\(/);
  });

  it('keeps a call whose argument has a side effect', () => {
    expect(body).toMatch(/\btwice\(/);
  });

  it('computes what the program says', () => {
    const main = new Function(`${js}\nreturn main_fn;`)() as (x: number) => number;
    for (const x of [0.5, 3, -2]) expect(main(x)).toBe(expected(x));
  });
});

describe('JS kernel: powers', () => {
  it('evaluates the base of each power once (the nested Simeoni growth power included)', () => {
    const src = jsKernelSource(planKernel(referenceJob(4, 1e-6), JS_CAPS));
    const rhs = src.slice(src.indexOf('function rhs_lin'), src.indexOf('function outputs_lin'));
    expect(rhs).toMatch(/PW\[\d+\] = /);
    for (const m of rhs.matchAll(/Math\.log\(([^()]*)\)/g)) expect(m[1]).toMatch(/^PW\[\d+\]$/);
    // One base slot per power: three in this right-hand side.
    expect(new Set([...rhs.matchAll(/PW\[(\d+)\] = /g)].map((m) => m[1])).size).toBe(3);
  });
});
