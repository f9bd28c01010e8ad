/**
 * The numbers of a job, packed for a compiled kernel: one data buffer (parameters, tolerances, grid,
 * lifted literals, the patient table, the summary, tracker and dose tables) and the per-regimen
 * uniforms, by name. One packer for every backend: the CPU reads it as float64, WebGPU as f32.
 *
 * Interface rules: `packJob(plan, job)` never generates code (the plan's key was computed without
 * it); the layout here is the one program/*.kl reads (fd(off_… + …)).
 */
import { DOSING_STATS, type EnsembleJob } from '../common/job.js';
import { jobLiterals } from './job-code.js';
import { DOSE_STRIDE, type KernelPlan } from './plan.js';
import { kernelKind, SUMMARY_GROUP, SUMMARY_KINDS } from './summary-kinds.js';

/** f32 has a 24-bit significand: relative tolerances below this are not meaningful in f32. */
export const F32_RTOL_FLOOR = 1e-5;
/** Absolute tolerance of auc integrals when the model has no state to take it from. */
export const AUC_ATOL_NO_STATES = 1e-6;

export interface JobData {
  fd: Float64Array;
  /** Every kernel uniform by name, per regimen (max_iter is the backend's). */
  uniforms: Record<string, number>[];
  seed: { lo: number; hi: number };
  nPatients: number;
  nGrid: number;
  /** Notes for the result (e.g. a tolerance raised for f32). */
  notes: string[];
}

function summaryRows(plan: KernelPlan, job: EnsembleJob): number[] {
  const rows: number[] = [];
  plan.summaryIndex.map((i) => job.summaries[i]).forEach((s, j) => {
    const def = SUMMARY_KINDS[kernelKind(s)];
    const [d0, d1, cycle] = s.kind === 'value_at' && s.dosing !== undefined ? [DOSING_STATS.indexOf(s.dosing), 0, 0] : def.data(s, job.horizon);
    rows.push(def.code, Math.max(plan.summaryOutput[j], 0), Math.max(plan.auxIndex[j], 0), d0, d1, cycle, plan.summaryCol[j]);
  });
  return rows;
}

/** Group index lists: NGROUPS + 1 start offsets, then the summary indices of each group in order. */
function summaryLists(plan: KernelPlan, job: EnsembleJob): number[] {
  const groups: number[][] = Array.from({ length: SUMMARY_GROUP.none }, () => []);
  plan.summaryIndex.map((i) => job.summaries[i]).forEach((s, j) => {
    const g = SUMMARY_GROUP[SUMMARY_KINDS[kernelKind(s)].group];
    if (g < SUMMARY_GROUP.none) groups[g].push(j);
  });
  const starts = [0];
  for (const g of groups) starts.push(starts[starts.length - 1] + g.length);
  return [...starts, ...groups.flat()];
}

/** Per regimen NTRK1 rows: kind (0 unused, 1 below, 2 above), output, threshold, unit factor. */
function trackerRows(plan: KernelPlan, job: EnsembleJob): number[] {
  const out = new Map(job.model.outputs.map((o, k) => [o.name, k]));
  const n = plan.consts.NTRK1 as number;
  const rows: number[] = [];
  for (const r of job.regimens) {
    for (let q = 0; q < n; q++) {
      const t = r.rules?.trackers[q];
      rows.push(...(t ? [t.kind === 'below' ? 1 : 2, out.get(t.output) ?? 0, t.threshold, t.unitFactor] : [0, 0, 0, 1]));
    }
  }
  return rows;
}

/** Dose rows of every regimen, in regimen order (the first row of regimen r is returned in first[r]). */
function doseRows(plan: KernelPlan, job: EnsembleJob): { rows: number[]; first: number[] } {
  const slot = new Map(plan.durations.map((e, k) => [JSON.stringify(e), k + 1]));
  const rows: number[] = [], first: number[] = [];
  for (const r of job.regimens) {
    first.push(rows.length / DOSE_STRIDE);
    for (const d of r.doses) {
      const dur = d.duration;
      rows.push(d.time, d.target, d.level, dur.k === 'num' ? 0 : slot.get(JSON.stringify(dur))!, d.cycle,
        d.lastLevel ?? r.levels.length - 1, dur.k === 'num' ? dur.v : 0);
    }
  }
  return { rows, first };
}

/** The data buffer and uniforms of `job` for a kernel compiled from `plan`. */
export function packJob(plan: KernelPlan, job: EnsembleJob): JobData {
  const m = job.model;
  const s = job.solver;
  if (s.atol.length !== m.states.length) throw new Error(`solver.atol has ${s.atol.length} entries for ${m.states.length} states`);
  // docs/KERNEL.md §3: an auc integral's atol is the smallest state atol (1e-6 without states).
  const auxAtol = s.atol.length > 0 ? Math.min(...s.atol) : AUC_ATOL_NO_STATES;
  const ny = plan.consts.NY as number;
  const atol = Array.from({ length: ny }, (_, i) => (i < s.atol.length ? s.atol[i] : auxAtol));
  const table = job.population.table;
  const doses = doseRows(plan, job);
  const parts: ArrayLike<number>[] = [m.params.map((p) => p.value), atol, job.grid, jobLiterals(plan),
    table ? table.data : [], summaryRows(plan, job), trackerRows(plan, job), doses.rows, summaryLists(plan, job)];
  const starts: number[] = [];
  let n = 0;
  for (const p of parts) { starts.push(n); n += p.length; }
  const fd = new Float64Array(Math.max(n, 1));
  parts.forEach((p, i) => fd.set(p, starts[i]));
  const notes: string[] = [];
  let rtol = s.rtol;
  if (plan.caps.precision === 32 && rtol < F32_RTOL_FLOOR && s.method === 'dopri5') {
    rtol = F32_RTOL_FLOOR;
    notes.push(`webgpu (f32): rtol ${s.rtol} raised to ${F32_RTOL_FLOOR}, the smallest meaningful in single precision`);
  }
  const uniforms = job.regimens.map((r, ri) => ({
    regimen: ri, n_doses: r.doses.length, off_dose: starts[7] + DOSE_STRIDE * doses.first[ri], level_base: plan.levelBase[ri],
    n_grid: job.grid.length, table_rows: table?.rows ?? 0, max_steps: Math.min(s.maxSteps, 0xffffffff), max_iter: 0xffffffff,
    horizon: job.horizon, rtol, hmax: s.hmax, h0: s.h0, hmin: s.hmin,
    off_params: starts[0], off_atol: starts[1], off_grid: starts[2], off_const: starts[3], off_table: starts[4],
    off_sum: starts[5], off_track: starts[6], off_list: starts[8],
  }));
  return { fd, uniforms, seed: { lo: job.seed.lo >>> 0, hi: job.seed.hi >>> 0 }, nPatients: job.nPatients, nGrid: job.grid.length, notes };
}

