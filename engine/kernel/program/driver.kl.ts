/**
 * The per-patient driver (docs/KERNEL.md §2–4): breakpoints (doses, infusion ends, window edges),
 * the adaptive step loop with its step control, grid samples, and the hooks into summaries and
 * rules. It is a resumable state machine: `run_dispatch` runs at most `max_iter` iterations and
 * leaves everything needed to continue in `var<state>` globals, which the GPU parks between
 * dispatches (the CPU runs each patient to the end in one call).
 */
export const driverKl = {
  file: 'driver.kl',
  text: /* kl */ `
var<private> st_gi: u32;        // global patient index
var<state> st_done: u32;
var<state> st_steps: u32;       // accepted steps
var<state> st_att: u32;         // attempted steps
var<state> st_T0: real;         // current breakpoint (interval start): time = st_T0 + tau
var<state> st_tau: real;
var<state> st_h: real;          // next step size proposal
var<state> st_Tend: real;       // next breakpoint
var<state> st_rej: u32;         // the last attempt was rejected
var<state> st_gidx: u32;        // next grid time
var<state> st_pending: u32;     // at a breakpoint, its events not yet applied
var<state> dp_y0: array<real, NY>;
var<state> pv_h: real;
var<state> pv_tau: real;
var<state> pv_valid: bool;      // a previous accepted step exists in this interval
var<state> prev_out: array<real, NO>;  // outputs at the previous step's start (turn refinement)
var<private> last_out: array<real, NO>; // outputs at the current step's start
var<private> init_y: array<real, NY>;
var<private> err_cnt: real;     // numerically integrated slots in the error norm

/** Largest step: hmax, or 1/1024 of the horizon when nothing is integrated numerically (so every
 * closed-form peak is bracketed by steps and then refined). */
fn hcap() -> real {
  if (err_cnt == 0.0) { return min(hmax, horizon / 1024.0); }
  return hmax;
}

fn finish(code: u32) {
  st_done = 1u;
  out_status(code, st_steps, select(0u, 1u, HAS_LINEAR && !lin_closed));
  write_summaries(code == 0u);
}

fn outputs_at(tau: real, yin: array<real, NY>) -> array<real, NO> {
  return outputs_lin(tau, with_lin(tau, yin));
}

fn rhs(tau: real, yin: array<real, NY>) -> array<real, NY> {
  return rhs_lin(tau, with_lin(tau, yin));
}

fn all_finite(y: array<real, NY>) -> bool {
  var s = 0.0;
  unroll for (var i = 0u; i < NY; i++) { s += abs(y[i]); }
  return !is_nan(s) && s <= BIG;
}

fn start_interval() {
  if (HAS_LINEAR && lin_closed) { lin_capture(); lin_rates(); lin_start(); }
}

fn init_patient() {
  report_values();
  dp_y0 = init_y;
  st_done = 0u;
  st_steps = 0u;
  st_att = 0u;
  st_T0 = 0.0;
  st_tau = 0.0;
  st_h = h0;
  st_rej = 0u;
  st_gidx = 0u;
  st_pending = 1u;
  st_Tend = 0.0;
  pv_valid = false;
  st_stiff_n = 0u;
  st_nonstiff_n = 0u;
  st_ros = 0u;
  if (DYNAMIC) { rules_init(); } else { static_init(); }
  for (var s = 0u; s < MAXINF; s++) { inf_state[s] = -1i; inf_end[s] = 0.0; inf_rate[s] = 0.0; }
  init_summaries();
}

/** After a suspended dispatch: recompute what is not parked. */
fn on_resume() {
  recompute_rates();
  set_aux_windows();
  if (st_pending == 0u) {
    if (HAS_LINEAR && lin_closed) { lin_rates(); lin_start(); }
    dp_k[0] = rhs(st_tau, dp_y0);
    last_out = outputs_at(st_tau, dp_y0);
  }
}

/** Grid times at or before the breakpoint just reached (the value after its doses). */
fn record_grid(g: u32, outs: array<real, NO>) {
  for (var o = 0u; o < NOUT; o++) { out_grid(g, o, outs[o]); }
  extrema(fd(off_grid + g), outs);
}

/** Applies the events at breakpoint st_T0, then prepares the interval up to the next breakpoint. */
fn at_breakpoint() {
  let T = st_T0;
  expire_infusions(T);
  var outs: array<real, NO>;
  if (DYNAMIC) {
    // Decisions see the outputs before T's events (first pass); the second pass applies them.
    var deciding = rules_due(T);
    loop {
      if (!deciding && !rules_apply(T)) { finish(FAIL_INFUSIONS); return; }
      recompute_rates();
      start_interval();
      outs = outputs_at(0.0, dp_y0);
      if (!deciding) { break; }
      if (decide(T, outs)) { cycle_windows(); }
      deciding = false;
    }
  } else {
    if (!static_apply(T)) { finish(FAIL_INFUSIONS); return; }
    recompute_rates();
    start_interval();
    outs = outputs_at(0.0, dp_y0);
  }
  set_aux_windows();
  last_out = outs;
  extrema(T, outs);
  while (st_gidx < n_grid && fd(off_grid + st_gidx) <= T) { record_grid(st_gidx, outs); st_gidx++; }
  values_at_break(outs);
  if (T >= horizon) { finish(0u); return; }
  var tn = horizon;
  if (DYNAMIC) { tn = rules_next(T, tn); } else { tn = static_next(T, tn); }
  tn = next_infusion_end(T, tn);
  tn = next_window_edge(T, tn);
  st_Tend = tn;
  st_tau = 0.0;
  pv_valid = false;
  st_pending = 0u;
  dp_k[0] = rhs(0.0, dp_y0);
}

/** Grid times inside the accepted step (st_tau, tau1] (its end only if it is not a breakpoint). */
fn grid_in_step(h: real, tau1: real, last: bool) {
  loop {
    if (st_gidx >= n_grid) { break; }
    let vo = fd(off_grid + st_gidx) - st_T0;
    if (!(vo < tau1 || (vo <= tau1 && !last))) { break; }
    record_grid(st_gidx, outputs_at(vo, dense_state(false, clamp((vo - st_tau) / h, 0.0, 1.0), h)));
    st_gidx++;
  }
}

/** Everything recorded over an accepted step, in order. */
fn accept_step(h: real, tau1: real, last: bool) {
  if (METHOD_RK4) { rk4_rcont(); } else if (METHOD_ROS || (METHOD_AUTO && st_ros != 0u)) { ros_rcont(); } else { dp5_rcont(h); }
  let o0 = last_out;
  let o1 = outputs_lin(tau1, dp_y1);
  last_out = o1;
  grid_in_step(h, tau1, last);
  values_in_step(h, tau1, last);
  crossings(o0, o1, h, tau1);
  extrema(st_T0 + tau1, o1);
  refine_extrema(h, tau1, o0, o1);
  prev_out = o0;
  pv_rc = dp_rc;
  pv_h = h;
  pv_tau = st_tau;
  pv_valid = !last;
}

/** One attempted step with step control (docs/KERNEL.md §3). */
fn take_step() {
  if (st_att >= max_steps) { finish(3u); return; }
  let rem = st_Tend - st_T0;
  var h = hcap();
  if (!METHOD_RK4) { h = min(st_h, h); }
  var last = false;
  // A step ending within a hair of the breakpoint is stretched to it (no sliver steps).
  if (st_tau + h * (1.0 + STRETCH) >= rem) { h = rem - st_tau; last = true; }
  var err = 0.0;
  // solver: auto runs DOPRI5 until the stiffness test switches the patient (st_ros) to Rodas4. The
  // branch spells the condition out so that constant folding drops the stepper a kernel never uses.
  let ros = METHOD_ROS || (METHOD_AUTO && st_ros != 0u);
  let ex = select(ERR_EXP, -0.25, METHOD_AUTO && ros);
  if (METHOD_RK4) { rk4_step(st_tau, h); } else if (METHOD_ROS || (METHOD_AUTO && st_ros != 0u)) { err = ros_attempt(st_tau, h); } else { err = dp5_attempt(st_tau, h); }
  st_att++;
  let tau1 = select(st_tau + h, rem, last);
  if (err <= 1.0 && !is_nan(err)) {
    // The stepper set dp_y1's closed-form states at st_tau + h; a stretched last step ends at rem.
    if (last) { dp_y1 = with_lin(tau1, dp_y1); }
    if (!all_finite(dp_y1)) { finish(1u); return; }
    accept_step(h, tau1, last);
    st_steps++;
    if (METHOD_AUTO && !ros) { stiffness_test(h); }
    let fac = min(5.0, max(0.2, 0.9 * pow(max(err, 1e-10), ex)));
    let f2 = select(fac, min(fac, 1.0), st_rej != 0u);
    // After a step clipped to the breakpoint the unclipped proposal stays.
    if (!last) { st_h = min(hcap(), h * f2); }
    st_rej = 0u;
    dp_y0 = dp_y1;
    dp_k[0] = dp_k[6];
    if (last) { st_T0 = st_Tend; st_tau = 0.0; st_pending = 1u; } else { st_tau = tau1; }
  } else {
    // A non-finite error estimate (a stage left the model's domain) is a rejection with h <- 0.2 h.
    st_h = h * max(0.2, 0.9 * pow(err, ex));
    if (is_nan(st_h) || st_h < 0.2 * h) { st_h = 0.2 * h; }
    st_rej = 1u;
    // Below TAU_RES * tau, tau + h == tau in the target's float.
    if (st_h < max(hmin, TAU_RES * st_tau)) { finish(2u); }
  }
}

/** Runs patient gi (fresh, or resumed after a suspended dispatch) for at most max_iter iterations. */
fn run_dispatch(gi: u32, resumed: bool) {
  st_gi = gi;
  patient_setup();
  if (resumed) { on_resume(); } else { init_patient(); }
  for (var n = 0u; n < max_iter && st_done == 0u; n++) {
    if (st_pending != 0u) { at_breakpoint(); } else { take_step(); }
  }
}
`,
};
