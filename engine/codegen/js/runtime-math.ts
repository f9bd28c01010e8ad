/**
 * Plain-JavaScript source text of the math runtime every generated CPU kernel embeds:
 * Philox4x32-10 uniforms (docs/KERNEL.md §1), `qnorm` (Wichura AS241, f64), `pnorm` (Hart 5666 as
 * given by West 2005, ~1e-15 absolute), `erf` from `pnorm`, and the mathjs-compatible
 * `round`/`sign`.
 * It is text, not TypeScript, because workers `eval` it without a TypeScript loader.
 */
export const MATH_RUNTIME = String.raw`
// 32x32 -> high 32 bits of the 64-bit product, exact in doubles via 16-bit halves.
function rt_mulhi(a, b) {
  const aH = a >>> 16, aL = a & 0xffff, bH = b >>> 16, bL = b & 0xffff;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL, hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}
const rt_ph = new Uint32Array(4);
// Philox4x32-10 (Salmon et al. 2011, Random123): counter c0..c3, key k0,k1; result in rt_ph.
function rt_philox(c0, c1, c2, c3, k0, k1) {
  c0 >>>= 0; c1 >>>= 0; c2 >>>= 0; c3 >>>= 0; k0 >>>= 0; k1 >>>= 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) { k0 = (k0 + 0x9E3779B9) >>> 0; k1 = (k1 + 0xBB67AE85) >>> 0; }
    const hi0 = rt_mulhi(0xD2511F53, c0), lo0 = Math.imul(0xD2511F53, c0) >>> 0;
    const hi1 = rt_mulhi(0xCD9E8D57, c2), lo1 = Math.imul(0xCD9E8D57, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0, n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
  }
  rt_ph[0] = c0; rt_ph[1] = c1; rt_ph[2] = c2; rt_ph[3] = c3;
}
// Draw k of patient i: counter (i, 0, floor(k/4), 0), key (seed.lo, seed.hi), word k mod 4, (w+0.5)/2^32.
function rt_uniform(seedLo, seedHi, i, k) {
  rt_philox(i, 0, Math.floor(k / 4), 0, seedLo, seedHi);
  return (rt_ph[k & 3] + 0.5) / 4294967296;
}
// Wichura (1988) AS241 PPND16, the algorithm of R's qnorm.
function rt_qnorm(p) {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  let r, val;
  if (Math.abs(q) <= 0.425) {
    r = 0.180625 - q * q;
    return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r
      + 3.387132872796366608) / (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r
      + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
  }
  r = q > 0 ? 1 - p : p;
  r = Math.sqrt(-Math.log(r));
  if (r <= 5) {
    r -= 1.6;
    val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
      + 4.6303378461565452959) * r + 1.42343711074968357734) / (((((((r * 1.05075007164441684324e-9
      + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
      + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
      + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
      + 5.4637849111641143699) * r + 6.6579046435011037772) / (((((((r * 2.04426310338993978564e-15
      + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
      + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -val : val;
}
// Standard normal CDF: Hart (1968) algorithm 5666 in the double-precision form of West (2005).
function rt_pnorm(z) {
  const a = Math.abs(z);
  let c;
  if (!(a <= 37)) c = a > 37 ? 0 : NaN;
  else {
    const e = Math.exp(-a * a / 2);
    if (a < 7.07106781186547) {
      let b = 3.52624965998911e-02 * a + 0.700383064443688;
      b = b * a + 6.37396220353165; b = b * a + 33.912866078383; b = b * a + 112.079291497871;
      b = b * a + 221.213596169931; b = b * a + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-02 * a + 1.75566716318264;
      b = b * a + 16.064177579207; b = b * a + 86.7807322029461; b = b * a + 296.564248779674;
      b = b * a + 637.333633378831; b = b * a + 793.826512519948; b = b * a + 440.413735824752;
      c = c / b;
    } else {
      let b = a + 0.65; b = a + 4 / b; b = a + 3 / b; b = a + 2 / b; b = a + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return z > 0 ? 1 - c : c;
}
function rt_erf(x) { return x >= 0 ? 1 - 2 * rt_pnorm(-x * Math.SQRT2) : 2 * rt_pnorm(x * Math.SQRT2) - 1; }
// mathjs rounds halves away from zero; Math.round rounds them up.
function rt_round(x) { return x < 0 ? -Math.round(-x) : Math.round(x); }
function rt_sign(x) { return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN; }
`;
