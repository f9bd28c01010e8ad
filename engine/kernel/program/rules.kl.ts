/**
 * Protocol rules and per-cycle windows: the dynamic dose path (docs/KERNEL.md §7). Each planned
 * dose has DOSE_WORDS persistent words (planned time, status, delays, amount); `decide` (generated
 * per regimen from the rule conditions) runs at every breakpoint where pending doses are due.
 */
export const rulesKl = {
  file: 'rules.kl',
  text: /* kl */ `
const PENDING: u32 = 0u;
const GIVEN: u32 = 1u;
const NOT_GIVEN: u32 = 2u;
const APPLIED: u32 = 3u;

var<state> r_del: u32;
var<state> r_lev: u32;
var<state> r_disc: u32;
var<state> tra: array<real, NTRK1>;
// Per-cycle windows [from, to] per summary (never opened: from = BIG).
var<state> cwin: array<real, NSUM2>;

fn ds_pt(d: u32) -> real { return pm_get(DOSE_WORDS * d); }
fn ds_status(d: u32) -> u32 { return u32(pm_get(DOSE_WORDS * d + 1u)); }
fn ds_delays(d: u32) -> u32 { return u32(pm_get(DOSE_WORDS * d + 2u)); }
fn ds_amount(d: u32) -> real { return pm_get(DOSE_WORDS * d + 3u); }
fn ds_set_status(d: u32, s: u32) { pm_set(DOSE_WORDS * d + 1u, real(s)); }
fn ds_given(d: u32) -> bool { let s = ds_status(d); return s == GIVEN || s == APPLIED; }
fn ds_teff(d: u32) -> real { return ds_pt(d) + tg_lag[dose_target(d)]; }

// Tracker table of this regimen: kind (0 unused, 1 below, 2 above), output, threshold, unit factor.
fn trk(q: u32, k: u32) -> real { return fd(off_track + (regimen * NTRK1 + q) * TRK_STRIDE + k); }
fn track_value(q: u32) -> real { return tra[q] / trk(q, 3u); }

fn rules_init() {
  for (var d = 0u; d < n_doses; d++) {
    pm_set(DOSE_WORDS * d, dose_time(d));
    ds_set_status(d, PENDING);
    pm_set(DOSE_WORDS * d + 2u, 0.0);
    pm_set(DOSE_WORDS * d + 3u, 0.0);
  }
  r_del = 0u;
  r_lev = 0u;
  r_disc = 0u;
  for (var q = 0u; q < NTRK1; q++) { tra[q] = 0.0; }
  cycle_windows();
}

/** Delay of dose d: it and every later pending dose move by \`by\`. */
fn rule_shift(d: u32, by: real) {
  for (var e = d; e < n_doses; e++) {
    if (ds_status(e) == PENDING) { pm_set(DOSE_WORDS * e, ds_pt(e) + by); }
  }
  pm_set(DOSE_WORDS * d + 2u, real(ds_delays(d) + 1u));
  r_del++;
}

/** Discontinuation: dose d and every later pending dose are not given. */
fn rule_stop(d: u32) {
  for (var e = d; e < n_doses; e++) { if (ds_status(e) == PENDING) { ds_set_status(e, NOT_GIVEN); } }
  r_disc = 1u;
}

/** Gives dose d at the current reduction level (never past the last level of its drug). */
fn rule_give(d: u32) {
  ds_set_status(d, GIVEN);
  pm_set(DOSE_WORDS * d + 3u, level_amount(level_base + min(dose_level(d) + r_lev, dose_last_level(d))));
  // Trackers count time in the current cycle: they restart with the first dose of a cycle.
  if (d == 0u) { for (var q = 0u; q < NTRK1; q++) { tra[q] = 0.0; } }
  else if (dose_cycle(d) != dose_cycle(d - 1u)) { for (var q = 0u; q < NTRK1; q++) { tra[q] = 0.0; } }
}

/**
 * Cycle c's window opens at the planned time of its first given dose and closes at the (possibly
 * delayed) planned time of the next cycle's first dose still pending or given, else at the horizon.
 */
fn cycle_windows() {
  let n = list_n(L_EXT);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_EXT, q);
    let c = scyc(j);
    if (c == 0u) { continue; }
    var lo = BIG;
    var hi = horizon;
    for (var d = 0u; d < n_doses; d++) {
      let cy = dose_cycle(d);
      let pt = ds_pt(d);
      if (cy == c && ds_given(d) && pt < lo) { lo = pt; }
      if (cy > c && ds_status(d) != NOT_GIVEN && pt < hi) { hi = pt; }
    }
    cwin[2u * j] = select(BIG, lo, lo < horizon);
    cwin[2u * j + 1u] = hi;
  }
}

/** Whether doses are to be decided at breakpoint T (pending, planned at or before T, T < horizon). */
fn rules_due(T: real) -> bool {
  if (!(T < horizon)) { return false; }
  for (var d = 0u; d < n_doses; d++) { if (ds_status(d) == PENDING && ds_pt(d) <= T) { return true; } }
  return false;
}

/** Applies the events at T of the doses given so far, in plan order (false: no free infusion slot). */
fn rules_apply(T: real) -> bool {
  for (var d = 0u; d < n_doses; d++) {
    if (ds_status(d) != GIVEN || !(ds_teff(d) <= T)) { continue; }
    ds_set_status(d, APPLIED);
    if (!(ds_teff(d) < horizon)) { continue; }
    let tg = dose_target(d);
    if (!apply_dose(target_state(tg), ds_amount(d) * tg_F[tg], dose_duration(d), T)) { return false; }
  }
  return true;
}

/** Next breakpoint from doses: planned times of pending doses and event times of given ones after T. */
fn rules_next(T: real, tn0: real) -> real {
  var tn = tn0;
  for (var d = 0u; d < n_doses; d++) {
    let s = ds_status(d);
    var t = tn;
    if (s == PENDING) { t = ds_pt(d); } else if (s == GIVEN) { t = ds_teff(d); }
    if (t > T) { tn = min(tn, t); }
  }
  return tn;
}

/** Dose-delivery statistic s: delivered, planned, rdi, delays, reductions, discontinued. */
fn dosing_stat(s: u32) -> real {
  if (s == 3u) { return real(r_del); }
  if (s == 4u) { return real(r_lev); }
  if (s == 5u) { return real(r_disc); }
  var given = 0.0;
  var planned = 0.0;
  for (var d = 0u; d < n_doses; d++) {
    if (ds_given(d)) { given += ds_amount(d); }
    if (dose_time(d) < horizon) { planned += level_amount(level_base + dose_level(d)); }
  }
  if (s == 0u) { return given; }
  if (s == 1u) { return planned; }
  return select(f_nan(), given / planned, planned != 0.0);
}
`,
};
