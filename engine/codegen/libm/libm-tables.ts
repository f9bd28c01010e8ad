/**
 * The CPU targets' own exp (docs/KERNEL.md §5): table-driven, the same algorithm and table in the
 * WebAssembly target (wasm-libm.ts) and the JavaScript target (libm-js.ts), so both give the same
 * bits. V8's Math.exp (fdlibm: a division, and a call out of WebAssembly) was 22% of the WebAssembly
 * kernel's time; this one is 1.8× faster there (docs/BENCHMARKS.md). A table-driven log written the
 * same way measured slower than V8's (10.4 against 6.4 ns), so log stays the host's.
 *
 * exp(x) = 2^(k/128) · e^r, k = round(128·x/ln 2), |r| ≤ ln 2/256: the table holds 2^(j/128) as a
 * double-double (hi + lo), e^r − 1 is a degree-5 polynomial (truncation < 2^-60), and 2^⌊k/128⌋ is
 * built from its exponent bits. |x| ≥ 704 and NaN go to the host's exp (overflow, subnormals).
 * Measured against exact values (test/codegen/libm.test.ts): ≤ 0.51 ulp (fdlibm's: < 1 ulp).
 *
 * The table is computed here, exactly, with BigInt fixed point (128 fraction bits): no constant is
 * copied from elsewhere.
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
}

/** e^r − 1 ≈ r + r²·((C2 + r·C3) + r²·(C4 + r·C5)). */
export const EXP_POLY = [0.5, 1 / 6, 1 / 24, 1 / 120];
/** Beyond it the host's exp takes over (overflow, underflow, subnormal and special values). */
export const EXP_LIMIT = 704;
/** 1.5·2^52: adding and subtracting it rounds a double (|z| < 2^51) to the nearest integer. */
export const ROUND_SHIFT = 6755399441055744;

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
  };
  return cached;
}
