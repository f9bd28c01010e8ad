/**
 * The data of the cross-backend parity suite (parity.test.ts): which backends run, against which
 * reference, with which tolerances and known gaps — all as data with the reason for each number.
 * Measured deviations (WebGPU on SwiftShader vs CPU f64, 2026-11-22) are quoted next to each bound.
 */
import type { SummarySpec } from '../../engine/common/job.js';
import { SKETCH_ALPHA, SKETCH_VMIN } from '../../engine/kernel/sketch.js';

/** A backend under test: compared with the CPU (f64) reference on the same jobs. */
export interface ParityBackend {
  name: 'webgpu';
  precision: 32 | 64;
  /** Known gaps: what this backend refuses or does not implement (asserted, never skipped). */
  gaps: BackendGaps;
}

export interface BackendGaps {
  /** Scenarios the backend refuses outright, with the refusal message it must give and why. */
  refusedScenarios: { file: string; message: RegExp; reason: string }[];
  /** Summaries not implemented: removed from the job before the comparison; the backend must refuse them. */
  unsupportedSummaries: { test: (s: SummarySpec) => boolean; message: RegExp; reason: string }[];
}

/** Backends compared with the CPU reference (one entry per backend; precision is the backend's own). */
export const PARITY_BACKENDS: ParityBackend[] = [
  {
    name: 'webgpu',
    precision: 32,
    // Protocol rules, per-cycle windows and dose-delivery columns (KERNEL.md §7) run in the WGSL
    // kernel too: no scenario or summary is refused.
    gaps: { refusedScenarios: [], unsupportedSummaries: [] },
  },
];

/** |backend − cpu| ≤ rel·|cpu| + absScale·max_i |cpu_i| + abs for all but `outliers` of the patients. */
export interface Tolerance {
  rel: number;
  /** Absolute floor in the output's unit: round-off of values that decay to zero. */
  abs: number;
  /** Absolute floor as a fraction of the column's largest CPU magnitude (values near zero). */
  absScale: number;
  /** Absolute floor as a fraction of the summarised output's largest value (its quantile bands). */
  outputScale?: number;
  /** Largest fraction of patients allowed outside (discontinuous summaries), 0 = none. */
  outliers: number;
  reason: string;
}

/** Extrema: nearly tying nadirs of successive cycles (see max). */
const EXTREMUM_VALUE = { rel: 1e-2, absScale: 1e-4, abs: 1e-8, outputScale: 1e-6, outliers: 0 };
/** Times spent beyond, and first times across, a threshold: discontinuous where the output grazes it. */
const THRESHOLD_TIME = { rel: 2e-3, absScale: 1e-3, abs: 0, outliers: 0.03 };

/**
 * Per summary kind. Single precision with rtol floored at 1e-5 (KERNEL.md §6) puts trajectories
 * ~1e-5..1e-4 apart; what a summary does with that difference sets its bound.
 */
export const KIND_TOLERANCE: Record<SummarySpec['kind'], Tolerance> = {
  max: {
    ...EXTREMUM_VALUE,
    reason: 'nadirs of successive cycles nearly tie, and f32 may pick another cycle\'s (measured ≤ 6.4e-3, docetaxel weekly ANC nadir; Cmax ≤ 3e-5)',
  },
  min: {
    ...EXTREMUM_VALUE,
    reason: 'as max; abs 1e-8, or 1e-6 of the output\'s largest value: a concentration that has decayed to zero is round-off — of the order of atol (1e-9 on states) in f64, of 8 f32 epsilons of the peak in f32 closed-form sums (e.g. carboplatin: 1.1e-27 vs -1.09e-8 mg/L after a 30 mg/L peak)',
  },
  auc: {
    rel: 5e-3, absScale: 1e-6, abs: 0, outliers: 0,
    reason: 'f32 integrals accumulate rounding over many doses (measured 3.3e-3 for capecitabine\'s 112 oral doses, ≤ 2.5e-4 elsewhere)',
  },
  value_at: {
    rel: 1e-3, absScale: 1e-5, abs: 0, outliers: 0,
    reason: 'a state sampled once (measured ≤ 2e-5); dose-delivery columns (value_at with dosing) are counts and sums of dose levels, so a protocol-rule decision taken differently (a condition within f32 error of its threshold) fails here: none in 2 × 256 docetaxel-dose-modification patients (nor in 2 × 1000, measured 2026-11-22)',
  },
  time_below: {
    ...THRESHOLD_TIME,
    reason: 'discontinuous where the extremum grazes the threshold (CPU 9.7 h vs f32 0 h when the nadir is 1e-4 below it): up to 3% of patients; others ≤ 9e-4',
  },
  time_above: { ...THRESHOLD_TIME, reason: 'as time_below' },
  first_below: {
    ...THRESHOLD_TIME,
    reason: 'a crossing time: discontinuous where the output grazes the threshold (as time_below), else the crossing moves with the f32 trajectory',
  },
  first_above: { ...THRESHOLD_TIME, reason: 'as first_below' },
};

/**
 * Times of extrema (`name.time`), compared where the extremum itself is above its value's noise
 * floor (a concentration decayed to round-off has no meaningful time). Where the extremum is a smooth
 * turn, an f32 value error ε moves its time by about sqrt(2ε·f/f'') — a flat minimum of tumour size
 * moves by a few percent of its own time — so the floor is a fraction of the horizon; where it is a
 * kink (a peak at an infusion end) the time is exact. Near-equal extrema of separate excursions
 * resolve to the earliest within EXT_TIE (engine/kernel/plan.ts); a patient whose extrema differ by
 * EXT_TIE ± the f32 error may still pick another excursion: a few patients (outliers).
 */
export const EXTREMUM_TIME_TOLERANCE: Tolerance = {
  rel: 1e-2, absScale: 0, abs: 0, outliers: 0.02,
  reason: 'time of an extremum above its noise floor: within 1% or 0.5% of the horizon (flat turns move with f32 error), and a patient whose extrema of separate excursions are within f32 error of the tie band may pick another (≤ 2%)',
};
/** Absolute floor of extremum times as a fraction of the job's horizon (see EXTREMUM_TIME_TOLERANCE). */
export const EXTREMUM_TIME_HORIZON_FRACTION = 5e-3;

/** Same seed → same patients: every output's value at t = 0 (a function of the patient's parameters only). */
export const POPULATION_TOLERANCE: Tolerance = {
  rel: 1e-4, absScale: 1e-6, abs: 0, outliers: 0,
  reason: 'f32 uniforms are within 2^-24 of the f64 ones, f32 qnorm and parameter expressions add a few ulps (measured ≤ 1.4e-5)',
};

/** Categorical outcomes (scenario events): flips and per-regimen rate differences. */
export const EVENT_TOLERANCE = {
  maxFlipFraction: 0.005,
  maxRateDiff: 0.005,
  reason: 'a flip needs a summary within its tolerance of the event threshold; < 0.5% of patients, rates within 0.5 percentage points',
};

/** Quantile bands: |gpu − cpu| ≤ rel·|cpu| + abs. */
export const QUANTILE_TOLERANCE = {
  rel: 2 * SKETCH_ALPHA,
  abs: SKETCH_VMIN,
  reason: 'both backends bin every value into the same value-only sketch buckets (engine/kernel/sketch.ts); an f32 value at a bucket edge may land one bucket over, moving an order statistic by at most one bucket width (2·SKETCH_ALPHA relative; SKETCH_VMIN near zero)',
};

/**
 * Patients per scenario. 256 lets one event flip stay below 0.5% (1/256 = 0.39%) while each
 * scenario runs in a few seconds on SwiftShader. Fewer where SwiftShader is slow:
 * capecitabine records an hourly grid over 84 days (2017 points × 3 outputs) with 112 doses
 * (≈ 0.7 s per patient on SwiftShader); nab-paclitaxel is stiff (its scenario uses the Rosenbrock
 * stepper, ≈ 1,200-2,000 steps per patient; ≈ 12,500 with DOPRI5); the NSCLC scenarios (default.yaml:
 * three regimens over 252 days; nsclc-docetaxel-schedules: 728 days) took over 3 minutes at 256 on
 * two loaded cores.
 * With those N the event criterion allows no flip at all.
 */
export const SCENARIO_PATIENTS: Record<string, number> = {
  default: 256,
  'default.yaml': 64,
  'nsclc-docetaxel-schedules.yaml': 32,
  'capecitabine-1250-vs-1000.yaml': 16,
  'nab-paclitaxel-q3w-vs-weekly.yaml': 24,
};

/**
 * Scenarios also compared with another solver method than their own (the stiff steppers on both
 * backends: Rodas4's LU and Jacobian in f32, and auto's per-patient switch).
 */
export const SOLVER_VARIANTS: { file: string; method: 'rosenbrock' | 'auto'; patients: number }[] = [
  { file: 'nab-paclitaxel-q3w-vs-weekly.yaml', method: 'auto', patients: 24 },
  { file: 'paclitaxel-q3w-vs-weekly.yaml', method: 'rosenbrock', patients: 64 },
];

/** Patients per model of models/ (the test/models job: 42 days, two doses). */
export const MODEL_PATIENTS = 16;

