/**
 * The dynamic-dose part of the WGSL kernel (docs/KERNEL.md §7), the counterpart of the CPU emitter's
 * engine/codegen/js/emit-rules.ts: per-dose state (planned time, status, delays, amount), one
 * compiled `decide_r` per regimen (rule conditions inlined, their literals lifted into the constant
 * buffer), dose application and next decision time (at_breakpoint in emit-driver.ts decides on the
 * outputs before T's events, then applies them), trackers, per-cycle summary windows and the
 * dose-delivery columns.
 *
 * Resumability: the per-dose state lives in the persistent state buffer after the batch's header
 * words (`P.batchN * SW + p * DOSE_STATE_WORDS * P.nDoses`), so it is never copied in or out; the
 * counters and tracker accumulators are parked with the header (save/load in emit-parking.ts); the
 * per-cycle windows are kept in the parked words too (written by cycle_windows after each decision).
 * Table-driven: loops over doses and trackers read their data from buffers, nothing is unrolled per
 * dose, so kernel size does not grow with the schedule.
 *
 * Data (fdata, after the summary table at `RULE_DATA = P.offSum + SUM_STRIDE·NSUMS`): the tracker
 * table (TRACKER_STRIDE floats × nTrackers per regimen), then the cycle of every planned dose of every
 * regimen, indexed like the dose table (`P.doseOffset + d`). Written by the host's job-data.ts.
 */
import { DOSING_STATS, type EnsembleJob } from '../../common/job.js';
import { emitWgslExpr, type WgslConstPool } from './emit-expr.js';
import { Scope } from './emit-scopes.js';
import { DOSE_STATE_WORDS, DOSING_KIND_CODE, SUM_STRIDE, TRACKER_STRIDE, type KernelPlan } from './kernel-plan.js';

/** Dose status codes: pending, given (events not yet applied), not given, given and applied. */
const PENDING = 0, GIVEN = 1, NOT_GIVEN = 2, APPLIED = 3;

/** One regimen's decisions at T: the CPU's decide${r} (emit-rules.ts), rule for rule. */
function emitDecide(job: EnsembleJob, ri: number, sc: Scope, pool: WgslConstPool): string {
  const reg = job.regimens[ri];
  const rules = reg.rules?.rules ?? [];
  const scope = new Scope(`the protocol rules of regimen '${reg.name}'`, sc);
  job.model.outputs.forEach((o, k) => scope.set(`out:${o.name}`, `outs[${k}]`));
  scope.set('rule:delays', 'f32(r_del)');
  scope.set('rule:delayed', 'f32(ds_delays(d))');
  scope.set('rule:reductions', 'f32(r_lev)');
  scope.set('rule:cycle', 'f32(dose_cycle(d))');
  scope.set('rule:dose', 'f32(d + 1u)');
  (reg.rules?.trackers ?? []).forEach((t, q) => scope.set(`track:${t.name}`, `(tra[${q}] / ${pool.lift(t.unitFactor)})`));
  const cond = (i: number): string => `(${emitWgslExpr(rules[i].when, scope.resolve, pool)} != 0.0)`;
  const lines: string[] = [];
  rules.forEach((q, i) => {
    if (q.action !== 'delay') return;
    const exhausted = q.then === 'give' ? '' : ' rule_stop(d); return true;';
    lines.push(`if ${cond(i)} { if (f32(ds_delays(d)) < ${pool.lift(q.max ?? 1)}) { rule_shift(d, ${pool.lift(q.by ?? 0)}); continue; }${exhausted} }`);
  });
  const of = (action: string) => rules.map((q, i) => (q.action === action ? cond(i) : '')).filter((c) => c !== '');
  const reduce = of('reduce');
  if (reduce.length) {
    lines.push(`if (${reduce.join(' || ')}) { if (r_lev + 1u < ${reg.levels.length}u) { r_lev++; } else { rule_stop(d); return true; } }`);
  }
  const stop = of('discontinue');
  if (stop.length) lines.push(`if (${stop.join(' || ')}) { rule_stop(d); return true; }`);
  return `
fn decide_${ri}(T: f32, outs: array<f32, NO>) -> bool {
  var changed = false;
  for (var d = 0u; d < P.nDoses; d++) {
    if (ds_status(d) != ${PENDING}u || !(ds_pt(d) <= T)) { continue; }
    changed = true;
    ${lines.join('\n    ')}
    rule_give(d, ${reg.levels.length}u);
  }
  return changed;
}`;
}

/** WGSL of the dynamic-dose machinery (only emitted for plan.dynamic kernels). */
export function rulesWgsl(job: EnsembleJob, plan: KernelPlan, sc: Scope, pool: WgslConstPool): string {
  const decides = job.regimens.map((_, ri) => emitDecide(job, ri, sc, pool));
  const nTr = Math.max(plan.nTrackers, 1);
  return `
const SK_DOSING: u32 = ${DOSING_KIND_CODE}u;
/** Tracker slots per regimen (tracker table) and the start of the rule data in fdata. */
const NTRK: u32 = ${plan.nTrackers}u;
fn rule_data() -> u32 { return P.offSum + ${SUM_STRIDE}u * NSUMS; }
fn trk(q: u32, k: u32) -> f32 { return fdata[rule_data() + (P.regimen * NTRK + q) * ${TRACKER_STRIDE}u + k]; }
fn dose_cycle(d: u32) -> u32 { return u32(fdata[rule_data() + ${job.regimens.length}u * NTRK * ${TRACKER_STRIDE}u + P.doseOffset + d]); }
/** Cycle of a per-cycle min/max summary (0: its window is the fixed one of the table). */
fn scyc(j: u32) -> u32 { return u32(fdata[P.offSum + ${SUM_STRIDE}u * j + 5u]); }

/** Counters of the current (patient, regimen) and tracker accumulators (time, model units). */
var<private> r_del: u32;
var<private> r_lev: u32;
var<private> r_disc: u32;
var<private> tra: array<f32, ${nTr}>;
/**
 * Per-cycle windows [from, to] per summary (a cycle none of whose doses was given: from = +max), in
 * the patient's parked state, so they survive dispatches without copying.
 */
fn cw_word(j: u32, k: u32) -> u32 { return st_p * SW + ${plan.offsets.rules + 3 + plan.nTrackers}u + 2u * j + k; }

fn ds_word(d: u32, k: u32) -> u32 { return P.batchN * SW + st_p * ${DOSE_STATE_WORDS}u * P.nDoses + ${DOSE_STATE_WORDS}u * d + k; }
fn ds_pt(d: u32) -> f32 { return bitcast<f32>(pstate[ds_word(d, 0u)]); }
fn ds_status(d: u32) -> u32 { return pstate[ds_word(d, 1u)]; }
fn ds_delays(d: u32) -> u32 { return pstate[ds_word(d, 2u)]; }
fn ds_amount(d: u32) -> f32 { return bitcast<f32>(pstate[ds_word(d, 3u)]); }
fn ds_given(d: u32) -> bool { let s = ds_status(d); return s == ${GIVEN}u || s == ${APPLIED}u; }
fn dose_teff(d: u32) -> f32 { return ds_pt(d) + tg_lag[doses[P.doseOffset + d].y]; }

/** Window edge k of summary j: per patient for per-cycle summaries, else from the table. */
fn swin(j: u32, k: u32) -> f32 {
  if (scyc(j) != 0u) { return bitcast<f32>(pstate[cw_word(j, k)]); }
  return sdat(j, k);
}

fn rules_init() {
  for (var d = 0u; d < P.nDoses; d++) {
    pstate[ds_word(d, 0u)] = doses[P.doseOffset + d].x;
    pstate[ds_word(d, 1u)] = ${PENDING}u;
    pstate[ds_word(d, 2u)] = 0u;
    pstate[ds_word(d, 3u)] = 0u;
  }
  r_del = 0u; r_lev = 0u; r_disc = 0u;
  for (var q = 0u; q < ${nTr}u; q++) { tra[q] = 0.0; }
  cycle_windows();
}

/** Delay of dose d: it and every later pending dose move by \`by\`. */
fn rule_shift(d: u32, by: f32) {
  for (var e = d; e < P.nDoses; e++) {
    if (ds_status(e) == ${PENDING}u) { pstate[ds_word(e, 0u)] = bitcast<u32>(ds_pt(e) + by); }
  }
  pstate[ds_word(d, 2u)] = ds_delays(d) + 1u;
  r_del++;
}

/** Discontinuation: dose d and every later pending dose are not given. */
fn rule_stop(d: u32) {
  for (var e = d; e < P.nDoses; e++) { if (ds_status(e) == ${PENDING}u) { pstate[ds_word(e, 1u)] = ${NOT_GIVEN}u; } }
  r_disc = 1u;
}

fn rule_give(d: u32, nlev: u32) {
  pstate[ds_word(d, 1u)] = ${GIVEN}u;
  pstate[ds_word(d, 3u)] = bitcast<u32>(level_amount(P.levelBase + min(doses[P.doseOffset + d].z + r_lev, nlev - 1u)));
  // Trackers count time in the current cycle: they restart with the first dose of a cycle.
  if (d == 0u || dose_cycle(d) != dose_cycle(d - 1u)) { for (var q = 0u; q < ${nTr}u; q++) { tra[q] = 0.0; } }
}
${decides.join('\n')}

fn decide(T: f32, outs: array<f32, NO>) -> bool {
  switch P.regimen {
    ${job.regimens.map((_, ri) => `case ${ri}u: { return decide_${ri}(T, outs); }`).join('\n    ')}
    default: { return false; }
  }
}

/**
 * Cycle c's window opens at the planned time of its first given dose and closes at the (possibly
 * delayed) planned time of the next cycle's first dose still pending or given, else at the horizon.
 */
fn cycle_windows() {
  for (var j = 0u; j < NSUMS; j++) {
    let c = scyc(j);
    if (c == 0u) { continue; }
    var lo = 3.4028234e38;
    var hi = P.horizon;
    for (var d = 0u; d < P.nDoses; d++) {
      let cy = dose_cycle(d);
      let pt = ds_pt(d);
      if (cy == c && ds_given(d) && pt < lo) { lo = pt; }
      if (cy > c && ds_status(d) != ${NOT_GIVEN}u && pt < hi) { hi = pt; }
    }
    pstate[cw_word(j, 0u)] = bitcast<u32>(select(3.4028234e38, lo, lo < P.horizon));
    pstate[cw_word(j, 1u)] = bitcast<u32>(hi);
  }
}

/** Whether doses are to be decided at breakpoint T (pending, planned at or before T, T before the horizon). */
fn rules_due(T: f32) -> bool {
  if (!(T < P.horizon)) { return false; }
  for (var d = 0u; d < P.nDoses; d++) { if (ds_status(d) == ${PENDING}u && ds_pt(d) <= T) { return true; } }
  return false;
}

/** Applies the events at T of the doses given so far, in plan order. False: no free infusion slot. */
fn rules_apply(T: f32) -> bool {
  for (var d = 0u; d < P.nDoses; d++) {
    if (ds_status(d) != ${GIVEN}u || !(dose_teff(d) <= T)) { continue; }
    pstate[ds_word(d, 1u)] = ${APPLIED}u;
    if (!(dose_teff(d) < P.horizon)) { continue; }
    let dd = doses[P.doseOffset + d];
    if (!apply_dose(target_state(dd.y), ds_amount(d) * tg_F[dd.y], dur_value(dd.w), T)) { return false; }
  }
  return true;
}

/** Next breakpoint from doses: planned times of pending doses and event times of given ones after T. */
fn next_dose_time(T: f32, tn0: f32) -> f32 {
  var tn = tn0;
  for (var d = 0u; d < P.nDoses; d++) {
    let s = ds_status(d);
    var t = tn;
    if (s == ${PENDING}u) { t = ds_pt(d); } else if (s == ${GIVEN}u) { t = dose_teff(d); }
    if (t > T) { tn = min(tn, t); }
  }
  return tn;
}

/** Dose-delivery statistic s (DOSING_STATS order: ${DOSING_STATS.join(', ')}). */
fn dosing_stat(s: u32) -> f32 {
  if (s == 3u) { return f32(r_del); }
  if (s == 4u) { return f32(r_lev); }
  if (s == 5u) { return f32(r_disc); }
  var given = 0.0;
  var planned = 0.0;
  for (var d = 0u; d < P.nDoses; d++) {
    if (ds_given(d)) { given += ds_amount(d); }
    let dd = doses[P.doseOffset + d];
    if (bitcast<f32>(dd.x) < P.horizon) { planned += level_amount(P.levelBase + dd.z); }
  }
  if (s == 0u) { return given; }
  if (s == 1u) { return planned; }
  return select(f32_nan(), given / planned, planned != 0.0);
}
`;
}
