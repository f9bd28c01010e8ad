/**
 * A survival sub-model: how a model's simulated patients turn into event times (death, appearance of
 * new lesions), as loaded from a survival file (models/survival/*.yaml, docs/MODELS.md "Survival
 * files"). Plain data; all times in the spec's own time unit (`timeUnit`).
 *
 * Interface rules:
 * - Events are drawn in list order; an `event` term may refer only to an earlier event.
 * - Patient i's draw for event k is survival uniform k of patient i (survival-rng.ts), so appending an
 *   event never changes the times of the earlier ones.
 */
import type { Expr } from '../../ir.js';

/** Where a per-patient, time-fixed quantity comes from. */
export type QuantitySource =
  /** Output value at `time` (model time unit), × `factor` into the quantity's unit. */
  | { kind: 'output_at'; output: string; time: number; factor: number }
  /** Time of the output's minimum over the simulation (model time unit × `factor` → the quantity's unit). */
  | { kind: 'nadir_time'; output: string; factor: number }
  /** A population covariate (categorical: 0-based level index); the model itself need not read it. */
  | { kind: 'covariate'; covariate: string };

export interface SurvivalQuantity {
  name: string;
  unit: string;
  source: QuantitySource;
}

/** β·value, where value is an expression of the time-fixed quantities. */
export interface FixedTerm {
  kind: 'fixed';
  coefficient: number;
  expr: Expr;
  text: string;
}

/** β·(S(min(t, until))/S(0) − 1): the relative change of the sampled tumour size, frozen after `until`. */
export interface TumourRatioTerm {
  kind: 'tumour_ratio';
  coefficient: number;
  /** Spec time unit; Infinity = never frozen. */
  until: number;
}

/**
 * β·1{t ≥ T}, T = the patient's time of an earlier event (no step when that event did not occur, or —
 * with `observedBefore` — when it occurred only after that other earlier event, e.g. a new lesion that
 * appears after the patient left tumour follow-up is never recorded).
 */
export interface EventTerm {
  kind: 'event';
  coefficient: number;
  event: string;
  observedBefore?: string;
}

/**
 * β·1{t ≥ T_PD}: T_PD = the first tumour sample at least 20% and 5 mm above the smallest earlier
 * sample (RECIST 1.1 size progression on the sampled course), or the time of `orEvent` if earlier.
 */
export interface ProgressionTerm {
  kind: 'progression';
  coefficient: number;
  orEvent?: string;
}

export type HazardTerm = FixedTerm | TumourRatioTerm | EventTerm | ProgressionTerm;

/** h(t) = λ·α·(λt)^(α−1)·exp(Σ terms). */
export interface WeibullEvent {
  name: string;
  distribution: 'weibull';
  /** 1/spec time unit. */
  lambda: number;
  shape: number;
  terms: HazardTerm[];
}

/** log T ~ Normal(intercept + Σ terms, σ), T in the spec time unit (accelerated failure time). */
export interface LogNormalEvent {
  name: string;
  distribution: 'lognormal';
  intercept: number;
  sigma: number;
  terms: FixedTerm[];
}

export type EventModel = WeibullEvent | LogNormalEvent;

export interface SurvivalSpec {
  id: string;
  title: string;
  /** Unit of event times, λ and `until` (a time unit, e.g. d). */
  timeUnit: string;
  /** Days per spec time unit (endpoints report days). */
  days: number;
  quantities: SurvivalQuantity[];
  /**
   * The tumour-size time course `tumour_ratio` and `progression` terms read: output values every
   * `every` (model time unit) from 0 to the horizon, × `toMm` in mm. Absent when no term needs it.
   */
  tumour?: { output: string; every: number; toMm: number };
  events: EventModel[];
  /** The event that is death (overall survival). */
  overallSurvival: string;
  /** The event whose time makes RECIST progression by a new lesion (optional). */
  newLesions?: string;
}
