/**
 * Closed-form solution of a linear, time-invariant subsystem dx/dt = K x + b (docs/KERNEL.md §3),
 * for n ≤ 3 states (1-, 2- and 3-compartment PK — what the model analysis hands over).
 *
 * Eigenvalues are the roots of the characteristic polynomial (closed-form roots, then two Newton
 * steps on the polynomial so the small terminal-phase eigenvalue keeps its f32 relative accuracy);
 * the solution is Σ_k e^{λ_k τ} P_k x_T + φ(λ_k, τ) P_k b with the Frobenius covariants
 * P_k = Π_{j≠k} (K − λ_j I)/(λ_k − λ_j). `lin_setup` returns false when the eigenvalues are not real
 * or two are closer than 1e-4 × max|λ|; the kernel then integrates the subsystem numerically.
 *
 * Contract with the generated kernel: it declares `const NL: u32` (1, 2 or 3).
 */
/** The closed-form pieces for an nL-state subsystem (1 ≤ nL ≤ 3). */
export function linearClosedFormWgsl(nL: number): string {
  return /* wgsl */ `
var<private> lin_lam: array<f32, 3>;
var<private> lin_P: array<array<f32, 9>, 3>;
var<private> lin_v: array<array<f32, 3>, 3>;
var<private> lin_w: array<array<f32, 3>, 3>;
var<private> lin_x0: array<f32, 3>;

fn lin_cubic_newton(x0: f32, a: f32, b: f32, c: f32) -> f32 {
  var x = x0;
  for (var it = 0; it < 2; it++) {
    let f = ((x + a) * x + b) * x + c;
    let d = (3.0 * x + 2.0 * a) * x + b;
    if (d != 0.0) { x = x - f / d; }
  }
  return x;
}

/** Eigen-decomposition of K (row-major 3×3, top-left NL×NL used); false → integrate numerically. */
fn lin_setup(K: array<f32, 9>) -> bool {
  if (NL == 1u) {
    lin_lam[0] = K[0];
  } else if (NL == 2u) {
    let tr = K[0] + K[4];
    let det = K[0] * K[4] - K[1] * K[3];
    let disc = 0.25 * tr * tr - det;
    if (disc < 0.0) { return false; }
    let m = 0.5 * tr + select(-1.0, 1.0, tr >= 0.0) * sqrt(disc);
    lin_lam[0] = m;
    lin_lam[1] = select(0.0, det / m, m != 0.0);
  } else {
    let tr = K[0] + K[4] + K[8];
    let m2 = K[0] * K[4] - K[1] * K[3] + K[0] * K[8] - K[2] * K[6] + K[4] * K[8] - K[5] * K[7];
    let det = K[0] * (K[4] * K[8] - K[5] * K[7]) - K[1] * (K[3] * K[8] - K[5] * K[6]) + K[2] * (K[3] * K[7] - K[4] * K[6]);
    let a = -tr;
    let b = m2;
    let c = -det;
    let p = b - a * a / 3.0;
    let q = 2.0 * a * a * a / 27.0 - a * b / 3.0 + c;
    if (p >= 0.0 || 4.0 * p * p * p + 27.0 * q * q > 0.0) { return false; }
    let r = 2.0 * sqrt(-p / 3.0);
    let phi = acos(clamp(3.0 * q / (p * r), -1.0, 1.0)) / 3.0;
    for (var k = 0u; k < 3u; k++) {
      let root = r * cos(phi - 2.0943951023931953 * f32(k)) - a / 3.0;
      lin_lam[k] = lin_cubic_newton(root, a, b, c);
    }
  }
  var lmax = 0.0;
  for (var k = 0u; k < NL; k++) { lmax = max(lmax, abs(lin_lam[k])); }
  for (var k = 0u; k < NL; k++) {
    for (var j = k + 1u; j < NL; j++) {
      if (!(abs(lin_lam[k] - lin_lam[j]) >= 1e-4 * lmax)) { return false; }
    }
  }
  for (var k = 0u; k < NL; k++) {
    var P: array<f32, 9>;
    for (var i = 0u; i < 9u; i++) { P[i] = 0.0; }
    for (var i = 0u; i < NL; i++) { P[i * 3u + i] = 1.0; }
    for (var j = 0u; j < NL; j++) {
      if (j == k) { continue; }
      let s = 1.0 / (lin_lam[k] - lin_lam[j]);
      var Q: array<f32, 9>;
      for (var r = 0u; r < NL; r++) {
        for (var cc = 0u; cc < NL; cc++) {
          var acc = -lin_lam[j] * P[r * 3u + cc];
          for (var m = 0u; m < NL; m++) { acc += K[r * 3u + m] * P[m * 3u + cc]; }
          Q[r * 3u + cc] = acc * s;
        }
      }
      P = Q;
    }
    lin_P[k] = P;
  }
  return true;
}

/** Projects the interval's start state x_T and input rate b onto the eigen-directions. */
fn lin_start(xT: array<f32, 3>, b: array<f32, 3>) {
  lin_x0 = xT;
  for (var k = 0u; k < NL; k++) {
    for (var i = 0u; i < NL; i++) {
      var v = 0.0;
      var w = 0.0;
      for (var j = 0u; j < NL; j++) {
        v += lin_P[k][i * 3u + j] * xT[j];
        w += lin_P[k][i * 3u + j] * b[j];
      }
      lin_v[k][i] = v;
      lin_w[k][i] = w;
    }
  }
}

/**
 * φ(λ, τ) = (e^{λτ} − 1)/λ given e = e^{λτ}, by its series where the subtraction would cancel.
 * Taking e from the caller saves an exp per eigenvalue and stage; the select keeps both forms
 * branch-free (they diverge across SIMD lanes and eigenvalues).
 */
fn lin_phi(lam: f32, tau: f32, e: f32) -> f32 {
  let z = lam * tau;
  let series = tau * (1.0 + z * (0.5 + z * (0.16666667 + z * (0.041666668 + z * (0.008333334 + z * 0.0013888889)))));
  return select((e - 1.0) / lam, series, abs(z) < 0.1);
}

/**
 * The subsystem's state at tau after the interval start; exactly x_T at tau = 0 (Σ P_k = I only up
 * to rounding, which would put ~1e-7 × dose of noise on a state that was just dosed or is zero).
 * Unrolled over the nL eigen-directions (it runs at every stage).
 */
fn lin_eval(tau: f32) -> array<f32, 3> {
  if (tau == 0.0) { return lin_x0; }
  var x = array<f32, 3>(0.0, 0.0, 0.0);
  ${Array.from({ length: nL }, (_, k) => `{
    let e = exp(lin_lam[${k}] * tau);
    let f = lin_phi(lin_lam[${k}], tau, e);
    ${Array.from({ length: nL }, (_, i) => `x[${i}] += e * lin_v[${k}][${i}] + f * lin_w[${k}][${i}];`).join(' ')}
  }`).join('\n  ')}
  return x;
}
`;
}
