/**
 * What a backend returns for one EnsembleJob: raw per-patient summaries and per-time quantiles.
 * Per-regimen statistics (rates with intervals, paired differences) are computed from these on the
 * host by engine/common/stats, identically for every backend.
 *
 * Interface rules:
 * - Arrays are indexed by patient index 0..nPatients-1 (never reordered, never dropped).
 * - A failed patient keeps its slot: `failed[i] != 0` and its summaries are NaN.
 * - Values are in the output's user unit (OutputIR.unit); times in the model's time unit.
 */
import type { FailureCode } from './job.js';

export interface QuantileBand {
  output: string;
  /** Probabilities, e.g. [0.05, 0.25, 0.5, 0.75, 0.95]. */
  probs: number[];
  /** values[g * probs.length + p]: quantile p at grid time g. Failed patients are excluded. */
  values: Float64Array;
}

export interface RegimenResult {
  name: string;
  /**
   * Per-patient summaries keyed by SummarySpec.name. For 'max'/'min' also `${name}.time`
   * (time of the extremum).
   */
  summaries: Record<string, Float64Array>;
  /** FailureCode per patient. */
  failed: Uint8Array;
  /** Accepted solver steps per patient (diagnostics: cost and per-thread divergence). */
  steps: Uint32Array;
  quantiles: QuantileBand[];
  /** Full time courses of the first K patients on the grid: values[(k * outputs + o) * grid + g]. */
  trajectories?: { patients: number; outputs: string[]; values: Float64Array };
}

export interface EnsembleResult {
  backend: string;
  precision: 32 | 64;
  /** Adapter / thread description for provenance, e.g. "4 worker threads" or "SwiftShader (Vulkan)". */
  device: string;
  grid: Float64Array;
  regimens: RegimenResult[];
  /**
   * Per-patient values the kernel computed (population report values and `param.<individual>`),
   * internal units, the same for every regimen: what this backend simulated (f32 on WebGPU).
   */
  patients?: Record<string, Float64Array>;
  /** Notes a user should see (e.g. tolerances floored for f32). */
  notes: string[];
}

