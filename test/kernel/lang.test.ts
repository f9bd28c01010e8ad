/**
 * The kernel language: the parser and checker reject what WGSL would (with a position), the shared
 * passes fold, unroll and prune, and the two printers give programs that compute the same thing —
 * the JavaScript one run here, the WGSL one on the GPU (SwiftShader) through the shader harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProgram } from '../../engine/kernel/lang/parse.js';
import { checkProgram } from '../../engine/kernel/lang/check.js';
import { specialise } from '../../engine/kernel/lang/transform.js';
import { printJs } from '../../engine/codegen/js/print-js.js';
import { printWgslFunctions } from '../../engine/codegen/wgsl/print-wgsl.js';
import { specialsWgsl } from '../../shaders/specials.wgsl.js';
import { bitsF32, f32Bits, gpuHarness, type Harness } from '../codegen/wgsl/gpu-harness.js';

const program = (text: string, entries: string[]) =>
  specialise(checkProgram(parseProgram([{ file: 't.kl', text }])), entries);
const check = (text: string) => checkProgram(parseProgram([{ file: 't.kl', text }]));

/** A program exercising value semantics, out-parameters, bool arrays, u32 bit ops, unrolling and folding. */
const SAMPLE = `
const N: u32 = 4u;
const USE_TWICE: bool = true;
var<private> g: array<real, N>;
var<private> flags: array<bool, N>;
var<private> twod: array<array<real, 2>, 3>;
fn fill(x: real) -> array<real, N> {
  var out: array<real, N>;
  unroll for (var i = 0u; i < N; i++) { out[i] = x * real(i + 1u); }
  return out;
}
fn shifted(a: array<real, N>) -> array<real, N> {
  var b = a;
  b[0] = b[0] + 100.0;
  return b;
}
fn dead() -> real { return 42.0; }
fn popcount_low(x: u32) -> u32 {
  var m = x & 255u;
  var c = 0u;
  loop { if (m == 0u) { break; } m &= m - 1u; c++; }
  return c;
}
fn main_fn(x: real) -> real {
  g = fill(x);
  let before = g;
  g = shifted(g);
  g = shifted(g);
  twod[2][1] = fill(1.0)[1u] + array_sum(before) * 0.0;
  twod[1] = twod[2];
  flags[2] = g[0] > 200.0;
  var s = 0.0;
  for (var i = 0u; i < N; i++) { s += g[i] - before[i]; }
  if (USE_TWICE) { s = s * 2.0; } else { s = dead(); }
  let bits = popcount_low(0xf0u | (1u << 2u));
  return s + real(bits) + select(0.0, 1000.0, flags[2]) + real(N / 3u) + before[3] + 10.0 * twod[1][1];
}
fn array_sum(a: array<real, N>) -> real {
  var s = 0.0;
  for (var i = 0u; i < N; i++) { s += a[i]; }
  return s;
}
`;

/** The expected value of main_fn(x), computed by hand from the program's semantics. */
function expected(x: number): number {
  const g = [1, 2, 3, 4].map((k) => x * k);
  const before = [...g];
  g[0] += 200;
  const s = 2 * g.reduce((acc, v, i) => acc + v - before[i], 0);
  return s + 5 + (g[0] > 200 ? 1000 : 0) + 1 + before[3] + 10 * 2;
}

describe('kernel language: checking', () => {
  it('rejects mixed types, assignments to lets and unknown names, with a position', () => {
    expect(() => check('fn f() -> real { return 1.0 + 2u; }')).toThrow(/t\.kl:1:\d+: \+ between real and u32/);
    expect(() => check('fn f() { let a = 1.0; a = 2.0; }')).toThrow(/'a' is not assignable/);
    expect(() => check('fn f() -> real { return zz; }')).toThrow(/unknown name 'zz'/);
    expect(() => check('fn f(a: real) -> u32 { return a; }')).toThrow(/returns real, declared u32/);
    expect(() => check('uniform n: u32;\nfn f() { let n = 1u; }')).toThrow(/t\.kl:2:\d+: 'n' shadows a uniform/);
    expect(() => parseProgram([{ file: 'p.kl', text: 'fn f() { x = ; }' }])).toThrow(/p\.kl:1:14/);
  });

  it('types untyped integer literals from their context', () => {
    const c = check('fn f(a: real, b: u32) -> real { let x = a * 2; let y = b + 3; return x + real(y); }');
    expect([...c.types.values()]).toContain('real');
  });
});

describe('kernel language: shared passes', () => {
  it('folds constant branches, unrolls with literal indices and drops what nothing reaches', () => {
    const p = program(SAMPLE, ['main_fn']);
    expect(p.fns.map((f) => f.name)).not.toContain('dead');
    const js = printJs(p, {}, ['main_fn']);
    expect(js).not.toMatch(/USE_TWICE|dead\(/);
    expect(js).toMatch(/out\[3\] = \(x \* 4\)|__out\[3\]|out\[3\]/);
  });

  it('folds integer bit operations of constants, so a per-slot mask test leaves one branch on the masked slots', () => {
    // MASK has bits 1 and 2: after unrolling, slots 0 and 3 keep their store unconditionally, 1 and 2 under !flag.
    const p = program(`
      const MASK: u32 = 6u;
      var<private> flag: bool;
      var<private> out: array<real, 4>;
      fn main_fn() {
        unroll for (var i = 0u; i < 4u; i++) { if (!(i < 32u && ((MASK >> i) & 1u) == 1u && flag)) { out[i] = real(i); } }
        out[0] = real((5u << 2u) | (3u ^ 1u));
      }`, ['main_fn']);
    const js = printJs(p, {}, ['main_fn']);
    expect(js.match(/if \(\(!flag\)\)/g)).toHaveLength(2);
    expect(js).toMatch(/out\[0\] = 22/);
    expect(js).not.toMatch(/MASK|>>|<</);
  });
});

describe('kernel language: the JavaScript printer', () => {
  it('keeps WGSL value semantics over typed arrays (copies, out-parameters, aliasing, bools, u32)', () => {
    const js = printJs(program(SAMPLE, ['main_fn']), {}, ['main_fn']);
    const main = new Function(`${js}\nreturn main_fn;`)() as (x: number) => number;
    for (const x of [0.5, 3, -2]) expect(main(x)).toBeCloseTo(expected(x), 12);
  });
});

describe('kernel language: the WGSL printer', () => {
  let h: Harness | string;
  beforeAll(async () => { h = await gpuHarness(); });
  afterAll(() => { if (typeof h !== 'string') h.destroy(); });

  it('compiles the same program and computes the same values on the GPU', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const wgsl = printWgslFunctions(program(SAMPLE, ['main_fn']));
    const xs = [0.5, 3, -2];
    const out = bitsF32(await h.run(`${specialsWgsl}\n${wgsl}`, 'out[i] = bitcast<u32>(main_fn(bitcast<f32>(inp[i])));', f32Bits(xs), 1));
    xs.forEach((x, i) => expect(out[i]).toBeCloseTo(expected(Math.fround(x)), 3));
  });
});
