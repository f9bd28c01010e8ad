/**
 * A survival sub-model: how a model's simulated patients turn into event times (death, appearance of
 * new lesions), as loaded from a survival file (models/survival/*.yaml, docs/FORMATS.md "Survival
 * sub-models"). Plain data; all times in the spec's own time unit (`timeUnit`).
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

/** β·1{t ≥ T}, T = the patient's time of an earlier event (no step when that event did not occur). */
export interface EventTerm {
  kind: 'event';
  coefficient: number;
  event: string;
}

export type HazardTerm = FixedTerm | TumourRatioTerm | EventTerm;

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
   * The tumour-size time course `tumour_ratio` terms read: output values every `every` (model time
   * unit) from 0 to the horizon. Absent when no term needs it.
   */
  tumour?: { output: string; every: number };
  events: EventModel[];
  /** The event that is death (overall survival). */
  overallSurvival: string;
  /** The event whose time makes RECIST progression by a new lesion (optional). */
  newLesions?: string;
}
