/**
 * Parking a patient between dispatches (the WGSL kernel is resumable): save_state / load_state copy
 * every private variable that must survive into the persistent state buffer, at the offsets of
 * kernel-plan.ts. A dynamic kernel (docs/KERNEL.md §7) also parks its rule counters and tracker
 * accumulators; its per-dose state lives in the buffer already (emit-rules.ts).
 */
import { ACC_WORDS, type KernelPlan } from './kernel-plan.js';

/** The rule counters' save and load statements (empty for static kernels). */
function ruleParking(plan: KernelPlan): { save: string; load: string } {
  if (!plan.dynamic) return { save: '', load: '' };
  const r = plan.offsets.rules;
  return {
    save: `
  pstate[b + ${r}u] = r_del; pstate[b + ${r + 1}u] = r_lev; pstate[b + ${r + 2}u] = r_disc;
  for (var q = 0u; q < NTRK; q++) { pstate[b + ${r + 3}u + q] = bitcast<u32>(tra[q]); }`,
    load: `
  r_del = pstate[b + ${r}u]; r_lev = pstate[b + ${r + 1}u]; r_disc = pstate[b + ${r + 2}u];
  for (var q = 0u; q < NTRK; q++) { tra[q] = bitcast<f32>(pstate[b + ${r + 3}u + q]); }`,
  };
}

/**
 * One statement per word of the previous step's dense-output coefficients (5 vectors of nY), with
 * constant indices: a dynamically indexed access would keep pv_rc in memory for the whole kernel.
 */
function prevWords(nY: number, f: (word: number, k: number, i: number) => string): string {
  return Array.from({ length: 5 * nY }, (_, w) => f(w, Math.floor(w / nY), w % nY)).join('\n  ');
}

/** WGSL of save_state(b) and load_state(b), b the patient's first word. */
export function emitParking(plan: KernelPlan): string {
  const O = plan.offsets;
  const nY = plan.nStates + plan.nAux;
  const rules = ruleParking(plan);
  return `fn save_state(b: u32) {
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
  ${prevWords(nY, (w, k, i) => `pstate[b + ${O.prev + w}u] = bitcast<u32>(pv_rc[${k}][${i}]);`)}
  pstate[b + ${O.prev}u + 9u * NY] = bitcast<u32>(pv_h);
  pstate[b + ${O.prev}u + 9u * NY + 1u] = bitcast<u32>(pv_tau);
  pstate[b + ${O.prev}u + 9u * NY + 2u] = select(0u, 1u, pv_valid);${rules.save}
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
  ${prevWords(nY, (w, k, i) => `pv_rc[${k}][${i}] = bitcast<f32>(pstate[b + ${O.prev + w}u]);`)}
  pv_h = bitcast<f32>(pstate[b + ${O.prev}u + 9u * NY]);
  pv_tau = bitcast<f32>(pstate[b + ${O.prev}u + 9u * NY + 1u]);
  pv_valid = pstate[b + ${O.prev}u + 9u * NY + 2u] != 0u;${rules.load}
}
`;
}
