/**
 * How much memory a run will hold, from the job's real layout, so a run that cannot fit is refused in
 * a second with the largest population that does — instead of an out-of-memory crash an hour later.
 *
 * What is held (engine/backends/cpu, engine/common/assemble-result.ts, as of this writing):
 * - per (patient, regimen), CPU backend: every output at every grid time, 8 B each (the exact per-time
 *   quantiles need all of them); WebGPU keeps those on the device and reduces them there;
 * - per (patient, regimen): the summary columns twice (kernel buffer, then one array per column), the
 *   failure flag and step count twice, and about four 8-byte per-patient endpoint values;
 * - per patient: the covariate and individual-parameter columns of patients.csv, and the index list and
 *   value column of the quantile pass;
 * - the first K trajectories copied out of the grid store.
 * The CSV files are streamed in 64 KiB blocks, so their size does not add to memory.
 *
 * Checked against the peak resident size of `oncotwin run default --backend cpu` (2 threads): 13.0 KiB
 * more per patient between N = 25,000 (552 MiB) and N = 60,000 (997 MiB), against 13.2 KiB estimated;
 * about 230 MiB at N = 0, against FIXED_BYTES' 256 MiB.
 */
import type { AvailableMemory } from './available-memory.js';
import { formatBytes } from './format-bytes.js';

/** The layout of one run, as the engine plans it (`Engine.planRun`). */
export interface RunPlan {
  nPatients: number;
  regimens: number;
  outputs: number;
  gridPoints: number;
  /** Per-patient summary columns: each summary, plus the time of each extremum. */
  summaryColumns: number;
  /** Per-patient covariate and individual-parameter columns (patients.csv). */
  patientColumns: number;
  /** Leading patients whose whole time courses are returned. */
  trajectories: number;
}

export type BackendChoice = 'auto' | 'cpu' | 'webgpu';

/** Node, the V8 heaps of the main thread and the workers, generated code: measured resident size before a run, rounded up. */
const FIXED_BYTES = 256 * 2 ** 20;
/** Share of the available memory a run may plan to use: the rest absorbs GC headroom and estimate error. */
const USABLE_SHARE = 0.8;
/** Largest population the engine indexes (patient indices are 32-bit counters in the RNG and on the GPU). */
export const MAX_PATIENTS = 2 ** 32 - 1;

export interface MemoryEstimate {
  fixed: number;
  perPatient: number;
  /** Per patient, the per-time values of the CPU grid store alone (0 on WebGPU). */
  perPatientGrid: number;
}

/** The estimate for `plan` on `backend` (`auto` may fall back to the CPU, so it is sized for the CPU). */
export function estimateMemory(plan: RunPlan, backend: BackendChoice): MemoryEstimate {
  const R = Math.max(1, plan.regimens);
  const onCpu = backend !== 'webgpu';
  const gridValues = plan.outputs * plan.gridPoints * 8;
  const perPatientGrid = onCpu ? R * gridValues : 0;
  const perRegimen = 2 * plan.summaryColumns * 8 + 2 * (1 + 4) + 4 * 8;
  const perPatient = perPatientGrid + R * perRegimen + plan.patientColumns * 8 + 1 + 16;
  const trajectories = Math.min(plan.trajectories, plan.nPatients) * R * gridValues * (onCpu ? 1 : 1.5);
  return { fixed: FIXED_BYTES + trajectories, perPatient, perPatientGrid };
}

/**
 * A description of why `plan` does not fit in `available` memory, with the largest population that
 * does; undefined when it fits.
 */
export function memoryProblem(plan: RunPlan, backend: BackendChoice, available: AvailableMemory): string | undefined {
  const est = estimateMemory(plan, backend);
  const need = est.fixed + plan.nPatients * est.perPatient;
  const usable = USABLE_SHARE * available.bytes;
  if (plan.nPatients <= MAX_PATIENTS && need <= usable) return undefined;
  const fits = largestPopulation(plan, backend, available);
  const grid = est.perPatientGrid > 0
    ? `, of which ${formatBytes(est.perPatientGrid)} are ${plan.outputs} output(s) × ${plan.gridPoints} grid times × ${plan.regimens} regimen(s) × 8 B`
    : '';
  const limit = plan.nPatients > MAX_PATIENTS ? `; the engine indexes at most ${MAX_PATIENTS} patients` : '';
  return `${plan.nPatients} patients would need about ${formatBytes(need)} of memory ` +
    `(${formatBytes(est.perPatient)} per patient${grid}); ${formatBytes(available.bytes)} is ${available.source}, ` +
    `so at most ${fits} patients fit${limit}`;
}

/** The largest population that fits (0 when even one does not). */
export function largestPopulation(plan: RunPlan, backend: BackendChoice, available: AvailableMemory): number {
  const est = estimateMemory(plan, backend);
  return Math.max(0, Math.min(MAX_PATIENTS, Math.floor((USABLE_SHARE * available.bytes - est.fixed) / est.perPatient)));
}
