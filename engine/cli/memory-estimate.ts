/**
 * How much memory a run will hold, from the job's real layout, so a run that cannot fit is refused in
 * a second with the largest population that does — instead of an out-of-memory crash an hour later.
 *
 * What is held (engine/kernel/partial-result.ts, engine/backends, engine/common/assemble-result.ts):
 * - per (patient, regimen): the kernel's summary columns (duplicates merged), 3 status words and
 *   the reported patient values in the partial result; then one array per result column, the failure
 *   flag and step count, and about four 8-byte per-patient endpoint values;
 * - per patient: the reported covariates and individual parameters twice (backend values, then in
 *   the files' units);
 * - per regimen, independent of N: the per-time quantile sketch (outputs × grid times × 5,528 buckets
 *   × 4 B; a second copy on the GPU), and the first K trajectories. Grid values are never held for
 *   every patient: each thread keeps one chunk's (the CPU) or one batch's (the GPU).
 * The CSV files are streamed in 64 KiB blocks, so their size does not add to memory.
 *
 * Re-measure against the peak resident size of `oncotwin run default --backend cpu` when the layout
 * changes (docs/BENCHMARKS.md).
 */
import type { AvailableMemory } from './available-memory.js';
import type { BackendChoice } from '../backends/backend.js';
import { formatBytes } from './format-bytes.js';

/** The layout of one run, as the engine plans it (`Engine.planRun`). */
export interface RunPlan {
  nPatients: number;
  regimens: number;
  outputs: number;
  gridPoints: number;
  /** Per-patient result columns: each summary, plus the time of each extremum. */
  summaryColumns: number;
  /** The kernel's own columns (identical summaries merged). */
  kernelColumns: number;
  /** Per-patient covariate and individual-parameter columns (patients.csv). */
  patientColumns: number;
  /** Leading patients whose whole time courses are returned. */
  trajectories: number;
}


/** Node, the V8 heaps of the main thread and the workers, generated code: measured resident size before a run, rounded up. */
const FIXED_BYTES = 256 * 2 ** 20;
/** Share of the available memory a run may plan to use: the rest absorbs GC headroom and estimate error. */
const USABLE_SHARE = 0.8;
/** Largest population the engine indexes (patient indices are 32-bit counters in the RNG and on the GPU). */
export const MAX_PATIENTS = 2 ** 32 - 1;

export interface MemoryEstimate {
  fixed: number;
  perPatient: number;
  /** Independent of N: the quantile sketches of every regimen. */
  sketches: number;
}

/** Buckets per (output, grid time) of the quantile sketch (engine/kernel/sketch.ts). */
const SKETCH_BUCKETS = 5528;

/** The estimate for `plan` on `backend` (`auto` may fall back to the CPU, so it is sized for the CPU). */
export function estimateMemory(plan: RunPlan, backend: BackendChoice): MemoryEstimate {
  const R = Math.max(1, plan.regimens);
  const onGpu = backend === 'webgpu';
  const gridValues = plan.outputs * plan.gridPoints * 8;
  const sketches = R * plan.outputs * plan.gridPoints * SKETCH_BUCKETS * 4 * (onGpu ? 2 : 1);
  const perRegimen = plan.kernelColumns * 8 + 12 + plan.patientColumns * 8 + plan.summaryColumns * 8 + 5 + 4 * 8;
  const perPatient = R * perRegimen + 2 * plan.patientColumns * 8 + 16;
  const trajectories = Math.min(plan.trajectories, plan.nPatients) * R * gridValues;
  return { fixed: FIXED_BYTES + trajectories + sketches, perPatient, sketches };
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
  const grid = est.sketches > 0.25 * need
    ? `, of which ${formatBytes(est.sketches)} are the per-time quantile sketches of ${plan.outputs} output(s) × ${plan.gridPoints} grid times × ${plan.regimens} regimen(s), whatever the population`
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
