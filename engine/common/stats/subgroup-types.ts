/**
 * Subgroup results (docs/SCENARIOS.md "Subgroups and validity domain"): every regimen's event rates
 * and summary means per level of a covariate (or a cross of several), with intervals, the paired
 * differences against the first regimen, and the share of the group outside the models' validity
 * domain. Plain data: it goes into summary.json and crosses the Worker boundary.
 */
import type { Rate } from './report-types.js';
import type { ValidityDomain } from '../validity-domain.js';

/** Mean of a per-patient summary in one group, with its Student t 95% interval. */
export interface GroupMean {
  n: number;
  mean: number;
  lo: number;
  hi: number;
}

export interface SubgroupRegimen {
  name: string;
  /** Patients of the group whose integration failed (left out of rates and means). */
  failed: number;
  events: Record<string, Rate>;
  summaries: Record<string, GroupMean>;
}

export interface SubgroupRow {
  /** e.g. `AFR`, `DPYD_AS = 1.5`, `65 ≤ AGE < 75 yr`, or these joined by ', ' for a cross. */
  label: string;
  /** One label per axis. */
  levels: string[];
  /** Patients in the group. */
  n: number;
  /** Share of the group outside the validity domain; undefined when no criterion could be checked. */
  outside?: Rate;
  regimens: SubgroupRegimen[];
  /** Each regimen against the first on the group's patients (Newcombe paired interval). */
  comparisons: { a: string; b: string; events: Record<string, { diff: number; lo: number; hi: number; n: number }> }[];
}

export interface SubgroupTable {
  /** Axis names joined by ' × '. */
  name: string;
  axes: string[];
  /** Why there are no rows (e.g. too many distinct values), when so. */
  note?: string;
  rows: SubgroupRow[];
}

/** One criterion of a validity domain, as checked against this run's patients. */
export interface ValidityCriterion {
  /** e.g. `DPYD_AS 1–2`, `ANCESTRY in NFE, EAS`. */
  text: string;
  /** Patients outside it; undefined when it could not be checked, with the reason. */
  outside?: number;
  reason?: string;
  source?: string;
}

/** A regimen's written dose against the model's declared single-dose ranges (dose-range-check.ts). */
export interface DoseRangeFinding {
  regimen: string;
  /** As written, e.g. `75 mg/m²`, `AUC 5`. */
  dose: string;
  inside: boolean;
  /** The ranges of its unit, e.g. `60–100 mg/m² or 35–36 mg/m²`. */
  range: string;
  sources: string[];
}

/** A model's validity domain as reported: its description, with the covariate and ancestry criteria checked. */
export interface ValidityReportDomain extends Pick<ValidityDomain, 'model' | 'file' | 'n' | 'description' | 'tumourTypes' | 'doses' | 'source' | 'genotypes' | 'notReported'> {
  criteria: ValidityCriterion[];
  /** The scenario's doses against this file's `dose_ranges` (empty when it declares none). */
  doseRanges: DoseRangeFinding[];
}

export interface ValidityReport {
  domains: ValidityReportDomain[];
  /** Share of all patients outside any checked criterion; undefined when none could be checked. */
  outside?: Rate;
}

export interface SubgroupReport {
  tables: SubgroupTable[];
  /** Absent when the model declares no validity domain. */
  validity?: ValidityReport;
}
