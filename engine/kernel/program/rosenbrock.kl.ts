/**
 * The stiff integrator (docs/KERNEL.md §3): one attempt of Rodas4, Hairer & Wanner's 6-stage,
 * L-stable, stiffly accurate Rosenbrock method of order 4 with an embedded order-3 solution and an
 * order-3 continuous extension (Solving ODEs II, §VI.4, code RODAS; coefficients as in RODAS /
 * OrdinaryDiffEq's Rodas4). Stage i solves
 *   (I/(γh) − J) k_i = f(t + c_i h, y0 + Σ a_ij k_j) + Σ (C_ij/h) k_j + h d_i ∂f/∂t,
 * y1 = y0 + Σ a_5j k_j + k5 + k6 (stiffly accurate: the last two stages are at t + h), error = k6.
 * J and ∂f/∂t come from the model's IR (jacobian-code.ts); the matrix is factored once per attempt
 * (LU with partial pivoting) and solved six times. The dense output has the DOPRI5 slots' shape
 * (y0, y1 − y0, H1, H2, 0), so dense_state, grid samples, refinement and crossings are shared.
 */
export const rosenbrockKl = {
  file: 'rosenbrock.kl',
  text: /* kl */ `
// J, then the LU factors of I/(γh) − J (unit lower triangle below the diagonal); row swaps in ros_piv.
var<private> ros_m: array<array<real, NY>, NY>;
var<private> ros_ft: array<real, NY>;
var<private> ros_piv: array<u32, NY>;
var<private> ros_dinv: array<real, NY>;  // 1 / U's diagonal
var<private> ros_w: array<real, NY>;     // pivoting weight of each row: 1 / its state's error scale
var<private> ros_k: array<array<real, NY>, 6>;
// solver: auto — DOPRI5's 6th stage argument (stiffness test), its counters, and the switch.
var<private> dp_ys6: array<real, NY>;
var<state> st_stiff_n: u32;
var<state> st_nonstiff_n: u32;
var<state> st_ros: u32;

/**
 * Hairer's stiffness detection of DOPRI5 (Solving ODEs I §IV.2 / code DOPRI5): after an accepted
 * step, h·|λ| ≈ h·‖k7 − k6‖ / ‖y1 − y(stage 6)‖ estimates how close the step is to the stability
 * boundary (≈ 3.3); above 3.25 on fifteen steps, with fewer than six others between, the patient
 * switches to Rodas4 for the rest of its run. The norms are weighted by each slot's error scale
 * (closed-form slots masked out): unweighted, 4·10⁴-cell ANC states hid nab-paclitaxel's fast
 * central-compartment mode (≈ 20/h) and the test never fired.
 */
fn stiffness_test(h: real) {
  var num = 0.0;
  var den = 0.0;
  unroll for (var i = 0u; i < NY; i++) {
    let w = err_mask[i] / (err_atol[i] + rtol * max(abs(dp_y0[i]), abs(dp_y1[i])));
    let a = w * (dp_k[6][i] - dp_k[5][i]);
    let b = w * (dp_y1[i] - dp_ys6[i]);
    num += a * a;
    den += b * b;
  }
  if (den > 0.0 && h * h * num > 10.5625 * den) {
    st_nonstiff_n = 0u;
    st_stiff_n++;
    if (st_stiff_n >= 15u) { st_ros = 1u; }
  } else {
    st_nonstiff_n++;
    if (st_nonstiff_n >= 6u) { st_stiff_n = 0u; }
  }
}

/**
 * LU factorisation of ros_m in place with partial pivoting; false when it is singular. Pivots are
 * chosen on rows weighted by ros_w (1 / each state's error scale): states of very different sizes
 * (mg amounts next to cell counts of 4·10⁴) must not pivot on raw magnitude, or in f32 the large
 * rows' rounding swamps the small rows' increments (the ANC rows of nab-paclitaxel stalled the PK).
 * Every loop is unrolled and a row swap is a guarded swap per candidate row, so every index is a
 * constant: on GPUs the matrix stays in registers (dynamic indices would spill it to memory).
 */
fn ros_lu() -> bool {
  unroll for (var c = 0u; c < NY; c++) {
    var p = c;
    var big = abs(ros_m[c][c]) * ros_w[c];
    unroll for (var r = c + 1u; r < NY; r++) {
      let a = abs(ros_m[r][c]) * ros_w[r];
      if (a > big) { big = a; p = r; }
    }
    ros_piv[c] = p;
    if (big == 0.0 || is_nan(big)) { return false; }
    unroll for (var r = c + 1u; r < NY; r++) {
      if (p == r) {
        unroll for (var j = 0u; j < NY; j++) { let s = ros_m[c][j]; ros_m[c][j] = ros_m[r][j]; ros_m[r][j] = s; }
        let sw = ros_w[c]; ros_w[c] = ros_w[r]; ros_w[r] = sw;
      }
    }
    ros_dinv[c] = 1.0 / ros_m[c][c];
    unroll for (var r = c + 1u; r < NY; r++) {
      let l = ros_m[r][c] * ros_dinv[c];
      ros_m[r][c] = l;
      unroll for (var j = c + 1u; j < NY; j++) { ros_m[r][j] -= l * ros_m[c][j]; }
    }
  }
  return true;
}

/** Solves (I/(γh) − J) x = b with the factors of ros_lu: row swaps, forward, then back substitution. */
fn ros_solve(b: array<real, NY>) -> array<real, NY> {
  var x = b;
  unroll for (var c = 0u; c < NY; c++) {
    unroll for (var r = c + 1u; r < NY; r++) {
      if (ros_piv[c] == r) { let s = x[c]; x[c] = x[r]; x[r] = s; }
    }
  }
  unroll for (var c = 0u; c < NY; c++) {
    unroll for (var r = c + 1u; r < NY; r++) { x[r] -= ros_m[r][c] * x[c]; }
  }
  unroll for (var q = 0u; q < NY; q++) {
    unroll for (var j = NY - q; j < NY; j++) { x[NY - 1u - q] -= ros_m[NY - 1u - q][j] * x[j]; }
    x[NY - 1u - q] *= ros_dinv[NY - 1u - q];
  }
  return x;
}

fn jac(tau: real, yin: array<real, NY>) {
  jac_lin(tau, with_lin(tau, yin));
}

/** One Rodas4 attempt from (tau, dp_y0) with dp_k[0] = f(tau, dp_y0); returns the error norm. */
fn ros_attempt(tau: real, h: real) -> real {
  jac(tau, dp_y0);
  let g = 1.0 / (0.25 * h);
  unroll for (var i = 0u; i < NY; i++) {
    unroll for (var j = 0u; j < NY; j++) { ros_m[i][j] = select(0.0, g, i == j) - ros_m[i][j]; }
    ros_w[i] = 1.0 / (err_atol[i] + rtol * abs(dp_y0[i]));
  }
  // A singular iteration matrix (or a non-finite Jacobian) is a rejection: h shrinks.
  if (!ros_lu()) { return f_nan(); }
  let hi = 1.0 / h;
  var y: array<real, NY>;
  var b: array<real, NY>;
  unroll for (var i = 0u; i < NY; i++) { b[i] = dp_k[0][i] + h * 0.25 * ros_ft[i]; }
  ros_k[0] = ros_solve(b);
  unroll for (var i = 0u; i < NY; i++) { y[i] = dp_y0[i] + 1.544 * ros_k[0][i]; }
  var f = rhs(tau + 0.386 * h, y);
  unroll for (var i = 0u; i < NY; i++) { b[i] = f[i] - h * 0.1043 * ros_ft[i] + hi * (-5.6688 * ros_k[0][i]); }
  ros_k[1] = ros_solve(b);
  unroll for (var i = 0u; i < NY; i++) { y[i] = dp_y0[i] + 0.9466785280815826 * ros_k[0][i] + 0.2557011698983284 * ros_k[1][i]; }
  f = rhs(tau + 0.21 * h, y);
  unroll for (var i = 0u; i < NY; i++) {
    b[i] = f[i] + h * 0.1035 * ros_ft[i] + hi * (-2.430093356833875 * ros_k[0][i] - 0.2063599157091915 * ros_k[1][i]);
  }
  ros_k[2] = ros_solve(b);
  unroll for (var i = 0u; i < NY; i++) {
    y[i] = dp_y0[i] + 3.314825187068521 * ros_k[0][i] + 2.896124015972201 * ros_k[1][i] + 0.9986419139977817 * ros_k[2][i];
  }
  f = rhs(tau + 0.63 * h, y);
  unroll for (var i = 0u; i < NY; i++) {
    b[i] = f[i] - h * 0.03620000000000023 * ros_ft[i] +
      hi * (-0.1073529058151375 * ros_k[0][i] - 9.594562251023355 * ros_k[1][i] - 20.47028614809616 * ros_k[2][i]);
  }
  ros_k[3] = ros_solve(b);
  unroll for (var i = 0u; i < NY; i++) {
    y[i] = dp_y0[i] + 1.221224509226641 * ros_k[0][i] + 6.019134481288629 * ros_k[1][i] +
      12.53708332932087 * ros_k[2][i] - 0.6878860361058950 * ros_k[3][i];
  }
  // Stages 5 and 6 and the step end are all at tau + h: one closed-form evaluation serves them.
  let yl = with_lin(tau + h, y);
  f = rhs_lin(tau + h, yl);
  unroll for (var i = 0u; i < NY; i++) {
    b[i] = f[i] + hi * (7.496443313967647 * ros_k[0][i] - 10.24680431464352 * ros_k[1][i] -
      33.99990352819905 * ros_k[2][i] + 11.70890893206160 * ros_k[3][i]);
  }
  ros_k[4] = ros_solve(b);
  unroll for (var i = 0u; i < NY; i++) { y[i] += ros_k[4][i]; }
  f = rhs_lin(tau + h, lin_from(y, yl));
  unroll for (var i = 0u; i < NY; i++) {
    b[i] = f[i] + hi * (8.083246795921522 * ros_k[0][i] - 7.981132988064893 * ros_k[1][i] -
      31.52159432874371 * ros_k[2][i] + 16.31930543123136 * ros_k[3][i] - 6.058818238834054 * ros_k[4][i]);
  }
  ros_k[5] = ros_solve(b);
  unroll for (var i = 0u; i < NY; i++) { y[i] += ros_k[5][i]; }
  // dp_y1 carries its closed-form states at tau + h, so an accepted step's end reuses them.
  dp_y1 = lin_from(y, yl);
  dp_k[6] = rhs_lin(tau + h, dp_y1);
  var esum = 0.0;
  unroll for (var i = 0u; i < NY; i++) {
    let sc = err_atol[i] + rtol * max(abs(dp_y0[i]), abs(dp_y1[i]));
    let r = ros_k[5][i] / sc;
    esum += err_mask[i] * r * r;
  }
  if (err_cnt == 0.0) { return 0.0; }
  return sqrt(esum / err_cnt);
}

/** Dense-output coefficients of the Rodas4 step just accepted: y0, y1 − y0, H1, H2, 0. */
fn ros_rcont() {
  unroll for (var i = 0u; i < NY; i++) {
    dp_rc[0][i] = dp_y0[i];
    dp_rc[1][i] = dp_y1[i] - dp_y0[i];
    dp_rc[2][i] = 10.12623508344586 * ros_k[0][i] - 7.487995877610167 * ros_k[1][i] -
      34.80091861555747 * ros_k[2][i] - 7.992771707568823 * ros_k[3][i] + 1.025137723295662 * ros_k[4][i];
    dp_rc[3][i] = -0.6762803392801253 * ros_k[0][i] + 6.087714651680015 * ros_k[1][i] +
      16.43084320892478 * ros_k[2][i] + 24.76722511418386 * ros_k[3][i] - 6.594389125716872 * ros_k[4][i];
    dp_rc[4][i] = 0.0;
  }
}
`,
};
