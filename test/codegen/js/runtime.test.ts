import { describe, expect, it } from 'vitest';
import { MATH_RUNTIME } from '../../../engine/codegen/js/runtime-math.js';
import { LINEAR_RUNTIME } from '../../../engine/codegen/js/runtime-linear.js';
import { uniform, pnorm as pnormRef } from '../../../engine/common/rng/index.js';

type Rt = {
  rt_philox(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void; rt_ph: Uint32Array;
  rt_uniform(lo: number, hi: number, i: number, k: number): number; rt_qnorm(p: number): number;
  rt_pnorm(x: number): number; rt_erf(x: number): number; rt_round(x: number): number;
  rt_linsetup(n: number, K: Float64Array, lam: Float64Array, P: Float64Array, W: Float64Array): boolean;
};
const rt = new Function(`${MATH_RUNTIME}\n${LINEAR_RUNTIME}\nreturn { rt_philox, rt_ph, rt_uniform, rt_qnorm, rt_pnorm, rt_erf, rt_round, rt_linsetup };`)() as Rt;
const hex = (): string[] => [...rt.rt_ph].map((w) => w.toString(16).padStart(8, '0'));

describe('generated math runtime', () => {
  it('Philox4x32-10 matches the Random123 known-answer vectors (kat_vectors)', () => {
    rt.rt_philox(0, 0, 0, 0, 0, 0);
    expect(hex()).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    const f = 0xffffffff;
    rt.rt_philox(f, f, f, f, f, f);
    expect(hex()).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    rt.rt_philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0);
    expect(hex()).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('uniform draws agree bit-for-bit with engine/common/rng', () => {
    for (const [i, k] of [[0, 0], [1, 3], [12345, 7], [4294967295, 42]]) {
      expect(rt.rt_uniform(0xdeadbeef, 7, i, k)).toBe(uniform({ lo: 0xdeadbeef, hi: 7 }, i, k));
    }
  });

  it('qnorm (AS241) reproduces R qnorm values', () => {
    // R: qnorm(c(0.975, 0.5, 1e-10, 0.3)) = 1.959963984540054, 0, -6.361340902404056, -0.5244005127080407
    expect(rt.rt_qnorm(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(rt.rt_qnorm(0.5)).toBe(0);
    expect(rt.rt_qnorm(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(rt.rt_qnorm(0.3)).toBeCloseTo(-0.5244005127080407, 14);
  });

  it('pnorm/erf agree with the Cody-based host implementation and known values', () => {
    for (const x of [-9, -3.3, -1, -0.2, 0, 0.7, 2.5, 8]) expect(Math.abs(rt.rt_pnorm(x) - pnormRef(x))).toBeLessThan(1e-14);
    expect(rt.rt_erf(0.5)).toBeCloseTo(0.5204998778130465, 14); // Abramowitz & Stegun Table 7.1
    expect(rt.rt_round(-2.5)).toBe(-3); // mathjs rounds halves away from zero
  });
});

describe('closed-form eigen-decomposition', () => {
  const setup = (K: number[]): { ok: boolean; lam: number[]; P: Float64Array } => {
    const n = Math.round(Math.sqrt(K.length));
    const lam = new Float64Array(n), P = new Float64Array(n * n * n), W = new Float64Array(4 * n * n + 2 * n + 2);
    const ok = rt.rt_linsetup(n, Float64Array.from(K), lam, P, W);
    return { ok, lam: [...lam].sort((a, b) => a - b), P };
  };
  it('finds 2-compartment eigenvalues (quadratic formula) and covariants summing to I', () => {
    const k10 = 0.3, k12 = 0.5, k21 = 0.2;
    const { ok, lam, P } = setup([-(k10 + k12), k21, k12, -k21]);
    const s = k10 + k12 + k21, d = Math.sqrt(s * s - 4 * k10 * k21);
    expect(ok).toBe(true);
    expect(lam[0]).toBeCloseTo(-(s + d) / 2, 13);
    expect(lam[1]).toBeCloseTo(-(s - d) / 2, 13);
    for (let i = 0; i < 4; i++) expect(P[i] + P[4 + i]).toBeCloseTo(i === 0 || i === 3 ? 1 : 0, 12);
  });
  it('handles a stiff 4×4 (depot + 3 compartments) with eigenvalues spanning 3 decades', () => {
    const K = [-1.1, 0, 0, 0, 1.1, -7.52, 1.51, 0.084, 0, 1.06, -1.51, 0, 0, 1.26, 0, -0.084];
    const { ok, lam } = setup(K);
    expect(ok).toBe(true);
    expect(Math.min(...lam.map((l) => Math.abs(l + 1.1)))).toBeLessThan(1e-12);
    // Trace is preserved by the eigenvalues.
    expect(lam.reduce((a, b) => a + b, 0)).toBeCloseTo(-1.1 - 7.52 - 1.51 - 0.084, 12);
  });
  it('refuses complex and repeated eigenvalues (the caller falls back to integration)', () => {
    expect(setup([0, 1, -1, 0]).ok).toBe(false);
    expect(setup([-1, 0, 1, -1]).ok).toBe(false);
  });
});
