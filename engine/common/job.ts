/**
 * The lowered, plain-data description of one ensemble run: what a backend receives.
 * Built from a Scenario + ModelIR by `engine/common/scenario/build-job.ts`.
 *
 * Interface rules:
 * - Everything is plain data in internal units (see ir.ts); times are in the model's time unit.
 * - Patient i's random draws depend only on (seed, i, draw index): see engine/common/rng. So patient i
 *   is the same virtual patient on every backend, thread count, batch size and regimen.
 * - A backend never mutates a job.
 */
import type { Assign, Expr, ModelIR } from './ir.js';

/**
 * How covariates, etas and dose-relevant patient values are produced for patient i.
 * Assignments run in order; they may use `rand` draws, `table` columns (given patients) and earlier
 * names. The names the model needs (its covariates and its etas) must all be assigned.
 */
export interface PopulationProgram {
  /** Number of uniform draws each patient consumes (max rand index + 1). */
  draws: number;
  assigns: Assign[];
  /**
   * Imported patients (CSV): column-major values, `rows` patients. A ref `table.COL` reads row i.
   * When present, nPatients equals rows (no resampling).
   */
  table?: { columns: string[]; rows: number; data: Float64Array };
  /** Names of the assigns reported per patient (covariates and individual values for patients.csv). */
  report: string[];
}

/** One planned administration in a regimen. Effective time = time + lag(target), amount × F(target). */
export interface PlannedDose {
  /** Planned time, internal time units, ≥ 0. */
  time: number;
  /** Index into ModelIR.doseTargets. */
  target: number;
  /** Index into RegimenPlan.levels: the amount expression used when no rule changes it. */
  level: number;
  /** Infusion duration expression (internal time units); a `num` 0 means bolus. */
  duration: Expr;
  /** Cycle number (1-based), for per-cycle endpoints and protocol rules. */
  cycle: number;
  /**
   * Index into RegimenPlan.levels of the last (lowest) level of this dose's drug: protocol-rule
   * reductions step from `level` towards it and stop there. Default: the regimen's last level.
   */
  lastLevel?: number;
}

export interface RegimenPlan {
  name: string;
  description?: string;
  /**
   * Dose levels: amount (internal mass units, before bioavailability) as an expression of population
   * program values (e.g. BSA), including caps and rounding. Level 0 is the starting dose; higher
   * indices are protocol-rule reductions.
   */
  levels: Expr[];
  /** Planned doses sorted by time. */
  doses: PlannedDose[];
  /**
   * Protocol rules (dose delays, reductions, discontinuation) decided per patient at each planned
   * dose from the patient's own simulated state (docs/KERNEL.md §7). Absent = every planned dose is
   * given at its planned time and level, exactly as before rules existed.
   */
  rules?: RegimenRules;
}

/** The counters a rule condition may read besides outputs and patient values (docs/FORMATS.md). */
export const RULE_COUNTERS = ['delays', 'delayed', 'reductions', 'cycle', 'dose'] as const;

/**
 * One protocol rule. `when` is a condition (nonzero = true) over refs `out:NAME` (output NAME at the
 * decision time, user unit), `rule:COUNTER` (RULE_COUNTERS), `track:NAME` (a tracker of this regimen,
 * in its unit) and population values (plain refs, internal units).
 */
export interface DoseRule {
  action: 'delay' | 'reduce' | 'discontinue';
  when: Expr;
  /** delay: shift of this and every later dose (internal time units, > 0). */
  by?: number;
  /** delay: most delays of one dose; when the condition still holds after them, `then` applies. */
  max?: number;
  /** delay: what happens when `max` is exhausted. */
  then?: 'give' | 'discontinue';
  /**
   * reduce, in a combination regimen: the dose targets of the drugs it steps down. It is decided only
   * at their doses, at most once per decision time (two drugs given together are reduced once).
   * Absent: decided at every dose (single-drug regimens).
   */
  targets?: number[];
}

/** Time an output spends below/above a threshold since the start of the current cycle (reset when the first dose of a cycle is given). */
export interface RuleTracker {
  name: string;
  output: string;
  kind: 'below' | 'above';
  /** Threshold in the output's user unit. */
  threshold: number;
  /** Internal time units per user unit of the tracker (e.g. 24 for days when time is in h). */
  unitFactor: number;
}

export interface RegimenRules {
  rules: DoseRule[];
  trackers: RuleTracker[];
}

export interface SolverSpec {
  /** 'dopri5': adaptive Dormand–Prince 5(4); 'rk4': fixed step (reference). */
  method: 'dopri5' | 'rk4';
  rtol: number;
  /** Absolute tolerance per state (internal units), same order as ModelIR.states. */
  atol: number[];
  /** Largest step (internal time units); also the fixed step for rk4. */
  hmax: number;
  /** Initial step guess. */
  h0: number;
  /** Smallest step before the patient is flagged as failed (step-size underflow). */
  hmin: number;
  /** Steps per patient before it is flagged as failed. */
  maxSteps: number;
  /** Solve ModelIR.linear in closed form when present (default true). */
  closedFormLinear: boolean;
}

/**
 * A per-patient summary of one output. Extrema are tracked at every accepted step end, just after
 * each dose, and at every output-grid time; threshold crossings are located on the solver's dense
 * output. Times are in internal time units; values in the output's user unit.
 */
export type SummarySpec =
  /**
   * `cycle` (1-based): the window is cycle `cycle` of each regimen's own (possibly delayed) schedule,
   * from its first dose's planned time to the next cycle's (or the horizon); `from`/`to` are then unused.
   * A regimen without that cycle reports NaN.
   */
  | { kind: 'max' | 'min'; name: string; output: string; from?: number; to?: number; cycle?: number }
  | { kind: 'auc'; name: string; output: string; from?: number; to?: number }
  | { kind: 'time_below' | 'time_above'; name: string; output: string; threshold: number }
  /**
   * Time of the first crossing into the region below/above the threshold (0 if the output starts
   * there); NaN if it never gets there before the horizon (a time-to-event censored at the horizon).
   */
  | { kind: 'first_below' | 'first_above'; name: string; output: string; threshold: number }
  /**
   * With `dosing` (only in jobs whose regimens have rules): the column is that per-patient
   * dose-delivery counter at the horizon instead of an output value (`output` is then unused):
   * administered amount (internal mass/amount unit), planned amount (doses planned before the
   * horizon, starting level), their ratio, numbers of delays and reductions, 1 if discontinued.
   */
  | { kind: 'value_at'; name: string; output: string; time: number; dosing?: DosingStat };

export const DOSING_STATS = ['delivered', 'planned', 'rdi', 'delays', 'reductions', 'discontinued'] as const;
export type DosingStat = (typeof DOSING_STATS)[number];

/**
 * Failure codes per (patient, regimen). 0 = ok; 4 = more overlapping infusions than the backend's
 * infusion slots (TargetCaps.maxInfusions).
 */
export const FAILURE = { ok: 0, nonFinite: 1, stepUnderflow: 2, tooManySteps: 3, infusionSlots: 4 } as const;
export type FailureCode = (typeof FAILURE)[keyof typeof FAILURE];

export interface EnsembleJob {
  model: ModelIR;
  population: PopulationProgram;
  regimens: RegimenPlan[];
  /** Output grid (internal time units), ascending, within [0, horizon]. */
  grid: Float64Array;
  horizon: number;
  solver: SolverSpec;
  summaries: SummarySpec[];
  /** Probabilities of the per-time quantiles to compute for every output (e.g. 0.05 … 0.95). */
  quantiles: number[];
  nPatients: number;
  /** 32-bit unsigned seed halves (seed = hi·2³² + lo). */
  seed: { lo: number; hi: number };
  /** Number of leading patients whose full trajectories are returned (0 = none). */
  trajectories: number;
}
