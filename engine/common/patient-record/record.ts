/**
 * One patient's own data, as the readers (YAML/CSV patient file, NONMEM-style data set, FHIR R4
 * Bundle) produce it: covariates, the doses actually given and the measurements. Plain data with
 * the position of every item, so whoever uses it (engine/twin) can report a problem where the
 * user wrote it.
 *
 * Interface rules:
 * - Times are hours since the record's time zero (`origin`: the first dose, or the file's `start`);
 *   dates in the files are converted on reading.
 * - Values stay in the units the file gives (`unit` as written); nothing is converted here.
 * - Readers never drop an item: what they cannot read is an InputError at its position.
 */
import type { SourcePos } from '../ir.js';

/** Where an item was written: file:line:col, plus the JSON path for JSON files (FHIR). */
export interface RecordPos extends SourcePos {
  path?: string;
}

export interface RecordCovariate {
  name: string;
  /** A number in `unit`, or a level name of a categorical covariate. */
  value: number | string;
  unit?: string;
  pos: RecordPos;
}

export interface RecordDose {
  /** Hours since time zero. */
  time: number;
  amount: number;
  /** Unit of `amount` (mg, ug, umol …). */
  unit: string;
  /** Infusion duration in hours (0 = bolus). */
  duration: number;
  /** Dose target of the model (`iv`, `carboplatin` …), when the file names one. */
  target?: string;
  /** Drug name or code as written (FHIR medication, a label). */
  drug?: string;
  pos: RecordPos;
}

export interface RecordObservation {
  /** Hours since time zero. */
  time: number;
  /** Model output the value measures (ANC, Cp, SLD …). */
  output: string;
  /** Measured value in `unit`; undefined for a measurement below the limit of quantification. */
  value?: number;
  unit: string;
  /** Below the limit of quantification: only `value < lloq` is known (M3 likelihood). */
  bql: boolean;
  /** Limit of quantification in `unit` (required for BQL unless the model declares one). */
  lloq?: number;
  pos: RecordPos;
}

export interface PatientRecord {
  id: string;
  file: string;
  /** ISO date-time of time zero, when the file gives dates. */
  origin?: string;
  covariates: RecordCovariate[];
  doses: RecordDose[];
  observations: RecordObservation[];
  /** What the reader skipped on purpose and why (entered-in-error results, MDV=1 rows …): reported, never silent. */
  notes?: string[];
}
