/**
 * The CPU targets' own exp and log (engine/codegen/libm) against values computed exactly here with
 * BigInt fixed point (independent series, not the module's tables): within the 0.51 / 0.50 ulp the
 * module states, on arguments across the range the kernel meets (for log also both ends of every
 * table interval), and the host's results for every special value; φ's branches, its series against
 * exact values. That the WebAssembly function gives this function's bits is
 * test/codegen/wasm/wasm-parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { libmRuntimeJs } from '../../engine/codegen/libm/libm-js.js';

const { rt_exp, rt_log, rt_phi, rt_pow } = new Function(`${libmRuntimeJs()}\nreturn { rt_exp, rt_log, rt_phi, rt_pow };`)() as {
  rt_exp: (x: number) => number; rt_log: (x: number) => number;
  rt_phi: (l: number, tau: number, e: number) => number; rt_pow: (a: number, b: number) => number;
};

const FRAC = 200n;
const ONE = 1n << FRAC;
const mul = (a: bigint, b: bigint): bigint => (a * b) >> FRAC;

/** A double as an exact fixed-point value (|x| ≥ 2^-150 or 0). */
function fixed(x: number): bigint {
  const f = new Float64Array([x]);
  const bits = new BigUint64Array(f.buffer)[0];
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)) | (exp === 0 ? 0n : 1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  const v = e + Number(FRAC) >= 0 ? mant << BigInt(e + Number(FRAC)) : mant >> BigInt(-(e + Number(FRAC)));
  return bits >> 63n ? -v : v;
}

const LN2 = (() => {
  // ln 2 = 2·atanh(1/3)
  const u = ONE / 3n, u2 = mul(u, u);
  let term = u, sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) { sum += term / n; term = mul(term, u2); }
  return 2n * sum;
})();

/** Error of v in ulps of the exact value, given as 2^p · f (f fixed point in [1, 2) or (-2, -1]). */
function ulpError(v: number, p: number, f: bigint): number {
  const ref = Number(f) / Number(ONE) * 2 ** p;
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(ref))) - 52);
  const diff = fixed(v / 2 ** p) - f;
  return Math.abs(Number(diff) / Number(ONE) * 2 ** p) / ulp;
}

function exactExp(x: number): { p: number; f: bigint } {
  const X = fixed(x);
  const n = BigInt(Math.round(x / Math.LN2));
  const r = X - n * LN2;
  let term = ONE, sum = 0n;
  for (let k = 1n; term !== 0n && k < 200n; k++) { sum += term; term = mul(term, r) / k; }
  // normalise sum into [1, 2)
  let p = Number(n), f = sum;
  while (f >= 2n * ONE) { f >>= 1n; p++; }
  while (f < ONE) { f <<= 1n; p--; }
  return { p, f };
}

/** ln x exactly (200 fraction bits): x = m·2^e, m in [1, 2), ln m = 2·atanh((m − 1)/(m + 1)); as 2^p·f. */
function exactLog(x: number): { p: number; f: bigint } | null {
  const e = Math.floor(Math.log2(x));
  let m = x / 2 ** e, E = e;
  if (m >= 2) { m /= 2; E++; } else if (m < 1) { m *= 2; E--; }
  const M = fixed(m);
  const u = ((M - ONE) << FRAC) / (M + ONE), u2 = mul(u, u);
  let term = u, sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) { sum += term / n; term = mul(term, u2); }
  const L = BigInt(E) * LN2 + 2n * sum;
  if (L === 0n) return null;
  let p = 0, f = L < 0n ? -L : L;
  while (f >= 2n * ONE) { f >>= 1n; p++; }
  while (f < ONE) { f <<= 1n; p--; }
  return { p, f: L < 0n ? -f : f };
}

/** A deterministic spread of arguments (no Math.random: a failure must reproduce). */
function* samples(n: number, lo: number, hi: number): Generator<number> {
  let s = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    yield lo + (hi - lo) * (s / 2 ** 32);
  }
}

describe('own exp (codegen/libm)', () => {
  it('exp is within 0.51 ulp of the exact value over the kernel\'s range', () => {
    let worst = 0;
    for (const [lo, hi] of [[-699.99, 703.99], [-699.99, -600], [-20, 20], [-1, 1], [-1e-3, 1e-3], [-1e-9, 1e-9]]) {
      for (const x of samples(1500, lo, hi)) {
        const { p, f } = exactExp(x);
        worst = Math.max(worst, ulpError(rt_exp(x), p, f));
      }
    }
    console.info(`[libm] exp: worst error ${worst.toFixed(3)} ulp over 9,000 arguments`);
    expect(worst).toBeLessThanOrEqual(0.51);
  });

  it('log is within 0.51 ulp of the exact value: near 1, across the table\'s intervals, over the double range', () => {
    let worst = 0, n = 0;
    const check = (x: number): void => {
      const ex = exactLog(x);
      if (!ex) { expect(rt_log(x)).toBe(0); return; }
      worst = Math.max(worst, ulpError(rt_log(x), ex.p, ex.f));
      n++;
    };
    // near 1 (the interval with c = 1 and its neighbours), one interval's width and the table's span
    for (const [lo, hi] of [[1 - 1e-6, 1 + 1e-6], [1 - 2 ** -8, 1 + 2 ** -7], [0.97, 1.03], [0.68, 1.38], [1e-3, 1e3]]) {
      for (const x of samples(1500, lo, hi)) check(x);
    }
    // both ends of each of the table's 128 intervals (2^45 consecutive doubles from top word 0x3fe5f000), at three scales
    const word = (hi: number, lo: number): number => { const f = new Float64Array(1), u = new Uint32Array(f.buffer); u[1] = hi >>> 0; u[0] = lo >>> 0; return f[0]; };
    for (let i = 0; i < 128; i++) {
      for (const [hi, lo] of [[0x3fe5f000 + i * 8192, 0], [0x3fe5f000 + i * 8192, 1], [0x3fe5f000 + (i + 1) * 8192 - 1, 0xffffffff]]) {
        for (const scale of [1, 2 ** -30, 2 ** 40]) check(word(hi, lo) * scale);
      }
    }
    // every power of two the kernel meets, and x = 2^e·(1 ± tiny)
    for (let e = -1000; e <= 1000; e += 7) for (const m of [1, 1 + 2 ** -52, 2 - 2 ** -52, 1.37, 0.69]) check(2 ** e * m);
    console.info(`[libm] log: worst error ${worst.toFixed(3)} ulp over ${n} arguments`);
    expect(worst).toBeLessThanOrEqual(0.51);
  });

  it('log: special values (≤ 0, subnormal, infinite, NaN) are the host\'s; ln 1 = 0', () => {
    for (const x of [NaN, Infinity, -Infinity, 0, -0, -1, -1e-300, 5e-324, 1e-310, 2.2e-308]) {
      expect(Object.is(rt_log(x), Math.log(x))).toBe(true);
    }
    expect(rt_log(1)).toBe(0);
    expect(rt_log(Math.E)).toBe(1);
    expect(rt_log(2)).toBe(Math.LN2);
  });

  it('φ = (e^{λτ} − 1)/λ: τ at z = 0, the series below |z| = 0.5 within 1.5 ulp of exact values (the host\'s expm1(z)/λ it replaced: 2.0), (e − 1)/λ above', () => {
    expect(rt_phi(0, 3, 1)).toBe(3);
    expect(rt_phi(-2, 1, 0.25)).toBe((0.25 - 1) / -2);
    expect(Number.isNaN(rt_phi(NaN, 1, NaN))).toBe(true);
    // Exact φ for the double arguments: expm1(λτ)/λ with λτ exact, from the exact exponential.
    const exactPhi = (l: number, tau: number): { p: number; f: bigint } => {
      const L = fixed(l), T = fixed(tau), Z = mul(L, T);
      let term = Z, sum = 0n;
      for (let k = 2n; term !== 0n && term !== -1n; k++) { sum += term; term = mul(term, Z) / k; }
      let q = (sum << FRAC) / L;
      const neg = q < 0n;
      if (neg) q = -q;
      let p = 0;
      while (q >= 2n * ONE) { q >>= 1n; p++; }
      while (q < ONE) { q <<= 1n; p--; }
      return { p, f: neg ? -q : q };
    };
    let worst = 0, worstHost = 0;
    for (const l of [-7.6, -1.3, -0.021, -0.0049, 0.37, 2]) {
      for (const tau of samples(600, 1e-6, 0.499 / Math.abs(l))) {
        const ex = exactPhi(l, tau);
        worst = Math.max(worst, ulpError(rt_phi(l, tau, rt_exp(l * tau)), ex.p, ex.f));
        worstHost = Math.max(worstHost, ulpError(Math.expm1(l * tau) / l, ex.p, ex.f));
      }
    }
    console.info(`[libm] φ below |z| = 0.5: worst error ${worst.toFixed(3)} ulp (the host's expm1(z)/λ: ${worstHost.toFixed(3)}) over 3,600 arguments`);
    expect(worst).toBeLessThanOrEqual(1.5);
    expect(worst).toBeLessThanOrEqual(worstHost);
  });

  it('special values are the host\'s', () => {
    for (const x of [NaN, Infinity, -Infinity, 0, -0, 704, -700, -704, 709.7, 710, -745, -745.2, -746, -746.1, -800, -1e300, 1e-320]) {
      expect(Object.is(rt_exp(x), Math.exp(x))).toBe(true);
    }
    expect(rt_exp(0)).toBe(1);
    expect(rt_exp(-0)).toBe(1);
    expect(rt_pow(-2, 3)).toBe(-8);
    expect(rt_pow(0, 0.5)).toBe(0);
  });
});
