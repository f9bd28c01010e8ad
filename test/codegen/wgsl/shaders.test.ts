/**
 * The hand-written WGSL pieces, run on the GPU (SwiftShader here): Philox4x32-10 against the
 * Random123 known-answer vectors, the uniform mapping, and the f32 normal quantile / CDF against
 * the f64 implementations of engine/common/rng.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { philoxWgsl } from '../../../shaders/philox.wgsl.js';
import { normalWgsl } from '../../../shaders/normal.wgsl.js';
import { specialsWgsl } from '../../../shaders/specials.wgsl.js';
import { philox4x32_10 } from '../../../engine/common/rng/philox.js';
import { pnorm, qnorm, erf } from '../../../engine/common/rng/normal.js';
import { bitsF32, f32Bits, gpuHarness, type Harness } from './gpu-harness.js';

let h: Harness | string;
beforeAll(async () => { h = await gpuHarness(); });
afterAll(() => { if (typeof h !== 'string') h.destroy(); });

/** Philox on the GPU: input words are groups of 6 (counter, key); output 4 words per group. */
async function gpuPhilox(inputs: number[][]): Promise<number[][]> {
  if (typeof h === 'string') throw new Error(h);
  const flat = new Uint32Array(inputs.flat());
  const out = await h.run(philoxWgsl, `
  if (i % 6u != 0u) { return; }
  let r = philox4x32_10(vec4<u32>(inp[i], inp[i + 1u], inp[i + 2u], inp[i + 3u]), vec2<u32>(inp[i + 4u], inp[i + 5u]));
  for (var k = 0u; k < 4u; k++) { out[i / 6u * 4u + k] = r[k]; }`, flat, 1);
  return inputs.map((_, j) => [...out.slice(4 * j, 4 * j + 4)]);
}

describe('WGSL Philox4x32-10', () => {
  it('matches the Random123 known-answer vectors (kat_vectors, philox4x32 R=10)', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const got = await gpuPhilox([
      [0, 0, 0, 0, 0, 0],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0],
    ]);
    expect(got[0]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    expect(got[1]).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    expect(got[2]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('agrees bit for bit with the TypeScript generator on patient counters', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const inputs = Array.from({ length: 200 }, (_, j) => [j * 7919, 0, j % 5, 0, 0x9e3779b9 ^ j, 42]);
    const got = await gpuPhilox(inputs);
    const want = new Uint32Array(4);
    inputs.forEach((c, j) => {
      philox4x32_10(c[0], c[1], c[2], c[3], c[4], c[5], want);
      expect(got[j]).toEqual([...want]);
    });
  });

  it('maps words to uniforms strictly inside (0,1), within 2^-24 of the f64 mapping', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const words = [0, 1, 255, 256, 0x7fffffff, 0x80000000, 0xfffffeff, 0xffffff00, 0xffffffff];
    const out = bitsF32(await h.run(philoxWgsl, 'out[i] = bitcast<u32>(uniform_from_word(inp[i]));', new Uint32Array(words), 1));
    words.forEach((w, j) => {
      expect(out[j]).toBeGreaterThan(0);
      expect(out[j]).toBeLessThan(1);
      expect(Math.abs(out[j] - (w + 0.5) / 2 ** 32)).toBeLessThanOrEqual(2 ** -24);
    });
  });
});

describe('WGSL normal distribution (f32)', () => {
  async function evalF(fn: string, xs: number[]): Promise<Float32Array> {
    if (typeof h === 'string') throw new Error(h);
    return bitsF32(await h.run(specialsWgsl + normalWgsl, `out[i] = bitcast<u32>(${fn}(bitcast<f32>(inp[i])));`, f32Bits(xs), 1));
  }

  it('qnorm (AS 241 PPND7) is within 2e-6 relative of the f64 PPND16 over (1e-12, 1 − 1e-7)', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const ps: number[] = [];
    for (let e = -12; e <= -1; e += 0.25) ps.push(10 ** e);
    for (let p = 0.02; p < 0.99; p += 0.01) ps.push(p);
    for (let e = -7; e <= -2; e += 0.5) ps.push(1 - 10 ** e);
    const p32 = Float32Array.from(ps);
    const got = await evalF('qnorm', [...p32]);
    p32.forEach((p, j) => {
      const want = qnorm(p);
      expect(Math.abs(got[j] - want)).toBeLessThanOrEqual(2e-6 * Math.max(Math.abs(want), 0.05));
    });
  });

  it('qnorm(0.5) = 0, qnorm(0) = −∞, qnorm(1) = +∞', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const got = await evalF('qnorm', [0.5, 0, 1]);
    expect([...got]).toEqual([0, -Infinity, Infinity]);
  });

  it('pnorm keeps relative accuracy into the tails (≤ 1e-5 over [−10, 6]: exp(−x²/2) in f32 costs x²·2⁻²⁴); erf near 0 too', async (ctx) => {
    if (typeof h === 'string') return ctx.skip();
    const xs = Float32Array.from({ length: 161 }, (_, j) => -10 + j * 0.1);
    const got = await evalF('pnorm', [...xs]);
    xs.forEach((x, j) => expect(Math.abs(got[j] - pnorm(x)) / pnorm(x)).toBeLessThan(1e-5));
    const small = Float32Array.from([1e-6, -3e-4, 0.1, -0.45, 0.7, 2, -3]);
    const e = await evalF('erf_f32', [...small]);
    small.forEach((x, j) => expect(Math.abs(e[j] - erf(x)) / Math.abs(erf(x))).toBeLessThan(2e-6));
  });
});
