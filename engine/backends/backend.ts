/**
 * The backend contract. A backend turns an EnsembleJob into an EnsembleResult.
 *
 * Interface rules:
 * - run() never mutates the job; results are in the outputs' user units.
 * - Patient i of a job is the same virtual patient on every backend (same RNG draws).
 * - Compiled code is cached by model structure + solver method (never parameter values, N or doses).
 * - Progress is reported as a fraction in [0,1] of patient-regimens done; cancellation through the
 *   AbortSignal rejects with CancelledError after a clean stop between chunks.
 * - Failures of the backend itself (device lost, no adapter) throw RuntimeFailure with a hint.
 */
import type { EnsembleJob } from '../common/job.js';
import type { EnsembleResult } from '../common/results.js';

export type BackendName = 'cpu' | 'webgpu';

export interface RunOptions {
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

export interface SimBackend {
  readonly name: BackendName;
  /** Float width of the arithmetic; drives parity tolerances. */
  readonly precision: 32 | 64;
  /** Human-readable device description for provenance. */
  describe(): string;
  run(job: EnsembleJob, opts?: RunOptions): Promise<EnsembleResult>;
  dispose(): Promise<void>;
}
