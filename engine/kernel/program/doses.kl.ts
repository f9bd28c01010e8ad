/**
 * Doses and infusions (docs/KERNEL.md §2): the dose table, infusion slots and rates, and the static
 * dose path (every planned dose at its planned time and level). The dynamic path of protocol rules
 * is rules.kl; the driver picks one by the constant DYNAMIC.
 */
export const dosesKl = {
  file: 'doses.kl',
  text: /* kl */ `
// Dose table rows (engine/kernel/pack.ts): planned time, target, level slot, duration slot, cycle,
// last level slot of the dose's drug (protocol reductions stop there), constant duration.
fn dose_time(k: u32) -> real { return fd(off_dose + DOSE_STRIDE * k); }
fn dose_target(k: u32) -> u32 { return u32(fd(off_dose + DOSE_STRIDE * k + 1u)); }
fn dose_level(k: u32) -> u32 { return u32(fd(off_dose + DOSE_STRIDE * k + 2u)); }
fn dose_dur_slot(k: u32) -> u32 { return u32(fd(off_dose + DOSE_STRIDE * k + 3u)); }
fn dose_cycle(k: u32) -> u32 { return u32(fd(off_dose + DOSE_STRIDE * k + 4u)); }
fn dose_last_level(k: u32) -> u32 { return u32(fd(off_dose + DOSE_STRIDE * k + 5u)); }
/** Infusion duration (0: bolus): the row's constant, or a generated expression of patient values. */
fn dose_duration(k: u32) -> real {
  let s = dose_dur_slot(k);
  if (s == 0u) { return fd(off_dose + DOSE_STRIDE * k + 6u); }
  return duration_expr(s - 1u);
}

var<private> tg_lag: array<real, NT>;
var<private> tg_F: array<real, NT>;
var<private> rate: array<real, NS>;
var<state> inf_end: array<real, MAXINF>;
var<state> inf_state: array<i32, MAXINF>;
var<state> inf_rate: array<real, MAXINF>;
// Static path: per dose target, the next planned dose of that target.
var<state> dptr: array<u32, NT>;

/** A dose's events at T: a bolus into state si, or an infusion in a free slot (false: none free). */
fn apply_dose(si: u32, amt: real, dur: real, T: real) -> bool {
  if (dur > 0.0) {
    for (var s = 0u; s < MAXINF; s++) {
      if (inf_state[s] < 0i) { inf_state[s] = i32(si); inf_end[s] = T + dur; inf_rate[s] = amt / dur; return true; }
    }
    return false;
  }
  dp_y0[si] += amt;
  return true;
}

/** Input rates per state from the running infusions (exactly 0 when none runs). */
fn recompute_rates() {
  for (var i = 0u; i < NS; i++) { rate[i] = 0.0; }
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0i) { rate[u32(inf_state[s])] += inf_rate[s]; } }
}

fn expire_infusions(T: real) {
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0i && inf_end[s] <= T) { inf_state[s] = -1i; } }
}

/** Earliest end of a running infusion after T, or tn. */
fn next_infusion_end(T: real, tn0: real) -> real {
  var tn = tn0;
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0i && inf_end[s] > T) { tn = min(tn, inf_end[s]); } }
  return tn;
}

fn planned_teff(k: u32) -> real { return dose_time(k) + tg_lag[dose_target(k)]; }

fn next_dose_of(tg: u32, start_at: u32) -> u32 {
  var k = start_at;
  while (k < n_doses && dose_target(k) != tg) { k++; }
  return k;
}

fn static_init() {
  for (var k = 0u; k < NT; k++) { dptr[k] = next_dose_of(k, 0u); }
}

/** Gives every planned dose due at T, in plan order (false: no free infusion slot). */
fn static_apply(T: real) -> bool {
  loop {
    var best = n_doses;
    for (var tg = 0u; tg < NT; tg++) {
      let k = dptr[tg];
      if (k < best && planned_teff(k) <= T) { best = k; }
    }
    if (best >= n_doses) { break; }
    let tg = dose_target(best);
    dptr[tg] = next_dose_of(tg, best + 1u);
    if (!(planned_teff(best) < horizon)) { continue; }
    let amt = level_amount(level_base + dose_level(best)) * tg_F[tg];
    if (!apply_dose(target_state(tg), amt, dose_duration(best), T)) { return false; }
  }
  return true;
}

/** The next planned dose time after T, or tn. */
fn static_next(T: real, tn0: real) -> real {
  var tn = tn0;
  for (var tg = 0u; tg < NT; tg++) {
    let k = dptr[tg];
    if (k < n_doses) { let te = planned_teff(k); if (te > T) { tn = min(tn, te); } }
  }
  return tn;
}
`,
};
