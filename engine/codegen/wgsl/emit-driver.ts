/**
 * The per-patient driver of the simulation kernel: breakpoints, doses, infusions, the adaptive step
 * loop, grid sampling, summaries, and parking state between dispatches (docs/KERNEL.md §2–4).
 * Summary code is unrolled per summary, because summary kinds are structure.
 */
import type { EnsembleJob } from '../../common/job.js';
import { ACC_WORDS, type KernelPlan } from './kernel-plan.js';

/** Status words per patient: failure code, accepted steps, 1 if the closed form fell back. */
export const STATUS_WORDS = 3;

/** Emits extrema / value_at / time_below / time_above / finishing code and the entry point. */
export function emitDriver(job: EnsembleJob, plan: KernelPlan): string {
  const sums = plan.summaries;
  const extrema: string[] = [];
  const valueAtStep: string[] = [];
  const valueAtBreak: string[] = [];
  const crossing: string[] = [];
  const refine: string[] = [];
  const finish: string[] = [];
  const col = (j: number, k = 0): string => `sums[st_p * ${Math.max(plan.columns.length, 1)}u + ${plan.summaryCol[j] + k}u]`;
  sums.forEach((s, j) => {
    const o = plan.summaryOutput[j];
    switch (s.kind) {
      case 'max': case 'min': {
        const cmp = s.kind === 'max' ? '>' : '<';
        extrema.push(`if (tabs >= sdat(${j}u, 0u) && tabs <= sdat(${j}u, 1u) && outs[${o}] ${cmp} acc[${3 * j}]) { acc[${3 * j}] = outs[${o}]; acc[${3 * j + 1}] = tabs; acc[${3 * j + 2}] = 0.0; }`);
        refine.push(`{
      let tprev = st_T0 + select(st_tau, pv_tau, pv_valid);
      let et = acc[${3 * j + 1}];
      if (acc[${3 * j + 2}] == 0.0 && et >= tprev && et < st_T0 + tau1) {
        let wa = sdat(${j}u, 0u) - st_T0;
        let wb = sdat(${j}u, 1u) - st_T0;
        if (pv_valid) { refine_in(${j}u, ${o}u, ${s.kind === 'max' ? '1.0' : '-1.0'}, true, pv_tau, pv_h, max(wa, pv_tau), min(wb, st_tau)); }
        refine_in(${j}u, ${o}u, ${s.kind === 'max' ? '1.0' : '-1.0'}, false, st_tau, h, max(wa, st_tau), min(wb, tau1));
        acc[${3 * j + 2}] = 1.0;
      }
    }`);
        finish.push(`${col(j)} = select(f32_nan(), acc[${3 * j}], abs(acc[${3 * j}]) <= 3.4028234e38 && ok);`);
        finish.push(`${col(j, 1)} = select(f32_nan(), acc[${3 * j + 1}], abs(acc[${3 * j}]) <= 3.4028234e38 && ok);`);
        break;
      }
      case 'auc':
        finish.push(`${col(j)} = select(f32_nan(), dp_y0[${plan.auxIndex[j]}], ok);`);
        break;
      case 'value_at':
        valueAtStep.push(`if (acc[${3 * j + 1}] == 0.0) { let vo = sdat(${j}u, 0u) - st_T0; if (vo > st_tau && (vo < tau1 || (vo <= tau1 && !last))) { acc[${3 * j}] = dense_outputs((vo - st_tau) / h, h, vo)[${o}]; acc[${3 * j + 1}] = 1.0; } }`);
        valueAtBreak.push(`if (acc[${3 * j + 1}] == 0.0 && sdat(${j}u, 0u) <= st_T0) { acc[${3 * j}] = outs[${o}]; acc[${3 * j + 1}] = 1.0; }`);
        finish.push(`${col(j)} = select(f32_nan(), acc[${3 * j}], ok && acc[${3 * j + 1}] != 0.0);`);
        break;
      case 'time_below': case 'time_above': {
        const side = s.kind === 'time_below' ? '<' : '>';
        crossing.push(`{
      let thr = sdat(${j}u, 0u);
      let b0 = o0[${o}] ${side} thr;
      let b1 = o1[${o}] ${side} thr;
      if (b0 && b1) { acc[${3 * j}] += tau1 - st_tau; }
      else if (b0 != b1) {
        var lo = 0.0; var hi = 1.0;
        for (var it = 0; it < 24; it++) {
          let mid = 0.5 * (lo + hi);
          let bm = dense_outputs(mid, h, st_tau + mid * h)[${o}] ${side} thr;
          if (bm == b0) { lo = mid; } else { hi = mid; }
        }
        let x = 0.5 * (lo + hi);
        acc[${3 * j}] += select((1.0 - x) * (tau1 - st_tau), x * (tau1 - st_tau), b0);
      }
    }`);
        finish.push(`${col(j)} = select(f32_nan(), acc[${3 * j}], ok);`);
        break;
      }
    }
  });
  const accInit = sums.map((s, j) => {
    const v = s.kind === 'max' ? '-3.4028234e38' : s.kind === 'min' ? '3.4028234e38' : '0.0';
    return `acc[${3 * j}] = ${v}; acc[${3 * j + 1}] = ${s.kind === 'max' || s.kind === 'min' ? 'f32_nan()' : '0.0'}; acc[${3 * j + 2}] = 0.0;`;
  });
  const windowEdges = sums
    .map((s, j) => (s.kind === 'max' || s.kind === 'min' || s.kind === 'auc'
      ? `for (var k = 0u; k < 2u; k++) { let e = sdat(${j}u, k); if (e > T) { tn = min(tn, e); } }` : ''))
    .filter((x) => x);
  const dense = plan.method === 'dopri5' ? 'dp5_dense' : 'rk4_dense';
  const denseOf = plan.method === 'dopri5' ? 'dp5_dense_of' : 'rk4_dense_of';
  const step = plan.method === 'dopri5' ? 'let err = dp5_attempt(st_tau, h);' : 'rk4_step(st_tau, h);\n    let err = 0.0;';
  const G = 'P.nGrid';
  const O = plan.offsets;
  return `
/** Outputs at the current step's start (the previous accepted step's end, or the breakpoint). */
var<private> last_out: array<f32, NO>;

fn dense_outputs(theta: f32, h: f32, tau: f32) -> array<f32, NO> {
  return outputs_at(tau, ${dense}(theta, h));
}

var<private> pv_h: f32;
var<private> pv_tau: f32;
var<private> pv_valid: bool;

/** Output o at interval offset x, from the previous step's or this step's dense output. */
fn out_at(o: u32, prev: bool, tau0: f32, hs: f32, x: f32) -> f32 {
  let theta = clamp((x - tau0) / hs, 0.0, 1.0);
  var y: StateVec;
  if (prev) { y = ${denseOf}(pv_y0, pv_y1, pv_k, theta, hs); } else { y = ${denseOf}(dp_y0, dp_y1, dp_k, theta, hs); }
  return outputs_at(x, y)[o];
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
  var f1 = sgn * out_at(o, prev, tau0, hs, x1);
  var f2 = sgn * out_at(o, prev, tau0, hs, x2);
  for (var it = 0; it < 32; it++) {
    if (hi - lo <= 1e-6 * hs) { break; }
    if (f1 < f2) {
      lo = x1; x1 = x2; f1 = f2; x2 = lo + 0.618034 * (hi - lo); f2 = sgn * out_at(o, prev, tau0, hs, x2);
    } else {
      hi = x2; x2 = x1; f2 = f1; x1 = hi - 0.618034 * (hi - lo); f1 = sgn * out_at(o, prev, tau0, hs, x1);
    }
  }
  var fb = f1;
  var xb = x1;
  if (f2 > f1) { fb = f2; xb = x2; }
  if (fb > sgn * acc[${ACC_WORDS}u * j]) { acc[${ACC_WORDS}u * j] = sgn * fb; acc[${ACC_WORDS}u * j + 1u] = st_T0 + xb; }
}

fn extrema(tabs: f32, outs: array<f32, NO>) {
  ${extrema.join('\n  ')}
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

fn dose_teff(k: u32) -> f32 {
  let d = doses[P.doseOffset + k];
  return bitcast<f32>(d.x) + tg_lag[d.y];
}

fn next_dose_of(tg: u32, start_at: u32) -> u32 {
  var k = start_at;
  while (k < P.nDoses && doses[P.doseOffset + k].y != tg) { k++; }
  return k;
}

fn finish(code: u32) {
  st_done = 1u;
  st_fail = code;
  let ok = code == 0u;
  status[st_p * ${STATUS_WORDS}u] = code;
  status[st_p * ${STATUS_WORDS}u + 1u] = st_steps;
  status[st_p * ${STATUS_WORDS}u + 2u] = select(0u, 1u, HAS_LINEAR && !lin_closed);
  ${finish.join('\n  ')}
  if (!ok) {
    for (var i = 0u; i < NO * ${G}; i++) { gvals[st_p * NO * ${G} + i] = f32_nan(); }
  }
}

fn at_breakpoint() {
  let T = st_T0;
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0 && inf_end[s] <= T) { inf_state[s] = -1; } }
  loop {
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
    let amt = level_amount(P.levelBase + d.z) * tg_F[d.y];
    let dur = dur_value(d.w);
    let si = target_state(d.y);
    if (dur > 0.0) {
      var placed = false;
      for (var s = 0u; s < MAXINF; s++) {
        if (!placed && inf_state[s] < 0) { inf_state[s] = i32(si); inf_end[s] = T + dur; inf_rate[s] = amt / dur; placed = true; }
      }
      if (!placed) { finish(3u); return; }
    } else {
      dp_y0[si] += amt;
    }
  }
  recompute_rates();
  start_interval();
  let outs = outputs_at(0.0, dp_y0);
  last_out = outs;
  extrema(T, outs);
  while (st_gidx < ${G} && fdata[P.offGrid + st_gidx] <= T) { record_grid(st_gidx, outs); st_gidx++; }
  ${valueAtBreak.join('\n  ')}
  if (T >= P.horizon) { finish(0u); return; }
  var tn = P.horizon;
  for (var tg = 0u; tg < ${plan.nTargets}u; tg++) {
    let k = dptr[tg];
    if (k < P.nDoses) { let te = dose_teff(k); if (te > T) { tn = min(tn, te); } }
  }
  for (var s = 0u; s < MAXINF; s++) { if (inf_state[s] >= 0 && inf_end[s] > T) { tn = min(tn, inf_end[s]); } }
  ${windowEdges.join('\n  ')}
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
    ${plan.nLinear > 0 ? `if (lin_closed) { let xl = lin_eval(tau1); ${plan.linearIdx.map((i, k) => `dp_y1[${i}] = xl[${k}];`).join(' ')} }` : ''}
    if (!(${Array.from({ length: plan.nStates + plan.nAux }, (_, i) => `abs(dp_y1[${i}])`).join(' + ')} <= 3.4028234e38)) { finish(1u); return; }
    let o0 = last_out;
    let o1 = outputs_at(tau1, dp_y1);
    last_out = o1;
    while (st_gidx < ${G}) {
      let vo = fdata[P.offGrid + st_gidx] - st_T0;
      if (!(vo < tau1 || (vo <= tau1 && !last))) { break; }
      record_grid(st_gidx, dense_outputs(clamp((vo - st_tau) / h, 0.0, 1.0), h, vo));
      st_gidx++;
    }
    ${valueAtStep.join('\n    ')}
    ${crossing.join('\n    ')}
    extrema(st_T0 + tau1, o1);
    ${refine.join('\n    ')}
    dp_keep_prev();
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

fn save_state(b: u32) {
  pstate[b] = st_done; pstate[b + 1u] = st_fail; pstate[b + 2u] = st_steps; pstate[b + 3u] = st_att;
  pstate[b + 4u] = bitcast<u32>(st_T0); pstate[b + 5u] = bitcast<u32>(st_tau); pstate[b + 6u] = bitcast<u32>(st_h);
  pstate[b + 7u] = st_rej; pstate[b + 8u] = st_gidx; pstate[b + 9u] = 1u; pstate[b + 10u] = st_pending;
  pstate[b + 11u] = bitcast<u32>(st_Tend);
  for (var k = 0u; k < NT; k++) { pstate[b + ${O.dptr}u + k] = dptr[k]; }
  for (var s = 0u; s < MAXINF; s++) {
    pstate[b + ${O.slots}u + 3u * s] = bitcast<u32>(inf_end[s]);
    pstate[b + ${O.slots}u + 3u * s + 1u] = bitcast<u32>(inf_state[s]);
    pstate[b + ${O.slots}u + 3u * s + 2u] = bitcast<u32>(inf_rate[s]);
  }
  for (var i = 0u; i < NY; i++) { pstate[b + ${O.y}u + i] = bitcast<u32>(dp_y0[i]); }
  ${plan.linearIdx.map((_i, k) => `pstate[b + ${O.xT + k}u] = bitcast<u32>(lin_v_start[${k}]);`).join('\n  ')}
  for (var k = 0u; k < ${ACC_WORDS * plan.summaries.length}u; k++) { pstate[b + ${O.acc}u + k] = bitcast<u32>(acc[k]); }
  for (var i = 0u; i < NY; i++) {
    pstate[b + ${O.prev}u + i] = bitcast<u32>(pv_y0[i]);
    pstate[b + ${O.prev}u + NY + i] = bitcast<u32>(pv_y1[i]);
    for (var k = 0u; k < 7u; k++) { pstate[b + ${O.prev}u + (2u + k) * NY + i] = bitcast<u32>(pv_k[k][i]); }
  }
  pstate[b + ${O.prev}u + 9u * NY] = bitcast<u32>(pv_h);
  pstate[b + ${O.prev}u + 9u * NY + 1u] = bitcast<u32>(pv_tau);
  pstate[b + ${O.prev}u + 9u * NY + 2u] = select(0u, 1u, pv_valid);
}

fn load_state(b: u32) {
  st_done = pstate[b]; st_fail = pstate[b + 1u]; st_steps = pstate[b + 2u]; st_att = pstate[b + 3u];
  st_T0 = bitcast<f32>(pstate[b + 4u]); st_tau = bitcast<f32>(pstate[b + 5u]); st_h = bitcast<f32>(pstate[b + 6u]);
  st_rej = pstate[b + 7u]; st_gidx = pstate[b + 8u]; st_pending = pstate[b + 10u];
  st_Tend = bitcast<f32>(pstate[b + 11u]);
  for (var k = 0u; k < NT; k++) { dptr[k] = pstate[b + ${O.dptr}u + k]; }
  for (var s = 0u; s < MAXINF; s++) {
    inf_end[s] = bitcast<f32>(pstate[b + ${O.slots}u + 3u * s]);
    inf_state[s] = bitcast<i32>(pstate[b + ${O.slots}u + 3u * s + 1u]);
    inf_rate[s] = bitcast<f32>(pstate[b + ${O.slots}u + 3u * s + 2u]);
  }
  for (var i = 0u; i < NY; i++) { dp_y0[i] = bitcast<f32>(pstate[b + ${O.y}u + i]); }
  ${plan.linearIdx.map((_i, k) => `lin_v_start[${k}] = bitcast<f32>(pstate[b + ${O.xT + k}u]);`).join('\n  ')}
  for (var k = 0u; k < ${ACC_WORDS * plan.summaries.length}u; k++) { acc[k] = bitcast<f32>(pstate[b + ${O.acc}u + k]); }
  for (var i = 0u; i < NY; i++) {
    pv_y0[i] = bitcast<f32>(pstate[b + ${O.prev}u + i]);
    pv_y1[i] = bitcast<f32>(pstate[b + ${O.prev}u + NY + i]);
    for (var k = 0u; k < 7u; k++) { pv_k[k][i] = bitcast<f32>(pstate[b + ${O.prev}u + (2u + k) * NY + i]); }
  }
  pv_h = bitcast<f32>(pstate[b + ${O.prev}u + 9u * NY]);
  pv_tau = bitcast<f32>(pstate[b + ${O.prev}u + 9u * NY + 1u]);
  pv_valid = pstate[b + ${O.prev}u + 9u * NY + 2u] != 0u;
}

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
    for (var k = 0u; k < NT; k++) { dptr[k] = next_dose_of(k, 0u); }
    for (var s = 0u; s < MAXINF; s++) { inf_state[s] = -1; inf_end[s] = 0.0; inf_rate[s] = 0.0; }
    ${accInit.join('\n    ')}
  } else {
    load_state(b);
    recompute_rates();
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
