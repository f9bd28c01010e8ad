/**
 * The CPU targets' own exp and log (docs/KERNEL.md §5): table-driven, the same algorithms and tables
 * in the WebAssembly target (wasm-libm.ts, written out at each call) and the JavaScript target
 * (libm-js.ts), so both give the same bits. V8's Math.exp and Math.log (fdlibm: a division each,
 * and from WebAssembly a call out of the module) sit on the dependency chain of every right-hand
 * side (a^b = exp(b·ln a)); these have ≈ 0.55× and 0.7× their latency in WebAssembly
 * (docs/BENCHMARKS.md).
 *
 * exp(x) = 2^(k/128) · e^r, k = round(128·x/ln 2), |r| ≤ ln 2/256: the table holds 2^(j/128) as a
 * double-double (hi + lo), e^r − 1 is a degree-5 polynomial (truncation < 2^-60), and 2^⌊k/128⌋ is
 * built from its exponent bits. x outside [−700, 704] and NaN go to the host's exp (overflow,
 * subnormals) except x < −746 (+0). log: see LOG_OFF_HI. Measured against exact values
 * (test/codegen/libm.test.ts): exp ≤ 0.51 ulp, log ≤ 0.50 ulp (fdlibm's: < 1 ulp).
 *
 * The tables are computed here, exactly, with BigInt fixed point (128 fraction bits): no constant
 * is copied from elsewhere.
 */

const FRAC = 128n;
const ONE = 1n << FRAC;
const fmul = (a: bigint, b: bigint): bigint => (a * b) >> FRAC;
const fdiv = (a: bigint, b: bigint): bigint => (a << FRAC) / b;

/** 2^(j/128) in fixed point: Newton's method on y^128 = 2^j from the double estimate. */
function pow2Frac(j: number): bigint {
  let y = BigInt(Math.round(2 ** (j / 128) * 2 ** 52)) << (FRAC - 52n);
  const target = ONE << BigInt(j);
  for (let it = 0; it < 4; it++) {
    let p = y;
    for (let s = 0; s < 7; s++) p = fmul(p, p);
    y -= fdiv(p - target, 128n * fdiv(p, y));
  }
  return y;
}

/** ln 2 in fixed point: 2·atanh(1/3) summed until the terms vanish. */
function ln2Fixed(): bigint {
  const u = ONE / 3n;
  const u2 = fmul(u, u);
  let term = u, sum = 0n;
  for (let n = 1n; ; n += 2n) {
    const t = term / n;
    if (t === 0n) break;
    sum += t;
    term = fmul(term, u2);
  }
  return 2n * sum;
}

/** A fixed-point value as the double nearest it (hi) and the double nearest the rest (lo). */
function doubleDouble(y: bigint): [number, number] {
  if (y === 0n) return [0, 0];
  const neg = y < 0n;
  const a = neg ? -y : y;
  const shift = BigInt(Math.max(0, a.toString(2).length - 53));
  const hiInt = shift > 0n ? (a + (1n << (shift - 1n))) >> shift : a;
  const hi = Number(hiInt) * 2 ** Number(shift - FRAC);
  const lo = Number(a - (hiInt << shift)) * 2 ** Number(-FRAC);
  return neg ? [-hi, -lo] : [hi, lo];
}

export interface LibmTables {
  /** 2^(j/128), j = 0..127, hi and lo parts. */
  expHi: number[]; expLo: number[];
  /** 128/ln 2; ln 2/128 split so that k·hi is exact for |k| < 2^17. */
  invLn2N: number; ln2NHi: number; ln2NLo: number;
  /**
   * log's 128 intervals: centre c (≤ 12 significant bits); 1/c as a 9-bit part (invHi) plus the
   * rest (invLo); ln c as a multiple of 2^-42 (hi) plus the rest (lo).
   */
  logC: number[]; logInvHi: number[]; logInvLo: number[]; logCHi: number[]; logCLo: number[];
  /** ln 2 as a multiple of 2^-42 (so that k·hi + ln c hi is exact) and the rest. */
  ln2Hi: number; ln2Lo: number;
}

/** e^r − 1 ≈ r + r²·((C2 + r·C3) + r²·(C4 + r·C5)). */
export const EXP_POLY = [0.5, 1 / 6, 1 / 24, 1 / 120];
/**
 * Outside [EXP_MIN, EXP_MAX] (and for NaN) the host's exp takes over (overflow, subnormal results).
 * Inside, 2^⌊k/128⌋ ≥ 2^-1010, so the products of the scaled table entry that fall below the
 * normal range (lo·2^⌊k/128⌋, th·p) carry absolute errors under 2^-1075, ≤ 2^-13 of the result's
 * ulp: scaling the table first rounds as scaling the sum would.
 */
export const EXP_MIN = -700;
export const EXP_MAX = 704;
/**
 * Below it e^x < 2^-1076, under half the least subnormal: the result is +0 without the host's
 * exp (the closed-form PK's e^{λτ} of a fast phase over a long step lands here on every step).
 */
export const EXP_ZERO_BELOW = -746;
/** 1.5·2^52: adding and subtracting it rounds a double (|z| < 2^51) to the nearest integer. */
export const ROUND_SHIFT = 6755399441055744;

/**
 * log: x = 2^k·z with z in [OFF, 2·OFF), OFF = 0.685546875 (top word 0x3fe5f000), split into 128
 * intervals of 2^45 consecutive doubles — 2^-8 wide below 1, 2^-7 above, and the one that holds
 * 1 is [1 − 2^-9, 1 + 2^-8) with c = 1, so that x near 1 has ln c = 0 and no cancellation.
 * ln x = k·ln 2 + ln c + log1p(r), r = (z − c)/c, |r| ≤ 2^-8. d = z − c is exact (Sterbenz) and
 * has ≤ 45 significant bits, so with 1/c = invHi + invLo (invHi of 9 bits) r = d·invHi + d·invLo
 * where the first product is exact and the second is ≤ 2^-9·|r|: r carries no rounding of its own
 * size — near ln x = 0 (x next to the interval of 1, where |r| is close to |ln x|) a rounded r
 * alone would cost up to 0.8 ulp. log1p(r) − r is its Taylor series to r⁷ (remainder < r⁸/8:
 * relative ≤ 2^-58 of the result). k·ln2hi + ln c hi is exact (both multiples of 2^-42, sum
 * < 2^10), its sum with d·invHi is split hi + lo (Fast2Sum: |ln c| ≥ |r| wherever ln c ≠ 0), so
 * the final rounding is the only large one.
 */
export const LOG_OFF_HI = 0x3fe5f000;
/** log1p(r) − r ≈ r²·((A2 + r·A3) + r²·(A4 + r·A5) + r⁴·(A6 + r·A7)): the Taylor coefficients (−1)^(n+1)/n. */
export const LOG_POLY = [-1 / 2, 1 / 3, -1 / 4, 1 / 5, -1 / 6, 1 / 7];

/**
 * φ(λ, τ) = (e^{λτ} − 1)/λ where z = λτ is small (|z| < PHI_SMALL): τ·g(z), g(z) = (e^z − 1)/z =
 * Σ z^n/(n + 1)!, which has no cancellation (g ∈ [0.79, 1.3]): g = 1 + z·P(z), P the series from
 * 1/2! to 1/15! (remainder < 2^-59 relative) in Estrin's order. The same tree is printed as
 * JavaScript (libm-js.ts) and WebAssembly (wasm-libm.ts), so both targets give the same bits. It
 * replaced the host's expm1(z)/λ there (a call out of WebAssembly per infusion-phase exponential).
 */
export const PHI_SMALL = 0.5;
/** A polynomial evaluation: constants, z and its powers, sums and products, in evaluation order. */
export type PolyTree = number | 'z' | 'z2' | 'z4' | 'z8' | ['+' | '*', PolyTree, PolyTree];
export function phiPolyTree(): PolyTree {
  let f = 1;
  const p: number[] = [];
  for (let n = 2; n <= 15; n++) { f *= n; p.push(1 / f); }   // p[k] = 1/(k + 2)!, factorials exact below 2^53
  const lin = (a: number, b: number): PolyTree => ['+', p[a], ['*', 'z', p[b]]];
  const add = (a: PolyTree, x: 'z2' | 'z4' | 'z8', b: PolyTree): PolyTree => ['+', a, ['*', x, b]];
  const r0 = add(lin(0, 1), 'z2', lin(2, 3)), r1 = add(lin(4, 5), 'z2', lin(6, 7));
  const r2 = add(lin(8, 9), 'z2', lin(10, 11)), r3 = lin(12, 13);
  const P = add(add(r0, 'z4', r1), 'z8', add(r2, 'z4', r3));
  return ['+', 1, ['*', 'z', P]];
}

/** The double whose top 32 bits are `hi` and low 32 bits are 0. */
function fromHighWord(hi: number): number {
  const f = new Float64Array(1);
  new Uint32Array(f.buffer)[1] = hi >>> 0;
  return f[0];
}

/** A double (with at most 60 fractional bits below 2^0) as exact fixed point. */
const toFixed = (x: number): bigint => BigInt(Math.round(x * 2 ** 60)) << (FRAC - 60n);

/** ln c in fixed point for a double c near 1: 2·atanh(u), u = (c − 1)/(c + 1), summed on |u| (odd in u). */
function lnFixed(c: number): bigint {
  const C = toFixed(c);
  const u = fdiv(C - ONE, C + ONE);
  const a = u < 0n ? -u : u;
  const a2 = fmul(a, a);
  let term = a, sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n;
    term = fmul(term, a2);
  }
  return u < 0n ? -2n * sum : 2n * sum;
}

/** A fixed-point value rounded to a multiple of 2^-42 (as a double) and the double nearest the rest. */
function split42(y: bigint): [number, number] {
  const sh = FRAC - 42n;
  const hiInt = (y + (1n << (sh - 1n))) >> sh;
  const rest = y - (hiInt << sh);
  return [Number(hiInt) * 2 ** -42, doubleDouble(rest)[0]];
}

function logTables(): Pick<LibmTables, 'logC' | 'logInvHi' | 'logInvLo' | 'logCHi' | 'logCLo'> {
  const logC: number[] = [], logInvHi: number[] = [], logInvLo: number[] = [], logCHi: number[] = [], logCLo: number[] = [];
  for (let i = 0; i < 128; i++) {
    const lo = fromHighWord(LOG_OFF_HI + i * 8192), hi = fromHighWord(LOG_OFF_HI + (i + 1) * 8192);
    const c = lo < 1 && hi > 1 ? 1 : (lo + hi) / 2;
    const [h, l] = c === 1 ? [0, 0] : split42(lnFixed(c));
    // 1/c to 9 significant bits (c ∈ [0.68, 1.38]: a multiple of 2^-8 or 2^-9), the rest exactly rounded.
    const inv = fdiv(ONE, toFixed(c));
    const step = 1 / c > 1 ? 8n : 9n;
    const invHi = Number((inv + (1n << (FRAC - step - 1n))) >> (FRAC - step)) * 2 ** -Number(step);
    logC.push(c); logInvHi.push(invHi); logInvLo.push(doubleDouble(inv - toFixed(invHi))[0]); logCHi.push(h); logCLo.push(l);
  }
  return { logC, logInvHi, logInvLo, logCHi, logCLo };
}

let cached: LibmTables | undefined;

export function libmTables(): LibmTables {
  if (cached) return cached;
  const exp = Array.from({ length: 128 }, (_, j) => doubleDouble(pow2Frac(j)));
  const [ln2, ln2lo] = doubleDouble(ln2Fixed());
  // The hi part with few enough significant bits (≤ 36) that k·hi is exact for |k| < 2^17.
  const ln2NHi = Math.round((ln2 / 128) * 2 ** 45) / 2 ** 45;
  cached = {
    expHi: exp.map((x) => x[0]), expLo: exp.map((x) => x[1]),
    invLn2N: 128 / ln2, ln2NHi, ln2NLo: (ln2 - ln2NHi * 128) / 128 + ln2lo / 128,
    ...logTables(),
    ln2Hi: split42(ln2Fixed())[0], ln2Lo: split42(ln2Fixed())[1],
  };
  return cached;
}
