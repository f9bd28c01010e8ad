/**
 * Dormand–Prince 5(4) step with FSAL and its 4th-order continuous extension (Hairer, Nørsett &
 * Wanner, Solving ODEs I, §II.5–6; coefficients of their DOPRI5 code), plus the fixed-step RK4
 * reference method with cubic Hermite dense output.
 *
 * Contract with the generated kernel (engine/codegen/wgsl): it declares `const NY: u32`,
 * `alias StateVec = array<f32, NY>`, `fn rhs(tau: f32, y: StateVec) -> StateVec` (tau = time since
 * the start of the current breakpoint interval, so f32 time keeps its resolution), `with_lin` and
 * `rhs_lin` (the same right-hand side with the closed-form states set beforehand), and the private
 * error-control vectors `ERR_ATOL`, `ERR_MASK` (0 for states solved in closed form) and `ERR_RTOL`.
 * The step works on private arrays so the dense output can reuse the stages. Loops over the state
 * vector are unrolled with constant indices, which keeps arrays in registers (GPU) and avoids
 * per-lane gathers (SwiftShader).
 */

/** Repeats a per-element statement for elements 0..n-1 (constant indices keep arrays in registers). */
function each(n: number, f: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => `{ ${f(i)} }`).join('\n  ');
}

/** The stepper for `nY` numerical states, unrolled over the state vector. */
export function dopri5Wgsl(nY: number): string {
  return /* wgsl */ `
var<private> dp_k: array<StateVec, 7>;
var<private> dp_y0: StateVec;
var<private> dp_y1: StateVec;
// The previous accepted step of the same breakpoint interval (extremum refinement looks back one step).
var<private> pv_k: array<StateVec, 7>;
var<private> pv_y0: StateVec;
var<private> pv_y1: StateVec;

/** Keeps the step just accepted as "previous step" (before dp_* are reused). */
fn dp_keep_prev() {
  pv_k = dp_k;
  pv_y0 = dp_y0;
  pv_y1 = dp_y1;
}

/** One DOPRI5 attempt from (tau, dp_y0) with dp_k[0] = f(tau, dp_y0); returns the error norm. */
fn dp5_attempt(tau: f32, h: f32) -> f32 {
  var y: StateVec;
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * (0.2 * dp_k[0][${i}]);`)}
  dp_k[1] = rhs(tau + 0.2 * h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * (0.075 * dp_k[0][${i}] + 0.225 * dp_k[1][${i}]);`)}
  dp_k[2] = rhs(tau + 0.3 * h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * (0.9777777777777777 * dp_k[0][${i}] - 3.7333333333333334 * dp_k[1][${i}] + 3.5555555555555554 * dp_k[2][${i}]);`)}
  dp_k[3] = rhs(tau + 0.8 * h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * (2.9525986892242035 * dp_k[0][${i}] - 11.595793324188385 * dp_k[1][${i}] +
      9.822892851699436 * dp_k[2][${i}] - 0.2908093278463649 * dp_k[3][${i}]);`)}
  dp_k[4] = rhs(tau + 0.8888888888888888 * h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * (2.8462752525252526 * dp_k[0][${i}] - 10.757575757575758 * dp_k[1][${i}] +
      8.906422717743473 * dp_k[2][${i}] + 0.2784090909090909 * dp_k[3][${i}] - 0.2735313036020583 * dp_k[4][${i}]);`)}
  dp_k[5] = rhs(tau + h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * (0.09114583333333333 * dp_k[0][${i}] + 0.44923629829290207 * dp_k[2][${i}] +
      0.6510416666666666 * dp_k[3][${i}] - 0.322376179245283 * dp_k[4][${i}] + 0.13095238095238096 * dp_k[5][${i}]);`)}
  // dp_y1 carries its closed-form states at tau + h, so an accepted step's end needs no second
  // closed-form evaluation for its outputs (outputs_lin).
  dp_y1 = with_lin(tau + h, y);
  dp_k[6] = rhs_lin(tau + h, dp_y1);
  var acc = 0.0;
  var cnt = 0.0;
  ${each(nY, (i) => `let e = h * (0.0012326388888888888 * dp_k[0][${i}] - 0.0042527702905061394 * dp_k[2][${i}] +
      0.03697916666666667 * dp_k[3][${i}] - 0.05086379716981132 * dp_k[4][${i}] +
      0.0419047619047619 * dp_k[5][${i}] - 0.025 * dp_k[6][${i}]);
    let sc = ERR_ATOL[${i}] + ERR_RTOL * max(abs(dp_y0[${i}]), abs(dp_y1[${i}]));
    let r = e / sc;
    acc += ERR_MASK[${i}] * r * r;
    cnt += ERR_MASK[${i}];`)}
  if (cnt == 0.0) { return 0.0; }
  return sqrt(acc / cnt);
}

/** DOPRI5 continuous extension at tau + theta·h of the last attempted step. */
fn dp5_dense(theta: f32, h: f32) -> StateVec {
  return dp5_dense_of(dp_y0, dp_y1, dp_k, theta, h);
}

fn dp5_dense_of(y0: StateVec, y1: StateVec, k: array<StateVec, 7>, theta: f32, h: f32) -> StateVec {
  var out: StateVec;
  let t1 = 1.0 - theta;
  ${each(nY, (i) => `let ydiff = y1[${i}] - y0[${i}];
    let bspl = h * k[0][${i}] - ydiff;
    let r4 = ydiff - h * k[6][${i}] - bspl;
    let r5 = h * (-1.1270175653862835 * k[0][${i}] + 2.675424484351598 * k[2][${i}] -
      5.685526961588504 * k[3][${i}] + 3.5219323679207912 * k[4][${i}] -
      1.7672812570757455 * k[5][${i}] + 2.382468931778144 * k[6][${i}]);
    out[${i}] = y0[${i}] + theta * (ydiff + t1 * (bspl + theta * (r4 + t1 * r5)));`)}
  return out;
}

/** Classical RK4 step from (tau, dp_y0) with dp_k[0] = f(tau, dp_y0); sets dp_y1 and dp_k[6] = f(tau+h, dp_y1). */
fn rk4_step(tau: f32, h: f32) {
  var y: StateVec;
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + 0.5 * h * dp_k[0][${i}];`)}
  dp_k[1] = rhs(tau + 0.5 * h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + 0.5 * h * dp_k[1][${i}];`)}
  dp_k[2] = rhs(tau + 0.5 * h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h * dp_k[2][${i}];`)}
  dp_k[3] = rhs(tau + h, y);
  ${each(nY, (i) => `y[${i}] = dp_y0[${i}] + h / 6.0 * (dp_k[0][${i}] + 2.0 * dp_k[1][${i}] + 2.0 * dp_k[2][${i}] + dp_k[3][${i}]);`)}
  dp_y1 = with_lin(tau + h, y);
  dp_k[6] = rhs_lin(tau + h, dp_y1);
}

/** Cubic Hermite interpolation over the last RK4 step (values and slopes at both ends). */
fn rk4_dense(theta: f32, h: f32) -> StateVec {
  return rk4_dense_of(dp_y0, dp_y1, dp_k, theta, h);
}

fn rk4_dense_of(y0: StateVec, y1: StateVec, k: array<StateVec, 7>, theta: f32, h: f32) -> StateVec {
  var out: StateVec;
  let t2 = theta * theta;
  let t3 = t2 * theta;
  ${each(nY, (i) => `out[${i}] = (2.0 * t3 - 3.0 * t2 + 1.0) * y0[${i}] + (t3 - 2.0 * t2 + theta) * h * k[0][${i}] +
      (3.0 * t2 - 2.0 * t3) * y1[${i}] + (t3 - t2) * h * k[6][${i}];`)}
  return out;
}
`;
}
