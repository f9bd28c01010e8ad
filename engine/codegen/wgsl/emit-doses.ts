/**
 * How the WGSL kernel's breakpoint handler (at_breakpoint, emit-driver.ts) gives doses: the static
 * path of docs/KERNEL.md §2 (every dose at its planned time and level, per-target pointers into the
 * dose table) or the dynamic path of §7 (decisions by protocol rules, emit-rules.ts). Each returns
 * WGSL fragments: helper functions, the dose application at T ending with `outs` (the outputs after
 * T's events), and the next dose breakpoint after T folded into `tn`.
 */
import type { KernelPlan } from './kernel-plan.js';

/** WGSL fragments of one dose path. */
export interface DosePath {
  helpers: string;
  apply: string;
  next: string;
}

/** A dose's events at T: a bolus, or an infusion in a free slot (false: none free). */
const APPLY_DOSE = `
fn apply_dose(si: u32, amt: f32, dur: f32, T: f32) -> bool {
  if (dur > 0.0) {
    for (var s = 0u; s < MAXINF; s++) {
      if (inf_state[s] < 0) { inf_state[s] = i32(si); inf_end[s] = T + dur; inf_rate[s] = amt / dur; return true; }
    }
    return false;
  }
  dp_y0[si] += amt;
  return true;
}`;

/** The static dose path: per-target pointers into the dose table, every dose given as planned (§2). */
function staticDoses(plan: KernelPlan): DosePath {
  return {
    helpers: `
fn dose_teff(k: u32) -> f32 {
  let d = doses[P.doseOffset + k];
  return bitcast<f32>(d.x) + tg_lag[d.y];
}

fn next_dose_of(tg: u32, start_at: u32) -> u32 {
  var k = start_at;
  while (k < P.nDoses && doses[P.doseOffset + k].y != tg) { k++; }
  return k;
}`,
    apply: `loop {
    var best = P.nDoses;
    for (var tg = 0u; tg < ${plan.nTargets}u; tg++) {
      let k = dptr[tg];
      if (k < best && dose_teff(k) <= T) { best = k; }
    }
    if (best >= P.nDoses) { break; }
    let d = doses[P.doseOffset + best];
    dptr[d.y] = next_dose_of(d.y, best + 1u);
    let teff = dose_teff(best);
    if (!(teff < P.horizon)) { continue; }
    if (!apply_dose(target_state(d.y), level_amount(P.levelBase + d.z) * tg_F[d.y], dur_value(d.w), T)) { finish(3u); return; }
  }
  recompute_rates();
  start_interval();
  let outs = outputs_at(0.0, dp_y0);`,
    next: `for (var tg = 0u; tg < ${plan.nTargets}u; tg++) {
    let k = dptr[tg];
    if (k < P.nDoses) { let te = dose_teff(k); if (te > T) { tn = min(tn, te); } }
  }`,
  };
}

/**
 * The dynamic dose path (docs/KERNEL.md §7, emit-rules.ts). When doses are due at T, a first pass
 * evaluates the outputs before T's events for the decisions, a second pass after them: one
 * outputs_at call site, since SwiftShader inlines every call and compiles each copy.
 */
const DYNAMIC_DOSES: DosePath = {
  helpers: '',
  apply: `var deciding = rules_due(T);
  var outs: array<f32, NO>;
  loop {
    if (!deciding && !rules_apply(T)) { finish(3u); return; }
    recompute_rates();
    start_interval();
    outs = outputs_at(0.0, dp_y0);
    if (!deciding) { break; }
    if (decide(T, outs)) { cycle_windows(); }
    deciding = false;
  }`,
  next: 'tn = next_dose_time(T, tn);',
};

/** The dose path of `plan`'s kernel. */
export function dosePathWgsl(plan: KernelPlan): DosePath {
  const path = plan.dynamic ? DYNAMIC_DOSES : staticDoses(plan);
  return { ...path, helpers: `${APPLY_DOSE}\n${path.helpers}` };
}
