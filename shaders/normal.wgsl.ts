/**
 * Standard normal quantile, CDF and erf in f32.
 *
 * - qnorm: Wichura (1988) AS 241 PPND7, the single-precision variant (about 1e-7 relative), the
 *   f32 counterpart of the PPND16 used by engine/common/rng/normal.ts.
 * - erfc: the Chebyshev fit of Numerical Recipes (Press et al., 2nd ed., §6.2, `erfcc`), fractional
 *   error < 1.2e-7 everywhere, so the tails of pnorm stay relative-accurate; erf near 0 uses its
 *   Taylor series, where 1 − erfc would cancel.
 */
export const normalWgsl = /* wgsl */ `
fn qnorm(p: f32) -> f32 {
  if (!(p >= 0.0 && p <= 1.0)) { return f32_nan(); }
  let q = p - 0.5;
  if (abs(q) <= 0.425) {
    let r = 0.180625 - q * q;
    return q * (((59.10937472 * r + 159.29113202) * r + 50.434271938) * r + 3.3871327179) /
      (((67.1875636 * r + 78.757757664) * r + 17.895169469) * r + 1.0);
  }
  var r = select(1.0 - p, p, q < 0.0);
  if (r <= 0.0) { return select(f32_inf(), (-f32_inf()), q < 0.0); }
  r = sqrt(-log(r));
  var v: f32;
  if (r <= 5.0) {
    let s = r - 1.6;
    v = (((0.17023821103 * s + 1.3067284816) * s + 2.75681539) * s + 1.4234372777) /
      ((0.12021132975 * s + 0.7370016425) * s + 1.0);
  } else {
    let s = r - 5.0;
    v = (((0.017337203997 * s + 0.42868294337) * s + 3.0812263860) * s + 6.6579051150) /
      ((0.012258202635 * s + 0.24197894225) * s + 1.0);
  }
  return select(v, -v, q < 0.0);
}

fn erfc_f32(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let ans = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return select(2.0 - ans, ans, x >= 0.0);
}

fn erf_f32(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let x2 = x * x;
    // 2/sqrt(pi) * (x - x^3/3 + x^5/10 - x^7/42 + x^9/216)
    return 1.1283791670955126 * x * (1.0 + x2 * (-0.3333333333 + x2 * (0.1 + x2 * (-0.0238095238 + x2 * 0.0046296296))));
  }
  return 1.0 - erfc_f32(x);
}

fn pnorm(x: f32) -> f32 {
  return 0.5 * erfc_f32(-x * 0.7071067811865476);
}
`;
