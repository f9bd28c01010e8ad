/**
 * The integrators (docs/KERNEL.md §3): one Dormand–Prince 5(4) attempt with FSAL and Hairer's
 * continuous extension (coefficients of the DOPRI5 code, Hairer, Nørsett & Wanner, Solving ODEs I,
 * §II.5–6), and the fixed-step RK4 reference with cubic Hermite dense output. Loops over the state
 * vector are `unroll`ed: constant indices keep arrays in registers on GPUs and avoid gathers.
 * Contract: `rhs`, `rhs_lin`, `with_lin` (generated from the model) and the error-control vectors.
 */
/**
 * Inside an `unroll for` over the state vector: false for a slot solved in closed form while the
 * closed form is in use. Its DOPRI5 arithmetic would be discarded — with_lin and lin_from overwrite
 * the slot, its derivatives are 0, its error weight is 0, dense output passes through with_lin — so
 * the specialised program leaves it out: after unrolling the test folds to true for every other
 * slot and to !lin_closed for these. Results are the same to the bit.
 */
const INTEGRATED = '!(i < 32u && ((LIN_MASK >> i) & 1u) == 1u && lin_closed)';
/**
 * Inside an `unroll for` over the state vector: true for a slot some output reads (OUT_MASK).
 * Dense output feeds only outputs (outputs_at, output_one), so it interpolates only those slots.
 */
const OUTPUT_READ = '(i >= 32u || ((OUT_MASK >> i) & 1u) == 1u)';

export const stepperKl = {
  file: 'stepper.kl',
  text: /* kl */ `
var<private> dp_k: array<array<real, NY>, 7>;
var<private> dp_y1: array<real, NY>;
// Dense-output coefficients of the step just accepted (dp_rc) and of the previous accepted step of
// the same breakpoint interval (pv_rc; extremum refinement looks back one step). dopri5: y0, y1 - y0,
// bspl, r4, r5 (Hairer's rcont); rk4: y0, y1, f0, f1.
var<private> dp_rc: array<array<real, NY>, 5>;
var<state> pv_rc: array<array<real, NY>, 5>;
var<private> err_atol: array<real, NY>;
// 0 for states solved in closed form (excluded from the error norm), else 1.
var<private> err_mask: array<real, NY>;

/** One DOPRI5 attempt from (tau, dp_y0) with dp_k[0] = f(tau, dp_y0); returns the error norm. */
fn dp5_attempt(tau: real, h: real) -> real {
  var y: array<real, NY>;
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) { y[i] = dp_y0[i] + h * (0.2 * dp_k[0][i]); } }
  dp_k[1] = rhs(tau + 0.2 * h, y);
  unroll for (var i = 0u; i < NY; i++) {
    if (${INTEGRATED}) { y[i] = dp_y0[i] + h * (0.075 * dp_k[0][i] + 0.225 * dp_k[1][i]); }
  }
  dp_k[2] = rhs(tau + 0.3 * h, y);
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) {
    y[i] = dp_y0[i] + h * (0.9777777777777777 * dp_k[0][i] - 3.7333333333333334 * dp_k[1][i] + 3.5555555555555554 * dp_k[2][i]);
  } }
  dp_k[3] = rhs(tau + 0.8 * h, y);
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) {
    y[i] = dp_y0[i] + h * (2.9525986892242035 * dp_k[0][i] - 11.595793324188385 * dp_k[1][i] +
      9.822892851699436 * dp_k[2][i] - 0.2908093278463649 * dp_k[3][i]);
  } }
  dp_k[4] = rhs(tau + 0.8888888888888888 * h, y);
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) {
    y[i] = dp_y0[i] + h * (2.8462752525252526 * dp_k[0][i] - 10.757575757575758 * dp_k[1][i] +
      8.906422717743473 * dp_k[2][i] + 0.2784090909090909 * dp_k[3][i] - 0.2735313036020583 * dp_k[4][i]);
  } }
  if (METHOD_AUTO) { dp_ys6 = y; }
  let y6 = with_lin(tau + h, y);
  dp_k[5] = rhs_lin(tau + h, y6);
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) {
    y[i] = dp_y0[i] + h * (0.09114583333333333 * dp_k[0][i] + 0.44923629829290207 * dp_k[2][i] +
      0.6510416666666666 * dp_k[3][i] - 0.322376179245283 * dp_k[4][i] + 0.13095238095238096 * dp_k[5][i]);
  } }
  // dp_y1 carries its closed-form states at tau + h (stage 6's), so an accepted step's end reuses them.
  dp_y1 = lin_from(y, y6);
  dp_k[6] = rhs_lin(tau + h, dp_y1);
  var esum = 0.0;
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) {
    let e = h * (0.0012326388888888888 * dp_k[0][i] - 0.0042527702905061394 * dp_k[2][i] +
      0.03697916666666667 * dp_k[3][i] - 0.05086379716981132 * dp_k[4][i] +
      0.0419047619047619 * dp_k[5][i] - 0.025 * dp_k[6][i]);
    let sc = err_atol[i] + rtol * max(abs(dp_y0[i]), abs(dp_y1[i]));
    let r = e / sc;
    esum += err_mask[i] * r * r;
  } }
  if (err_cnt == 0.0) { return 0.0; }
  return sqrt(esum / err_cnt);
}

/** Dense-output coefficients of the DOPRI5 step just taken (size h) into dp_rc. */
fn dp5_rcont(h: real) {
  unroll for (var i = 0u; i < NY; i++) { if (${INTEGRATED}) {
    let ydiff = dp_y1[i] - dp_y0[i];
    let bspl = h * dp_k[0][i] - ydiff;
    dp_rc[0][i] = dp_y0[i];
    dp_rc[1][i] = ydiff;
    dp_rc[2][i] = bspl;
    dp_rc[3][i] = ydiff - h * dp_k[6][i] - bspl;
    dp_rc[4][i] = h * (-1.1270175653862835 * dp_k[0][i] + 2.675424484351598 * dp_k[2][i] -
      5.685526961588504 * dp_k[3][i] + 3.5219323679207912 * dp_k[4][i] -
      1.7672812570757455 * dp_k[5][i] + 2.382468931778144 * dp_k[6][i]);
  } }
}

/** Classical RK4 step from (tau, dp_y0) with dp_k[0] = f(tau, dp_y0); sets dp_y1 and dp_k[6]. */
fn rk4_step(tau: real, h: real) {
  var y: array<real, NY>;
  unroll for (var i = 0u; i < NY; i++) { y[i] = dp_y0[i] + 0.5 * h * dp_k[0][i]; }
  dp_k[1] = rhs(tau + 0.5 * h, y);
  unroll for (var i = 0u; i < NY; i++) { y[i] = dp_y0[i] + 0.5 * h * dp_k[1][i]; }
  dp_k[2] = rhs(tau + 0.5 * h, y);
  unroll for (var i = 0u; i < NY; i++) { y[i] = dp_y0[i] + h * dp_k[2][i]; }
  let y4 = with_lin(tau + h, y);
  dp_k[3] = rhs_lin(tau + h, y4);
  unroll for (var i = 0u; i < NY; i++) {
    y[i] = dp_y0[i] + h / 6.0 * (dp_k[0][i] + 2.0 * dp_k[1][i] + 2.0 * dp_k[2][i] + dp_k[3][i]);
  }
  dp_y1 = lin_from(y, y4);
  dp_k[6] = rhs_lin(tau + h, dp_y1);
}

/** Hermite data of the RK4 step just taken (values and slopes at both ends). */
fn rk4_rcont() {
  dp_rc[0] = dp_y0;
  dp_rc[1] = dp_y1;
  dp_rc[2] = dp_k[0];
  dp_rc[3] = dp_k[6];
}

/**
 * The state at theta of the previous (prev) or current accepted step of size hs (dense output):
 * the slots outputs read (others are left 0; every caller passes the state to outputs_at or
 * output_one, which overwrite closed-form slots through with_lin).
 */
fn dense_state(prev: bool, theta: real, hs: real) -> array<real, NY> {
  var out: array<real, NY>;
  let t1 = 1.0 - theta;
  if (METHOD_RK4) {
    let t2 = theta * theta;
    let t3 = t2 * theta;
    unroll for (var i = 0u; i < NY; i++) {
      out[i] = (2.0 * t3 - 3.0 * t2 + 1.0) * select(dp_rc[0][i], pv_rc[0][i], prev) +
        (t3 - 2.0 * t2 + theta) * hs * select(dp_rc[2][i], pv_rc[2][i], prev) +
        (3.0 * t2 - 2.0 * t3) * select(dp_rc[1][i], pv_rc[1][i], prev) + (t3 - t2) * hs * select(dp_rc[3][i], pv_rc[3][i], prev);
    }
  } else {
    unroll for (var i = 0u; i < NY; i++) { if (${OUTPUT_READ} && ${INTEGRATED}) {
      out[i] = select(dp_rc[0][i], pv_rc[0][i], prev) + theta * (select(dp_rc[1][i], pv_rc[1][i], prev) +
        t1 * (select(dp_rc[2][i], pv_rc[2][i], prev) + theta * (select(dp_rc[3][i], pv_rc[3][i], prev) +
        t1 * select(dp_rc[4][i], pv_rc[4][i], prev))));
    } }
  }
  return out;
}
`,
};
