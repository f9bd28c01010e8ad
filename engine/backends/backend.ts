/**
 * The backend contract: compile once, run many. A backend compiles a KernelPlan (cached by its
 * structure key while the backend lives), then runs patient ranges of a packed job on it, returning
 * mergeable partial results (engine/kernel/partial-result.ts).
 *
 * Interface rules:
 * - `compile` returns the cached kernel for a key it has seen (no code is generated or compiled
 *   again); hosts keep one backend alive across runs (CLI process, desktop worker, API).
 * - `runRange` never mutates its inputs; patient i is the same virtual patient on every backend,
 *   thread count, batch size, range split and regimen; results are in the outputs' user units.
 * - Progress is a fraction in [0,1] of the range's patient-regimens; cancellation through the
 *   AbortSignal rejects with CancelledError after a clean stop between chunks or dispatches.
 * - Failures of the backend itself (device lost, no adapter) throw RuntimeFailure with a hint.
 */
import type { EnsembleJob } from '../common/job.js';
import type { EnsembleResult } from '../common/results.js';
import type { JobData } from '../kernel/pack.js';
import type { PartialResult } from '../kernel/partial-result.js';
import type { KernelPlan, TargetCaps } from '../kernel/plan.js';

/** The backends there are (the one place their names are spelled). */
export const BACKEND_NAMES = ['cpu', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** A backend, or `auto`: the fastest that works on this machine (registry.ts). */
export type BackendChoice = BackendName | 'auto';

export interface RunOptions {
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

export interface RangeOptions extends RunOptions {
  /** Patients below this index keep their full trajectories. */
  trajectories: number;
}

/** A compiled kernel, valid on the backend that compiled it. */
export interface CompiledKernel {
  readonly key: string;
  readonly plan: KernelPlan;
}

export interface PatientRange {
  start: number;
  end: number;
}

export interface SimBackend {
  readonly name: BackendName;
  /** Float width of the arithmetic; drives parity tolerances. */
  readonly precision: 32 | 64;
  /** What the target can do (part of every plan's structure key). */
  readonly caps: TargetCaps;
  /** Human-readable device description for provenance. */
  describe(): string;
  compile(plan: KernelPlan): Promise<CompiledKernel>;
  runRange(kernel: CompiledKernel, data: JobData, range: PatientRange, opts: RangeOptions): Promise<PartialResult>;
  /** Plan, compile (cached), pack, run every patient and finalize: engine/backends/simulate.ts. */
  run(job: EnsembleJob, opts?: RunOptions): Promise<EnsembleResult>;
  /** Kernels compiled so far (the cache's misses): what-if runs must not add to it. */
  readonly compiles: number;
  dispose(): Promise<void>;
}
