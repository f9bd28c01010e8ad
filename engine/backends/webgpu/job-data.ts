/**
 * The numbers of a job, packed for the GPU: the f32 data buffer (parameters, tolerances, grid,
 * lifted constants, imported table, summary descriptor table, and for dynamic-dose kernels the
 * tracker table and every planned dose's cycle), the dose table and the uniform block.
 * Layouts mirror engine/codegen/wgsl/emit-kernel.ts (SimParams), emit-driver.ts (sdat) and
 * emit-rules.ts (trk, dose_cycle).
 */
import { DOSING_STATS, type EnsembleJob } from '../../common/job.js';
import type { EmittedKernel } from '../../codegen/wgsl/emit-kernel.js';
import { SIM_PARAMS_WORDS } from '../../codegen/wgsl/emit-kernel.js';
import { DOSING_KIND_CODE, SUMMARY_KIND_CODE, TRACKER_STRIDE } from '../../codegen/wgsl/kernel-plan.js';

/** f32 has a 24-bit significand: relative tolerances below this are not meaningful in f32. */
export const RTOL_FLOOR = 1e-5;
/** Absolute tolerance of auc integrals when the model has no states to take it from. */
export const AUC_ATOL = 1e-6;

export interface JobData {
  fdata: Float32Array<ArrayBuffer>;
  /** Dose table of all regimens: (time bits, target, level, duration slot) per dose. */
  doses: Uint32Array<ArrayBuffer>;
  doseOffset: number[];
  offsets: { params: number; atol: number; grid: number; consts: number; table: number; sum: number };
  rtol: number;
  notes: string[];
}

/** Packs `job`'s numbers for `kernel`. */
export function packJobData(job: EnsembleJob, kernel: EmittedKernel): JobData {
  const { plan } = kernel;
  const m = job.model;
  const table = job.population.table;
  const atol = [...job.solver.atol.slice(0, plan.nStates)];
  // docs/KERNEL.md §3: an auc integral's atol is the smallest state atol.
  const auxAtol = atol.length > 0 ? Math.min(...atol) : AUC_ATOL;
  for (let a = 0; a < plan.nAux; a++) atol.push(auxAtol);
  // Summary descriptor table (layout: SUM_STRIDE, read by the kernel's skind/sout/saux/sdat).
  const sumData: number[] = [];
  job.summaries.forEach((s, j) => {
    const dosing = s.kind === 'value_at' && s.dosing !== undefined;
    sumData.push(dosing ? DOSING_KIND_CODE : SUMMARY_KIND_CODE[s.kind], plan.summaryOutput[j], Math.max(plan.auxIndex[j], 0));
    if (s.kind === 'time_below' || s.kind === 'time_above') sumData.push(s.threshold, 0);
    else if (s.kind === 'value_at') sumData.push(s.dosing !== undefined ? DOSING_STATS.indexOf(s.dosing) : s.time, 0);
    else if (s.kind === 'max' || s.kind === 'min' || s.kind === 'auc') sumData.push(s.from ?? 0, s.to ?? job.horizon);
    sumData.push((s.kind === 'max' || s.kind === 'min') && s.cycle !== undefined ? s.cycle : 0);
  });
  if (plan.dynamic) sumData.push(...ruleData(job, plan.nTrackers));
  const parts: ArrayLike<number>[] = [
    m.params.map((p) => p.value), atol, job.grid, kernel.constants, table ? table.data : [], sumData,
  ];
  const starts: number[] = [];
  let n = 0;
  for (const p of parts) { starts.push(n); n += p.length; }
  const fdata = new Float32Array(Math.max(n, 1));
  parts.forEach((p, i) => fdata.set(p, starts[i]));
  const doseOffset: number[] = [];
  const doseWords: number[] = [];
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  job.regimens.forEach((r, ri) => {
    doseOffset.push(doseWords.length / 4);
    r.doses.forEach((d, di) => {
      f[0] = d.time;
      doseWords.push(u[0], d.target, d.level, plan.doseDurSlot[ri][di]);
    });
  });
  if (doseWords.length === 0) doseWords.push(0, 0, 0, 0);
  const notes: string[] = [];
  const rtol = Math.max(job.solver.rtol, RTOL_FLOOR);
  if (rtol > job.solver.rtol && job.solver.method === 'dopri5') {
    notes.push(`webgpu (f32): rtol ${job.solver.rtol} raised to ${RTOL_FLOOR}, the smallest meaningful in single precision`);
  }
  return {
    fdata, doses: new Uint32Array(doseWords), doseOffset,
    offsets: { params: starts[0], atol: starts[1], grid: starts[2], consts: starts[3], table: starts[4], sum: starts[5] },
    rtol, notes,
  };
}

/**
 * Rule data after the summary table (emit-rules.ts): per regimen nTrackers tracker slots (kind 1
 * below / 2 above / 0 unused, output index, threshold in the output's user unit), then the cycle of
 * every planned dose, regimen after regimen (the dose table's order).
 */
function ruleData(job: EnsembleJob, nTrackers: number): number[] {
  const out = new Map(job.model.outputs.map((o, k) => [o.name, k]));
  const words: number[] = [];
  for (const r of job.regimens) {
    const tr = r.rules?.trackers ?? [];
    for (let q = 0; q < nTrackers; q++) {
      const t = tr[q];
      words.push(...(t ? [t.kind === 'below' ? 1 : 2, out.get(t.output) ?? 0, t.threshold] : new Array<number>(TRACKER_STRIDE).fill(0)));
    }
  }
  for (const r of job.regimens) words.push(...r.doses.map((d) => d.cycle));
  return words;
}

/** Per-dispatch values of the uniform block (SimParams). */
export interface BatchParams {
  batchStart: number;
  batchN: number;
  maxStepsDispatch: number;
  regimen: number;
}

/** Writes the SimParams uniform block for one batch of one regimen. */
export function simParams(job: EnsembleJob, data: JobData, kernel: EmittedKernel, b: BatchParams): ArrayBuffer {
  const buf = new ArrayBuffer(SIM_PARAMS_WORDS * 4);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  const s = job.solver;
  const o = data.offsets;
  u.set([b.batchStart, b.batchN, b.maxStepsDispatch, job.regimens[b.regimen].doses.length,
    data.doseOffset[b.regimen], job.grid.length, job.seed.lo >>> 0, job.seed.hi >>> 0]);
  f.set([job.horizon, data.rtol, s.hmax, s.h0, s.hmin], 8);
  u.set([Math.min(s.maxSteps, 0xffffffff), job.population.table?.rows ?? 0, kernel.plan.regimenLevelBase[b.regimen],
    o.params, o.atol, o.grid, o.consts, o.table, o.sum, b.regimen], 13);
  return buf;
}
