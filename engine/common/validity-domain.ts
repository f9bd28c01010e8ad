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
  covariates: ValidityCovariate[];
  ancestry?: ValidityAncestry;
  /** Per gene: how the estimation population covers it (genotyped, not genotyped, which variants). */
  genotypes: { gene: string; coverage: string }[];
  /** What the source does not report (so cannot be checked). */
  notReported: string[];
  source?: string;
}
