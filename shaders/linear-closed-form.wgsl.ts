/**
 * Eigen-decomposition of the linear subsystem's K for the WGSL target (docs/KERNEL.md §3 and §6),
 * for n ≤ 3 states (1-, 2- and 3-compartment PK; larger subsystems are integrated on this target,
 * TargetCaps.maxClosedForm). Eigenvalues are the closed-form roots of the characteristic polynomial,
 * each polished by two Newton steps on it, so the small terminal-phase eigenvalue keeps its f32
 * relative accuracy; P_k = Π_{j≠k} (K − λ_j I)/(λ_k − λ_j). lin_setup returns false when the
 * eigenvalues are not real or two are closer than 1e-4 × max|λ| (the patient is then integrated).
 *
 * Contract with the kernel program (engine/kernel/program/linear.kl): it reads `lin_K` (n×n,
 * row-major) and writes `lin_lam` (n) and `lin_P` ((k·n + i)·n + j); `lin_phi` is its φ.
 */
export function linearClosedFormWgsl(n: number): string {
  const K = (r: number, c: number): string => `lin_K[${r * n + c}]`;
  const roots = n === 1 ? `lin_lam[0] = ${K(0, 0)};`
    : n === 2 ? `
  let tr = ${K(0, 0)} + ${K(1, 1)};
  let det = ${K(0, 0)} * ${K(1, 1)} - ${K(0, 1)} * ${K(1, 0)};
  let disc = 0.25 * tr * tr - det;
  if (disc < 0.0) { return false; }
  let m = 0.5 * tr + select(-1.0, 1.0, tr >= 0.0) * sqrt(disc);
  lin_lam[0] = m;
  lin_lam[1] = select(0.0, det / m, m != 0.0);`
      : `
  let tr = ${K(0, 0)} + ${K(1, 1)} + ${K(2, 2)};
  let m2 = ${K(0, 0)} * ${K(1, 1)} - ${K(0, 1)} * ${K(1, 0)} + ${K(0, 0)} * ${K(2, 2)} - ${K(0, 2)} * ${K(2, 0)} + ${K(1, 1)} * ${K(2, 2)} - ${K(1, 2)} * ${K(2, 1)};
  let det = ${K(0, 0)} * (${K(1, 1)} * ${K(2, 2)} - ${K(1, 2)} * ${K(2, 1)}) - ${K(0, 1)} * (${K(1, 0)} * ${K(2, 2)} - ${K(1, 2)} * ${K(2, 0)}) + ${K(0, 2)} * (${K(1, 0)} * ${K(2, 1)} - ${K(1, 1)} * ${K(2, 0)});
  let a = -tr;
  let b = m2;
  let c = -det;
  let p = b - a * a / 3.0;
  let q = 2.0 * a * a * a / 27.0 - a * b / 3.0 + c;
  if (p >= 0.0 || 4.0 * p * p * p + 27.0 * q * q > 0.0) { return false; }
  let r = 2.0 * sqrt(-p / 3.0);
  let phi = acos(clamp(3.0 * q / (p * r), -1.0, 1.0)) / 3.0;
  for (var k = 0u; k < 3u; k++) {
    var x = r * cos(phi - 2.0943951023931953 * f32(k)) - a / 3.0;
    for (var it = 0; it < 2; it++) {
      let f = ((x + a) * x + b) * x + c;
      let d = (3.0 * x + 2.0 * a) * x + b;
      if (d != 0.0) { x = x - f / d; }
    }
    lin_lam[k] = x;
  }`;
  return /* wgsl */ `
fn lin_setup() -> bool {
  ${roots}
  var lmax = 0.0;
  for (var k = 0u; k < ${n}u; k++) { lmax = max(lmax, abs(lin_lam[k])); }
  for (var k = 0u; k < ${n}u; k++) {
    for (var j = k + 1u; j < ${n}u; j++) {
      if (!(abs(lin_lam[k] - lin_lam[j]) >= 1e-4 * lmax)) { return false; }
    }
  }
  for (var k = 0u; k < ${n}u; k++) {
    // Explicit zero values: SwiftShader was seen not to re-zero a var declared in a loop body.
    var P = array<f32, ${n * n}>();
    for (var i = 0u; i < ${n}u; i++) { P[i * ${n}u + i] = 1.0; }
    for (var j = 0u; j < ${n}u; j++) {
      if (j == k) { continue; }
      let s = 1.0 / (lin_lam[k] - lin_lam[j]);
      var Q = array<f32, ${n * n}>();
      for (var r = 0u; r < ${n}u; r++) {
        for (var cc = 0u; cc < ${n}u; cc++) {
          var acc = -lin_lam[j] * P[r * ${n}u + cc];
          for (var m = 0u; m < ${n}u; m++) { acc += lin_K[r * ${n}u + m] * P[m * ${n}u + cc]; }
          Q[r * ${n}u + cc] = acc * s;
        }
      }
      P = Q;
    }
    for (var i = 0u; i < ${n * n}u; i++) { lin_P[k * ${n * n}u + i] = P[i]; }
  }
  return true;
}

/**
 * φ(λ, τ) = (e^{λτ} − 1)/λ given e = e^{λτ}, by its series where the subtraction would cancel in
 * f32; the select keeps both forms branch-free (they diverge across SIMD lanes).
 */
fn lin_phi(lam: f32, tau: f32, e: f32) -> f32 {
  let z = lam * tau;
  let series = tau * (1.0 + z * (0.5 + z * (0.16666667 + z * (0.041666668 + z * (0.008333334 + z * 0.0013888889)))));
  return select((e - 1.0) / lam, series, abs(z) < 0.1);
}
`;
}
