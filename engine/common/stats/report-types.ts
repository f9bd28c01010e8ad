/**
 * The per-regimen statistics a scenario result reports: event rates with intervals, summary
 * distributions and paired comparisons (computed in ./summarize.ts; ScenarioResult re-exports them).
 */
import type { RegimenResult } from '../results.js';

/** A rate with its 95% interval (Wilson score for proportions). */
export interface Rate {
  /** Patients with the event. */
  count: number;
  /** Patients evaluated (failed integrations excluded). */
  n: number;
  p: number;
  lo: number;
  hi: number;
}

/** Distribution of one per-patient summary across the population of one regimen. */
export interface SummaryStats {
  name: string;
  unit: string;
  /** Clinical name for screens and reports (absent: show `name`). */
  label?: string;
  n: number;
  mean: number;
  sd: number;
  /** Quantiles at `probs`. */
  probs: number[];
  quantiles: number[];
}

/** Paired comparison of regimen `b` against regimen `a` on the same patients. */
export interface PairedComparison {
  a: string;
  b: string;
  /** For each event: difference in proportions b − a with a 95% interval for paired data. */
  events: Record<string, { diff: number; lo: number; hi: number; n: number }>;
  /** For each summary: mean of (b − a) over patients with a 95% interval. */
  summaries: Record<string, { meanDiff: number; lo: number; hi: number; n: number }>;
}

/** One regimen's statistics, with the backend's raw per-patient result. */
export interface RegimenReport {
  name: string;
  description?: string;
  raw: RegimenResult;
  summaries: Record<string, SummaryStats>;
  events: Record<string, Rate>;
  failures: { total: number; byCode: Record<string, number> };
}
