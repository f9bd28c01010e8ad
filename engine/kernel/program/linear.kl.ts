/**
 * Closed-form solution of the linear subsystem dx/dt = K x + b over a breakpoint interval
 * (docs/KERNEL.md §3): x(T+tau) = sum_k e^{lam_k tau} P_k x_T + phi(lam_k, tau) P_k b. The target
 * runtime supplies the eigen-decomposition (lin_setup) and phi; the generated model code moves
 * states in and out (lin_capture, lin_rates, with_lin).
 */
export const linearKl = {
  file: 'linear.kl',
  text: /* kl */ `
var<private> lin_closed: bool;
var<private> lin_K: array<real, NL2>;
var<private> lin_lam: array<real, NL>;
var<private> lin_P: array<real, NL3>;
// x_T of the current interval (parked: a resumed dispatch restarts the closed form from it).
var<state> lin_x0: array<real, NL>;
var<private> lin_b: array<real, NL>;
var<private> lin_v: array<real, NL2>;
var<private> lin_w: array<real, NL2>;
var<private> lin_has_rate: bool;

/** Projects x_T and the input rates b onto the eigen-directions: lin_v = P_k x_T, lin_w = P_k b. */
fn lin_start() {
  lin_has_rate = false;
  unroll for (var j = 0u; j < NLIN; j++) { if (lin_b[j] != 0.0) { lin_has_rate = true; } }
  unroll for (var k = 0u; k < NLIN; k++) {
    unroll for (var i = 0u; i < NLIN; i++) {
      var v = 0.0;
      var w = 0.0;
      unroll for (var j = 0u; j < NLIN; j++) {
        v += lin_P[(k * NLIN + i) * NLIN + j] * lin_x0[j];
        w += lin_P[(k * NLIN + i) * NLIN + j] * lin_b[j];
      }
      lin_v[k * NLIN + i] = v;
      lin_w[k * NLIN + i] = w;
    }
  }
}

/**
 * The subsystem at tau after the interval start; exactly x_T at tau = 0 (sum_k P_k = I only up to
 * rounding, which would put noise of the order of the dose on a state just dosed).
 */
fn lin_eval(tau: real) -> array<real, NL> {
  var x: array<real, NL>;
  if (tau == 0.0) {
    x = lin_x0;
    return x;
  }
  unroll for (var k = 0u; k < NLIN; k++) {
    let e = exp(lin_lam[k] * tau);
    var f = 0.0;
    if (lin_has_rate) { f = lin_phi(lin_lam[k], tau, e); }
    unroll for (var i = 0u; i < NLIN; i++) { x[i] += e * lin_v[k * NLIN + i] + f * lin_w[k * NLIN + i]; }
  }
  return x;
}
`,
};
