/**
 * The per-patient driver of the simulation kernel: breakpoints, doses, infusions, the adaptive step
 * loop, grid sampling, summaries, and parking state between dispatches (docs/KERNEL.md §2–4).
 * Summaries are read from a descriptor table (kinds are data) and evaluated at one site per loop, so
 * the kernel's size — and the shader compiler's time and memory — do not grow with their number;
 * only the cheap flagging scans are unrolled, and only for a few summaries (scanOf).
 */
import type { EnsembleJob } from '../../common/job.js';
import type { WgslConstPool } from './emit-expr.js';
import { rulesWgsl } from './emit-rules.js';
import type { Scope } from './emit-scopes.js';
import { dosePathWgsl } from './emit-doses.js';
import { emitParking } from './emit-parking.js';
import { ACC_WORDS, SUM_STRIDE, SUMMARY_KIND_CODE, type KernelPlan } from './kernel-plan.js';

/** Status words per patient: failure code, accepted steps, 1 if the closed form fell back. */
export const STATUS_WORDS = 3;

/**
 * WGSL of the summary descriptor table (stride SUM_STRIDE floats at `P.offSum`, written by the host's
 * job-data.ts): kind code, output index, aux state index, then two numbers (window from/to, threshold,
 * or time). Summaries are a loop over this table, so the kernel's size does not grow with their
 * number: unrolled per-summary code with its inlined dense-output evaluations made SwiftShader's
 * shader compiler take minutes and gigabytes for a scenario with 16 summaries.
 */
export function summaryTableWgsl(nSummaries: number): string {
  const kinds = Object.entries(SUMMARY_KIND_CODE).map(([k, c]) => `const SK_${k.toUpperCase()}: u32 = ${c}u;`).join('\n');
  return `
${kinds}
/** Summaries actually present (NSUM is at least 1 for array sizes). */
const NSUMS: u32 = ${nSummaries}u;
fn skind(j: u32) -> u32 { return u32(fdata[P.offSum + ${SUM_STRIDE}u * j]); }
fn sout(j: u32) -> u32 { return u32(fdata[P.offSum + ${SUM_STRIDE}u * j + 1u]); }
fn saux(j: u32) -> u32 { return u32(fdata[P.offSum + ${SUM_STRIDE}u * j + 2u]); }
fn sdat(j: u32, k: u32) -> f32 { return fdata[P.offSum + ${SUM_STRIDE}u * j + 3u + k]; }
/** +1 for max, -1 for min: sgn·v > sgn·best is exactly v > best or v < best. */
fn ssgn(kind: u32) -> f32 { return select(-1.0, 1.0, kind == SK_MAX); }
`;
}

/**
 * Up to this many summaries of a kind, their scans are unrolled with constant indices; above it they
 * stay a loop over the descriptor table. Unrolled scans are faster (on SwiftShader a table-driven scan
 * — branches, gathers from the table, dynamic indices into private arrays — cost about as much as the
 * evaluations it guards), but a long unrolled list (per-cycle nadirs in default.yaml: 10 extrema)
 * made the kernel's compile time on SwiftShader grow from 4 s to minutes.
 */
const MAX_UNROLLED = 4;

/** The unrolled scan for a few summaries, else the loop over the table. */
function scanOf(rows: readonly number[], unrolled: (j: number) => string, looped: string): string {
  return rows.length <= MAX_UNROLLED ? rows.map(unrolled).join('\n  ') : looped;
}

/** Summary indices (descriptor-table rows) of the given kinds; dose-delivery columns excluded. */
function summariesOf(plan: KernelPlan, kinds: readonly string[]): number[] {
  return plan.summaries.flatMap((s, j) => (kinds.includes(s.kind) && !(s.kind === 'value_at' && s.dosing !== undefined) ? [j] : []));
}

/** Statement flagging entry j (a WGSL expression, or a constant) in the bit set `need`. */
function flag(j: number | string): string {
  return typeof j === 'number' ? `need[${j >> 5}u] |= ${(1 << (j & 31)) >>> 0}u;` : `need[(${j}) / 32u] |= 1u << ((${j}) % 32u);`;
}

/**
 * The bit set of summaries (and rule trackers) that need an output evaluation in this step, and the
 * loop that runs `body` once per flagged index `j`, in increasing order (scanOf fills it). The
 * evaluation stays at one site per loop (one inlined dense-output evaluation, so the kernel's size does
 * not grow with the number of summaries).
 */
function flaggedLoop(entries: number, scan: string, body: string): string {
  const words = Math.max(1, Math.ceil(entries / 32));
  return `var need: array<u32, ${words}>;
  ${scan}
  for (var w = 0u; w < ${words}u; w++) {
    loop {
      if (need[w] == 0u) { break; }
      let j = 32u * w + firstTrailingBit(need[w]);
      need[w] &= need[w] - 1u;
      ${body}
    }
  }`;
}

/** Emits the summary loops (extrema, value_at, time_below/above, refinement, finishing) and the entry point. */
export function emitDriver(job: EnsembleJob, plan: KernelPlan, sc: Scope, pool: WgslConstPool): string {
  const nCol = Math.max(plan.columns.length, 1);
  const denseSel = plan.method === 'dopri5' ? 'dp5_dense_sel' : 'rk4_dense_sel';
  const step = plan.method === 'dopri5' ? 'let err = dp5_attempt(st_tau, h);' : 'rk4_step(st_tau, h);\n    let err = 0.0;';
  const G = 'P.nGrid';
  const dyn = plan.dynamic;
  const A = ACC_WORDS;
  const out = (j: number): string => `${plan.summaryOutput[j]}u`;
  const extremumRows = summariesOf(plan, ['min', 'max']);
  // Extrema at a point: one compare per min/max summary (its direction and output are structure).
  const extremaScan = scanOf(extremumRows, (j) => `{ let v = outs[${out(j)}]; if (tabs >= swin(${j}u, 0u) && tabs <= swin(${j}u, 1u) && ` +
    `v ${plan.summaries[j].kind === 'max' ? '>' : '<'} acc[${A * j}u]) { acc[${A * j}u] = v; acc[${A * j + 1}u] = tabs; acc[${A * j + 2}u] = 0.0; } }`,
  `for (var j = 0u; j < NSUMS; j++) {
    let kd = skind(j);
    if (kd > SK_MIN) { continue; }
    let v = outs[sout(j)];
    let sg = ssgn(kd);
    if (tabs >= swin(j, 0u) && tabs <= swin(j, 1u) && sg * v > sg * acc[${A}u * j]) {
      acc[${A}u * j] = v; acc[${A}u * j + 1u] = tabs; acc[${A}u * j + 2u] = 0.0;
    }
  }`);
  const refineScan = scanOf(extremumRows, (j) => `{ let et = acc[${A * j + 1}u]; ` +
    `if (acc[${A * j + 2}u] == 0.0 && et >= tprev && et < st_T0 + tau1) { acc[${A * j + 2}u] = 1.0; ${flag(j)} } }`,
  `for (var j = 0u; j < NSUMS; j++) {
    let et = acc[${A}u * j + 1u];
    if (skind(j) <= SK_MIN && acc[${A}u * j + 2u] == 0.0 && et >= tprev && et < st_T0 + tau1) { acc[${A}u * j + 2u] = 1.0; ${flag('j')} }
  }`);
  const crossScan = scanOf(summariesOf(plan, ['time_below', 'time_above']), (j) => {
    const cmp = plan.summaries[j].kind === 'time_below' ? '<' : '>';
    return `{ let thr = sdat(${j}u, 0u); let b0 = o0[${out(j)}] ${cmp} thr; let b1 = o1[${out(j)}] ${cmp} thr; ` +
      `if (b0 && b1) { acc[${A * j}u] += tau1 - st_tau; } if (b0 != b1) { ${flag(j)} } }`;
  }, `for (var j = 0u; j < NSUMS; j++) {
    let kd = skind(j);
    if (kd != SK_TIME_BELOW && kd != SK_TIME_ABOVE) { continue; }
    let o = sout(j); let thr = sdat(j, 0u);
    let b0 = select(o0[o] > thr, o0[o] < thr, kd == SK_TIME_BELOW);
    let b1 = select(o1[o] > thr, o1[o] < thr, kd == SK_TIME_BELOW);
    if (b0 && b1) { acc[${A}u * j] += tau1 - st_tau; }
    if (b0 != b1) { ${flag('j')} }
  }`);
  const trackerScan = dyn ? `for (var q = 0u; q < NTRK; q++) {
    let tk = u32(trk(q, 0u));
    if (tk == 0u) { continue; }
    let o = u32(trk(q, 1u)); let thr = trk(q, 2u);
    let b0 = select(o0[o] > thr, o0[o] < thr, tk == 1u);
    let b1 = select(o1[o] > thr, o1[o] < thr, tk == 1u);
    if (b0 && b1) { tra[q] += tau1 - st_tau; }
    if (b0 != b1) { ${flag('NSUMS + q')} }
  }` : '';
  const valueScan = scanOf(summariesOf(plan, ['value_at']), (j) => `if (acc[${A * j + 1}u] == 0.0) { let vo = sdat(${j}u, 0u) - st_T0; ` +
    `if (vo > st_tau && (vo < tau1 || (vo <= tau1 && !last))) { ${flag(j)} } }`,
  `for (var j = 0u; j < NSUMS; j++) {
    if (skind(j) != SK_VALUE_AT || acc[${A}u * j + 1u] != 0.0) { continue; }
    let vo = sdat(j, 0u) - st_T0;
    if (vo > st_tau && (vo < tau1 || (vo <= tau1 && !last))) { ${flag('j')} }
  }`);
  const nSum = plan.summaries.length;
  const dosePath = dosePathWgsl(plan);
  return `${dyn ? rulesWgsl(job, plan, sc, pool) : `
fn swin(j: u32, k: u32) -> f32 { return sdat(j, k); }
const NTRK: u32 = 0u;`}
${dosePath.helpers}
/** Outputs at the current step's start (the previous accepted step's end, or the breakpoint). */
var<private> last_out: array<f32, NO>;

fn dense_outputs(theta: f32, h: f32, tau: f32) -> array<f32, NO> {
  return outputs_at(tau, ${denseSel}(false, theta, h));
}

var<private> pv_h: f32;
var<private> pv_tau: f32;
var<private> pv_valid: bool;

/** Output o at interval offset x, from the previous step's or this step's dense output. */
fn out_at(o: u32, prev: bool, tau0: f32, hs: f32, x: f32) -> f32 {
  let theta = clamp((x - tau0) / hs, 0.0, 1.0);
  return outputs_at(x, ${denseSel}(prev, theta, hs))[o];
}

/**
 * Golden-section search of sgn·output over [a, b] (interval offsets) on one step's dense output
 * (docs/KERNEL.md §4 extremum refinement); keeps a strictly better value and its time.
 */
fn refine_in(j: u32, o: u32, sgn: f32, prev: bool, tau0: f32, hs: f32, a: f32, b: f32) {
  if (!(b > a)) { return; }
  var lo = a;
  var hi = b;
  var x1 = hi - 0.618034 * (hi - lo);
  var x2 = lo + 0.618034 * (hi - lo);
  var f1 = 0.0;
  var f2 = 0.0;
  // One probe per pass (a single inlined dense-output evaluation): passes 0 and 1 probe x1 and x2,
  // each later pass is one golden-section iteration's new probe (at most 32 iterations).
  var x = x1;
  var to_f2 = false;
  for (var n = 0; n < 34; n++) {
    let f = sgn * out_at(o, prev, tau0, hs, x);
    if (to_f2) { f2 = f; } else { f1 = f; }
    if (n == 0) { x = x2; to_f2 = true; continue; }
    if (n >= 33 || hi - lo <= 1e-6 * hs) { break; }
    if (f1 < f2) {
      lo = x1; x1 = x2; f1 = f2; x2 = lo + 0.618034 * (hi - lo); x = x2; to_f2 = true;
    } else {
      hi = x2; x2 = x1; f2 = f1; x1 = hi - 0.618034 * (hi - lo); x = x1; to_f2 = false;
    }
  }
  var fb = f1;
  var xb = x1;
  if (f2 > f1) { fb = f2; xb = x2; }
  if (fb > sgn * acc[${ACC_WORDS}u * j]) { acc[${ACC_WORDS}u * j] = sgn * fb; acc[${ACC_WORDS}u * j + 1u] = st_T0 + xb; }
}

// A SIMD branch or loop body runs for all lanes as soon as one lane needs it, and an output
// evaluation is the expensive part of the summary loops. So each loop below first flags the summaries
// that need an evaluation (a scan with no evaluation in it, unrolled for a few summaries), then
// evaluates the flagged ones at one site (flaggedLoop and scanOf in emit-driver.ts).

/** Refines every extremum whose running time lies in the previous or this step (docs/KERNEL.md §4). */
fn refine_extrema(h: f32, tau1: f32) {
  let tprev = st_T0 + select(st_tau, pv_tau, pv_valid);
  ${flaggedLoop(nSum, refineScan, `let o = sout(j);
      let sg = ssgn(skind(j));
      // Segment 0: the previous step over [t_prev, t0] (only when there is one); segment 1: this step
      // over [t0, t1]. One refine_in call site for both.
      for (var seg = select(1u, 0u, pv_valid); seg < 2u; seg++) {
        let prev = seg == 0u;
        let tau0 = select(st_tau, pv_tau, prev);
        let a = max(swin(j, 0u) - st_T0, tau0);
        let b = min(swin(j, 1u) - st_T0, select(tau1, st_tau, prev));
        refine_in(j, o, sg, prev, tau0, select(h, pv_h, prev), a, b);
      }`)}
}

/** Adds time below/above to summary j, or to rule tracker j − NSUMS. */
fn cross_add(j: u32, add: f32) {
  if (j < NSUMS) { acc[${ACC_WORDS}u * j] += add; } ${dyn ? 'else { tra[j - NSUMS] += add; }' : ''}
}

/**
 * time_below / time_above over the accepted step [st_tau, tau1] (crossing by bisection on the dense
 * output); then the rule trackers j ≥ NSUMS, the same way.
 */
fn crossings(o0: array<f32, NO>, o1: array<f32, NO>, h: f32, tau1: f32) {
  ${flaggedLoop(nSum + plan.nTrackers, crossScan + (trackerScan ? `\n  ${trackerScan}` : ''), `var below = false;
      var thr = 0.0;
      var o = 0u;
      if (j < NSUMS) {
        below = skind(j) == SK_TIME_BELOW; thr = sdat(j, 0u); o = sout(j);
      }${dyn ? ` else {
        let q = j - NSUMS;
        below = u32(trk(q, 0u)) == 1u; o = u32(trk(q, 1u)); thr = trk(q, 2u);
      }` : ''}
      let b0 = select(o0[o] > thr, o0[o] < thr, below);
      var lo = 0.0; var hi = 1.0;
      for (var it = 0; it < 24; it++) {
        let mid = 0.5 * (lo + hi);
        let v = dense_outputs(mid, h, st_tau + mid * h)[o];
        let bm = select(v > thr, v < thr, below);
        if (bm == b0) { lo = mid; } else { hi = mid; }
      }
      let x = 0.5 * (lo + hi);
      cross_add(j, select((1.0 - x) * (tau1 - st_tau), x * (tau1 - st_tau), b0));`)}
}

/** value_at times inside the accepted step (st_tau, tau1] (a time at the interval's end only if it is not the breakpoint). */
fn values_in_step(h: f32, tau1: f32, last: bool) {
  ${flaggedLoop(nSum, valueScan, `let vo = sdat(j, 0u) - st_T0;
      acc[${A}u * j] = dense_outputs((vo - st_tau) / h, h, vo)[sout(j)];
      acc[${A}u * j + 1u] = 1.0;`)}
}

/** value_at times at or before the breakpoint just reached (value after its doses). */
fn values_at_break(outs: array<f32, NO>) {
  for (var j = 0u; j < NSUMS; j++) {
    if (skind(j) == SK_VALUE_AT && acc[${ACC_WORDS}u * j + 1u] == 0.0 && sdat(j, 0u) <= st_T0) {
      acc[${ACC_WORDS}u * j] = outs[sout(j)];
      acc[${ACC_WORDS}u * j + 1u] = 1.0;
    }
  }
}

/** Earliest min/max/auc window edge after T, or tn. */
fn next_window_edge(T: f32, tn0: f32) -> f32 {
  var tn = tn0;
  for (var j = 0u; j < NSUMS; j++) {
    if (skind(j) > SK_AUC) { continue; }
    for (var k = 0u; k < 2u; k++) { let e = sdat(j, k); if (e > T) { tn = min(tn, e); } }
  }
  return tn;
}

fn init_summaries() {
  for (var j = 0u; j < NSUMS; j++) {
    let kd = skind(j);
    let ext = kd <= SK_MIN;
    acc[${ACC_WORDS}u * j] = select(0.0, -ssgn(kd) * 3.4028234e38, ext);
    acc[${ACC_WORDS}u * j + 1u] = select(0.0, f32_nan(), ext);
    acc[${ACC_WORDS}u * j + 2u] = 0.0;
  }
}

/** Writes the summary columns (min/max: value and time; others: one value); NaN for a failed patient. */
fn write_summaries(ok: bool) {
  let base = st_p * ${nCol}u;
  var c = 0u;
  for (var j = 0u; j < NSUMS; j++) {
    let kd = skind(j);
    let v = acc[${ACC_WORDS}u * j];
    if (kd <= SK_MIN) {
      let good = ok && abs(v) < 3.4028234e38; // never set (an empty per-cycle window): NaN
      sums[base + c] = select(f32_nan(), v, good);
      sums[base + c + 1u] = select(f32_nan(), acc[${ACC_WORDS}u * j + 1u], good);
      c += 2u;
    } else {
      var r = v;
      var good = ok;
      if (kd == SK_AUC) { r = dp_y0[saux(j)]; }
      if (kd == SK_VALUE_AT) { good = ok && acc[${ACC_WORDS}u * j + 1u] != 0.0; }${dyn ? `
      if (kd == SK_DOSING) { r = dosing_stat(u32(sdat(j, 0u))); }` : ''}
      sums[base + c] = select(f32_nan(), r, good);
      c += 1u;
    }
  }
}

fn extrema(tabs: f32, outs: array<f32, NO>) {
  ${extremaScan}
}

fn record_grid(g: u32, outs: array<f32, NO>) {
  for (var o = 0u; o < NO; o++) { gvals[(st_p * NO + o) * ${G} + g] = outs[o]; }
  extrema(fdata[P.offGrid + g], outs);
}

fn recompute_rates() {
  for (var i = 0u; i < ${Math.max(plan.nStates, 1)}u; i++) { rate[i] = 0.0; }
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0) { rate[inf_state[s]] += inf_rate[s]; } }
}

fn start_interval() {
  ${plan.nLinear > 0 ? `if (lin_closed) {
    ${plan.linearIdx.map((i, k) => `lin_v_start[${k}] = dp_y0[${i}];`).join(' ')}
    lin_start(lin_v_start,
      array<f32, 3>(${[0, 1, 2].map((k) => (k < plan.nLinear ? `rate[${plan.linearIdx[k]}]` : '0.0')).join(', ')}));
  }` : ''}
}


fn finish(code: u32) {
  st_done = 1u;
  st_fail = code;
  let ok = code == 0u;
  status[st_p * ${STATUS_WORDS}u] = code;
  status[st_p * ${STATUS_WORDS}u + 1u] = st_steps;
  status[st_p * ${STATUS_WORDS}u + 2u] = select(0u, 1u, HAS_LINEAR && !lin_closed);
  write_summaries(ok);
  if (!ok) {
    for (var i = 0u; i < NO * ${G}; i++) { gvals[st_p * NO * ${G} + i] = f32_nan(); }
  }
}

fn at_breakpoint() {
  let T = st_T0;
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0 && inf_end[s] <= T) { inf_state[s] = -1; } }
  ${dosePath.apply}
  set_aux_windows();
  last_out = outs;
  extrema(T, outs);
  while (st_gidx < ${G} && fdata[P.offGrid + st_gidx] <= T) { record_grid(st_gidx, outs); st_gidx++; }
  values_at_break(outs);
  if (T >= P.horizon) { finish(0u); return; }
  var tn = P.horizon;
  ${dosePath.next}
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0 && inf_end[s] > T) { tn = min(tn, inf_end[s]); } }
  tn = next_window_edge(T, tn);
  st_Tend = tn;
  st_tau = 0.0;
  pv_valid = false;
  st_pending = 0u;
  dp_k[0] = rhs(0.0, dp_y0);
}

fn take_step() {
  let rem = st_Tend - st_T0;
  var h = ${plan.method === 'dopri5' ? 'min(st_h, P.hmax)' : 'P.hmax'};
  var last = false;
  // A step ending within a hair of the breakpoint is stretched to it (1e-6·h: f32's resolution).
  if (st_tau + h * (1.0 + 1e-6) >= rem) { h = rem - st_tau; last = true; }
  ${step}
  st_att++;
  let tau1 = select(st_tau + h, rem, last);
  if (err <= 1.0) {
    // The stepper set dp_y1's closed-form states at st_tau + h; a stretched last step ends at rem.
    if (last) { dp_y1 = with_lin(tau1, dp_y1); }
    if (!(${Array.from({ length: plan.nStates + plan.nAux }, (_, i) => `abs(dp_y1[${i}])`).join(' + ')} <= 3.4028234e38)) { finish(1u); return; }
    ${plan.method === 'dopri5' ? 'dp5_rcont(h);' : 'rk4_rcont(h);'}
    let o0 = last_out;
    let o1 = outputs_lin(tau1, dp_y1);
    last_out = o1;
    while (st_gidx < ${G}) {
      let vo = fdata[P.offGrid + st_gidx] - st_T0;
      if (!(vo < tau1 || (vo <= tau1 && !last))) { break; }
      record_grid(st_gidx, dense_outputs(clamp((vo - st_tau) / h, 0.0, 1.0), h, vo));
      st_gidx++;
    }
    values_in_step(h, tau1, last);
    crossings(o0, o1, h, tau1);
    extrema(st_T0 + tau1, o1);
    refine_extrema(h, tau1);
    pv_rc = dp_rc;
    pv_h = h;
    pv_tau = st_tau;
    pv_valid = !last;
    st_steps++;
    let fac = min(5.0, max(0.2, 0.9 * pow(max(err, 1e-10), -0.2)));
    let f2 = select(fac, min(fac, 1.0), st_rej != 0u);
    if (!last) { st_h = min(P.hmax, h * f2); }
    st_rej = 0u;
    dp_y0 = dp_y1;
    dp_k[0] = dp_k[6];
    if (last) { st_T0 = st_Tend; st_tau = 0.0; st_pending = 1u; } else { st_tau = tau1; }
  } else {
    // A non-finite error estimate (a stage left the model's domain) is a rejection with h ← 0.2·h.
    st_h = h * max(0.2, 0.9 * pow(err, -0.2));
    if (!(st_h >= 0.2 * h)) { st_h = 0.2 * h; }
    st_rej = 1u;
    if (st_h < max(P.hmin, 2.4e-7 * st_tau)) { finish(2u); return; }
  }
  if (st_att >= P.maxSteps) { finish(3u); }
}

${emitParking(plan)}

@compute @workgroup_size(64)
fn sim_main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p >= P.batchN) { return; }
  let b = p * SW;
  if (pstate[b + 9u] != 0u && pstate[b] != 0u) { return; }
  st_p = p;
  patient_setup(P.batchStart + p);
  if (pstate[b + 9u] == 0u) {
    dp_y0 = init_y;
    st_done = 0u; st_fail = 0u; st_steps = 0u; st_att = 0u;
    st_T0 = 0.0; st_tau = 0.0; st_h = P.h0; st_rej = 0u; st_gidx = 0u; st_pending = 1u; st_Tend = 0.0;
    ${dyn ? 'rules_init();' : 'for (var k = 0u; k < NT; k++) { dptr[k] = next_dose_of(k, 0u); }'}
    for (var s = 0u; s < MAXINF; s++) { inf_state[s] = -1; inf_end[s] = 0.0; inf_rate[s] = 0.0; }
    init_summaries();
  } else {
    load_state(b);
    recompute_rates();
    set_aux_windows();
    if (st_pending == 0u) {
      ${plan.nLinear > 0 ? `if (lin_closed) { lin_start(array<f32, 3>(${[0, 1, 2].map((k) => (k < plan.nLinear ? `lin_v_start[${k}]` : '0.0')).join(', ')}), array<f32, 3>(${[0, 1, 2].map((k) => (k < plan.nLinear ? `rate[${plan.linearIdx[k]}]` : '0.0')).join(', ')})); }` : ''}
      dp_k[0] = rhs(st_tau, dp_y0);
      last_out = outputs_at(st_tau, dp_y0);
    }
  }
  for (var n = 0u; n < P.maxStepsDispatch && st_done == 0u; n++) {
    if (st_pending != 0u) { at_breakpoint(); } else { take_step(); }
  }
  save_state(b);
  if (st_done == 0u) { atomicAdd(&counter[0], 1u); }
}
`;
}
