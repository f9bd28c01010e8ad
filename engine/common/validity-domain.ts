/**
 * The population a model's numbers were estimated in (a model file's `validity:`, docs/FORMATS.md
 * "Validity domain"), as plain data: runs report the share of virtual patients outside it.
 *
 * Interface rules: ranges are in `unit` as written in the model file (not internal units), so reports
 * can quote them; a criterion that names a covariate the scenario does not define is "not
 * assessable", never "inside".
 */

/** One covariate the estimation population covered: a numeric range or the categories it held. */
export interface ValidityCovariate {
  name: string;
  /** Bounds in `unit` (either may be absent: one-sided). */
  min?: number;
  max?: number;
  unit: string;
  /** Categorical covariate: the level names the estimation population contained. */
  levels?: string[];
  source?: string;
}

/** A range of single doses the model is evidence for, in a dose unit as scenarios write it. */
export interface ValidityDoseRange {
  drug?: string;
  unit: string;
  min: number;
  max: number;
  source: string;
}

/** Whether a domain says anything about the patients (a file may declare only its dose ranges). */
export function describesPopulation(d: ValidityDomain): boolean {
  return d.n !== undefined || d.description !== undefined || d.covariates.length > 0 || d.ancestry !== undefined || d.tumourTypes.length > 0;
}

/** Dose units compared as written, but `mg/m²` = `mg/m^2` and any `AUC …` = `auc`. */
export function doseRangeUnit(unit: string): string {
  return unit.trim().toLowerCase().replace('²', '^2').replace(/^auc\b.*$/, 'auc');
}

/** The ancestry composition a paper reports: level names of a population covariate → share. */
export interface ValidityAncestry {
  covariate: string;
  composition: Record<string, number>;
  source?: string;
}

export interface ValidityDomain {
  /** Id of the model file that declares it (a module's own id in a composed model). */
  model: string;
  file: string;
  /** Patients the parameters were estimated in. */
  n?: number;
  description?: string;
  tumourTypes: string[];
  /** Doses and schedules studied, as the source reports them. */
  doses?: string;
  /** Single-dose ranges studied (`validity.dose_ranges`); units normalized by `doseRangeUnit`. */
  doseRanges: ValidityDoseRange[];
  covariates: ValidityCovariate[];
  ancestry?: ValidityAncestry;
  /** Per gene: how the estimation population covers it (genotyped, not genotyped, which variants). */
  genotypes: { gene: string; coverage: string }[];
  /** What the source does not report (so cannot be checked). */
  notReported: string[];
  source?: string;
}
