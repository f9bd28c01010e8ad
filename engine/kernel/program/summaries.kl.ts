/**
 * Per-patient summaries (docs/KERNEL.md §4), table-driven: the descriptor table (SUM_STRIDE words per
 * summary: kind, output, aux slot, two numbers, cycle, first result column) is data, so the kernel's
 * size does not grow with the number of summaries. Loops that need an output evaluation first flag
 * the summaries that need one, then evaluate at one site (a SIMD lane pays for every branch any lane
 * takes, and every inlined evaluation costs compile time on GPU compilers).
 */
export const summariesKl = {
  file: 'summaries.kl',
  text: /* kl */ `
var<state> acc: array<real, NACC>;
var<private> aux_on: array<bool, NAUX>;

fn skind(j: u32) -> u32 { return u32(fd(off_sum + SUM_STRIDE * j)); }
fn sout(j: u32) -> u32 { return u32(fd(off_sum + SUM_STRIDE * j + 1u)); }
fn saux(j: u32) -> u32 { return u32(fd(off_sum + SUM_STRIDE * j + 2u)); }
fn sdat(j: u32, k: u32) -> real { return fd(off_sum + SUM_STRIDE * j + 3u + k); }
fn scyc(j: u32) -> u32 { return u32(fd(off_sum + SUM_STRIDE * j + 5u)); }
fn scol(j: u32) -> u32 { return u32(fd(off_sum + SUM_STRIDE * j + 6u)); }
/** +1 for max, -1 for min: sgn*v > sgn*best is v > best or v < best. */
fn ssgn(kind: u32) -> real { return select(-1.0, 1.0, kind == SK_MAX); }
fn is_extremum(kind: u32) -> bool { return kind == SK_MAX || kind == SK_MIN; }
fn is_first(kind: u32) -> bool { return kind == SK_FIRST_BELOW || kind == SK_FIRST_ABOVE; }
// Summary indices by group (L_EXT extrema, L_CROSS time below/above, L_VAL value_at, L_AUC): the
// loops below visit only the summaries they concern. Data: NGROUPS + 1 start offsets, then indices.
fn list_n(g: u32) -> u32 { return u32(fd(off_list + g + 1u) - fd(off_list + g)); }
fn list_j(g: u32, q: u32) -> u32 { return u32(fd(off_list + NGROUPS + 1u + u32(fd(off_list + g)) + q)); }

/** Window edge k of summary j: per patient for per-cycle summaries, else from the table. */
fn swin(j: u32, k: u32) -> real {
  if (DYNAMIC) { if (scyc(j) != 0u) { return cwin[2u * j + k]; } }
  return sdat(j, k);
}

fn init_summaries() {
  for (var j = 0u; j < NSUMS; j++) {
    let a = ACC * j;
    let ext = is_extremum(skind(j));
    let start = select(0.0, -ssgn(skind(j)) * BIG, ext);
    acc[a] = start;
    acc[a + 1u] = select(0.0, -BIG, ext);
    acc[a + 2u] = start;
    acc[a + 3u] = -BIG;    // refined-at marker: never
    acc[a + 4u] = BIG;     // turned-away minimum (in sgn·v): none yet
  }
}

/** auc integrands run while the interval start lies in [from, to) (constant per interval). */
fn set_aux_windows() {
  let n = list_n(L_AUC);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_AUC, q);
    aux_on[saux(j) - NS] = st_T0 >= sdat(j, 0u) && st_T0 < sdat(j, 1u);
  }
}

/** Earliest window edge after T of the summaries of group g (per-cycle edges are dose times already), or tn. */
fn window_edges_of(g: u32, T: real, tn0: real) -> real {
  var tn = tn0;
  let n = list_n(g);
  for (var q = 0u; q < n; q++) {
    let j = list_j(g, q);
    if (scyc(j) != 0u) { continue; }
    for (var k = 0u; k < 2u; k++) { let e = sdat(j, k); if (e > T) { tn = min(tn, e); } }
  }
  return tn;
}

/** Earliest min/max/auc window edge after T, or tn. */
fn next_window_edge(T: real, tn0: real) -> real {
  return window_edges_of(L_AUC, T, window_edges_of(L_EXT, T, tn0));
}

/**
 * A candidate point (t, v) for the extremum of summary j. The value always tracks the extremum; the
 * time follows it along one excursion, but once the output has turned away by more than EXT_TIE
 * (relative) since the recorded time, a later extremum must beat the recorded one by more than
 * EXT_TIE to take the time: near-equal extrema of separate excursions (the same peak every cycle)
 * resolve to the earliest, identically on every backend, instead of to whichever rounding favours.
 * Refinement of the recorded extremum itself (same_peak) always moves the time to the refined point.
 * Accumulators: value, time, value at that time, refined-at marker, farthest turn-away since.
 */
fn ext_candidate(j: u32, v: real, t: real, same_peak: bool) {
  let a = ACC * j;
  let sg = ssgn(skind(j));
  let w = sg * v;
  let wt = sg * acc[a + 2u];
  if (w > sg * acc[a]) { acc[a] = v; }
  let band = EXT_TIE * abs(acc[a + 2u]);
  let turned = acc[a + 4u] < wt - band;
  if (w > wt && (same_peak || !turned || w > wt + band)) {
    acc[a + 1u] = t;
    acc[a + 2u] = v;
    acc[a + 4u] = w;
  } else if (w < acc[a + 4u]) {
    acc[a + 4u] = w;
  }
}

/** Extrema at one point (step ends, grid times, just after doses) inside each summary's window. */
fn extrema(tabs: real, outs: array<real, NO>) {
  let n = list_n(L_EXT);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_EXT, q);
    if (tabs >= swin(j, 0u) && tabs <= swin(j, 1u)) { ext_candidate(j, outs[sout(j)], tabs, false); }
  }
}

/** Output o at interval offset x, from the previous step's or this step's dense output. */
fn out_at(o: u32, prev: bool, tau0: real, hs: real, x: real) -> real {
  let theta = clamp((x - tau0) / hs, 0.0, 1.0);
  return output_one(o, x, dense_state(prev, theta, hs));
}

var<private> gs_best: real;
var<private> gs_time: real;

/** Golden-section search of sgn*output over [a, b] (interval offsets) on one step's dense output. */
fn golden_in(o: u32, sgn: real, prev: bool, tau0: real, hs: real, a: real, b: real) {
  if (!(b > a)) { return; }
  var lo = a;
  var hi = b;
  var x1 = hi - GOLDEN * (hi - lo);
  var x2 = lo + GOLDEN * (hi - lo);
  var f1 = 0.0;
  var f2 = 0.0;
  // One probe per pass (one inlined dense-output evaluation): passes 0 and 1 probe x1 and x2, each
  // later pass is one iteration's new probe, until the bracket is 1e-6 of the step.
  var x = x1;
  var to_f2 = false;
  for (var n = 0u; n < GOLDEN_ITERS + 2u; n++) {
    let f = sgn * out_at(o, prev, tau0, hs, x);
    if (to_f2) { f2 = f; } else { f1 = f; }
    if (n == 0u) { x = x2; to_f2 = true; continue; }
    if (hi - lo <= 1e-6 * (b - a)) { break; }
    if (f1 < f2) {
      lo = x1; x1 = x2; f1 = f2; x2 = lo + GOLDEN * (hi - lo); x = x2; to_f2 = true;
    } else {
      hi = x2; x2 = x1; f2 = f1; x1 = hi - GOLDEN * (hi - lo); x = x1; to_f2 = false;
    }
  }
  if (f1 > gs_best) { gs_best = f1; gs_time = x1; }
  if (f2 > gs_best) { gs_best = f2; gs_time = x2; }
}

/**
 * Refinement (the true extremum lies between sampled points): after the accepted step [t0, t1], for
 * each extremum whose recorded time lies in [t_prev, t1) and was not refined there ("recent"), or
 * whose sampled values turn at t0 within TURN_GATE (relative) of the running extremum ("turn": a
 * later local extremum, which may beat or tie it once refined — steps can undersample a sharp peak by
 * tens of percent), golden-section search runs on the previous step's and this step's dense output.
 */
fn refine_extrema(h: real, tau1: real, o0: array<real, NO>, o1: array<real, NO>) {
  let tprev = st_T0 + select(st_tau, pv_tau, pv_valid);
  let t0 = st_T0 + st_tau;
  let t1 = st_T0 + tau1;
  var need: array<u32, NSUMW>;
  let n = list_n(L_EXT);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_EXT, q);
    let kd = skind(j);
    let a = ACC * j;
    let sg = ssgn(kd);
    let et = acc[a + 1u];
    let recent = et >= tprev && et < t1 && et != acc[a + 3u];
    let o = sout(j);
    let w0 = sg * o0[o];
    var turn = false;
    if (pv_valid && t0 >= swin(j, 0u) && t0 <= swin(j, 1u) && t0 != acc[a + 3u]) {
      let wp = sg * prev_out[o];
      let w1 = sg * o1[o];
      turn = w0 >= wp && w0 > w1 && w0 >= sg * acc[a] - TURN_GATE * abs(acc[a]);
    }
    if (recent || turn) { need[j / 32u] |= 1u << (j % 32u); }
  }
  for (var w = 0u; w < NSUMW; w++) {
    loop {
      if (need[w] == 0u) { break; }
      let j = 32u * w + countTrailingZeros(need[w]);
      need[w] &= need[w] - 1u;
      let a = ACC * j;
      let sg = ssgn(skind(j));
      let same = acc[a + 1u] >= tprev && acc[a + 1u] < t1;
      gs_best = -BIG;
      gs_time = 0.0;
      // Segment 0: the previous step over [t_prev, t0] (when there is one); segment 1: this step.
      for (var seg = select(1u, 0u, pv_valid); seg < 2u; seg++) {
        let prev = seg == 0u;
        let tau0 = select(st_tau, pv_tau, prev);
        let lo = max(swin(j, 0u) - st_T0, tau0);
        let hi = min(swin(j, 1u) - st_T0, select(tau1, st_tau, prev));
        golden_in(sout(j), sg, prev, tau0, select(h, pv_h, prev), lo, hi);
      }
      if (gs_best > -BIG) {
        acc[a + 3u] = st_T0 + gs_time;
        ext_candidate(j, sg * gs_best, st_T0 + gs_time, same);
      }
    }
  }
}

/** Bisection for the crossing of threshold thr by output o inside the step (theta in [0, 1]). */
fn crossing_theta(o: u32, thr: real, below: bool, b0: bool, h: real) -> real {
  var lo = 0.0;
  var hi = 1.0;
  for (var it = 0u; it < CROSS_ITERS; it++) {
    let mid = 0.5 * (lo + hi);
    let v = output_one(o, st_tau + mid * h, dense_state(false, mid, h));
    if (select(v > thr, v < thr, below) == b0) { lo = mid; } else { hi = mid; }
  }
  return 0.5 * (lo + hi);
}

/**
 * time_below / time_above over the accepted step [st_tau, tau1], crossings bisected on the dense
 * output (at most one per step); first_below / first_above, the first entry into the region; then
 * the rule trackers (flag bits NSUMS + q), the same way.
 */
fn crossings(o0: array<real, NO>, o1: array<real, NO>, h: real, tau1: real) {
  var need: array<u32, NFLAGW>;
  let n = list_n(L_CROSS);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_CROSS, q);
    let kd = skind(j);
    let o = sout(j);
    let thr = sdat(j, 0u);
    let below = kd == SK_TIME_BELOW || kd == SK_FIRST_BELOW;
    let b0 = select(o0[o] > thr, o0[o] < thr, below);
    let b1 = select(o1[o] > thr, o1[o] < thr, below);
    if (is_first(kd)) {
      // Time of first entry: at the step start if already inside, else at the crossing (bisected).
      if (acc[ACC * j + 1u] != 0.0) { continue; }
      if (b0) { acc[ACC * j] = st_T0 + st_tau; acc[ACC * j + 1u] = 1.0; } else if (b1) { need[j / 32u] |= 1u << (j % 32u); }
      continue;
    }
    if (b0 && b1) { acc[ACC * j] += tau1 - st_tau; }
    if (b0 != b1) { need[j / 32u] |= 1u << (j % 32u); }
  }
  if (DYNAMIC) {
    for (var q = 0u; q < NTRK; q++) {
      let tk = trk(q, 0u);
      if (tk == 0.0) { continue; }
      let o = u32(trk(q, 1u));
      let thr = trk(q, 2u);
      let b0 = select(o0[o] > thr, o0[o] < thr, tk == 1.0);
      let b1 = select(o1[o] > thr, o1[o] < thr, tk == 1.0);
      if (b0 && b1) { tra[q] += tau1 - st_tau; }
      if (b0 != b1) { let jq = NSUMS + q; need[jq / 32u] |= 1u << (jq % 32u); }
    }
  }
  for (var w = 0u; w < NFLAGW; w++) {
    loop {
      if (need[w] == 0u) { break; }
      let j = 32u * w + countTrailingZeros(need[w]);
      need[w] &= need[w] - 1u;
      var below = false;
      var thr = 0.0;
      var o = 0u;
      if (j < NSUMS) {
        below = skind(j) == SK_TIME_BELOW || skind(j) == SK_FIRST_BELOW; thr = sdat(j, 0u); o = sout(j);
      } else {
        let q = j - NSUMS;
        below = trk(q, 0u) == 1.0; o = u32(trk(q, 1u)); thr = trk(q, 2u);
      }
      let b0 = select(o0[o] > thr, o0[o] < thr, below);
      let x = crossing_theta(o, thr, below, b0, h);
      let add = select((1.0 - x) * (tau1 - st_tau), x * (tau1 - st_tau), b0);
      if (j >= NSUMS) { tra[j - NSUMS] += add; }
      else if (is_first(skind(j))) { acc[ACC * j] = st_T0 + st_tau + x * (tau1 - st_tau); acc[ACC * j + 1u] = 1.0; }
      else { acc[ACC * j] += add; }
    }
  }
}

/** value_at times inside the accepted step (st_tau, tau1] (its end only if it is not a breakpoint). */
fn values_in_step(h: real, tau1: real, last: bool) {
  let n = list_n(L_VAL);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_VAL, q);
    if (acc[ACC * j + 1u] != 0.0) { continue; }
    let vo = sdat(j, 0u) - st_T0;
    if (vo > st_tau && (vo < tau1 || (vo <= tau1 && !last))) {
      acc[ACC * j] = output_one(sout(j), vo, dense_state(false, (vo - st_tau) / h, h));
      acc[ACC * j + 1u] = 1.0;
    }
  }
}

/** value_at times at or before the breakpoint just reached (the value after its doses). */
fn values_at_break(outs: array<real, NO>) {
  let n = list_n(L_VAL);
  for (var q = 0u; q < n; q++) {
    let j = list_j(L_VAL, q);
    if (acc[ACC * j + 1u] == 0.0 && sdat(j, 0u) <= st_T0) {
      acc[ACC * j] = outs[sout(j)];
      acc[ACC * j + 1u] = 1.0;
    }
  }
}

/** Writes the summary columns (min/max: value and time; others one value); NaN for a failed patient. */
fn write_summaries(ok: bool) {
  for (var j = 0u; j < NSUMS; j++) {
    let kd = skind(j);
    let c = scol(j);
    let v = acc[ACC * j];
    if (is_extremum(kd)) {
      let good = ok && abs(v) < BIG;
      out_sum(c, select(f_nan(), v, good));
      out_sum(c + 1u, select(f_nan(), acc[ACC * j + 1u], good));
      continue;
    }
    var r = v;
    var good = ok;
    if (kd == SK_AUC) { r = dp_y0[saux(j)]; }
    if (kd == SK_VALUE_AT || is_first(kd)) { good = ok && acc[ACC * j + 1u] != 0.0; }
    if (DYNAMIC) { if (kd == SK_DOSING) { r = dosing_stat(u32(sdat(j, 0u))); } }
    out_sum(c, select(f_nan(), r, good));
  }
}
`,
};
