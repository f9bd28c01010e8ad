/**
 * What a scenario's `endpoints:` asks for, once read (engine/common/scenario/endpoints-spec.ts and
 * survival-endpoint.ts read it; clinical-endpoints.ts computes it). The types live with the endpoints
 * so the endpoints need nothing from the scenario reader.
 */
import type { SurvivalSpec } from './survival/survival-spec.js';

export interface NeutropeniaSpec {
  output: string;
  /** Lower limit of normal, ×10⁹/L. */
  lln: number;
  /** Output user unit → ×10⁹/L. */
  toGiga: number;
  /** Number of per-cycle nadir summaries (largest cycle number of any regimen), 0 when per_cycle is off. */
  cycles: number;
}

export interface RecistSpec {
  output: string;
  measure: 'volume' | 'diameter';
  /** Output user unit → grams (volume measure, density 1 g/mL) or millimetres (diameter). */
  factor: number;
  /** Assessment times in the model's time unit, first = baseline (0). */
  times: number[];
  confirm: boolean;
  /** Minimum time from baseline for SD to count (model time unit). */
  sdMin: number;
  /** One day in the model's time unit (the 4-week confirmation interval). */
  dayLength: number;
}

export interface EndpointsSpec {
  neutropenia?: NeutropeniaSpec;
  recist?: RecistSpec;
  /** Overall survival (and PFS with recist) from a survival sub-model (survival-endpoint.ts). */
  survival?: SurvivalEndpointSpec;
}

export interface SurvivalEndpointSpec {
  /** Resolved path of the survival file (provenance). */
  file: string;
  spec: SurvivalSpec;
  /** Administrative censoring, days after the first dose; Infinity = none. */
  followUpDays: number;
  atRiskEveryDays: number;
  /** Population covariates the survival file reads: internal value ÷ `perUnit` = value in the survival file's unit. */
  covariates: { name: string; perUnit: number }[];
}
