/**
 * The loaded, validated scenario: the parsed data, its model, and everything already lowered to
 * internal units, so building a job cannot fail on user input any more.
 */
import type { ModelIR, SourcePos } from '../ir.js';
import type { PopulationProgram, RegimenPlan, SolverSpec, SummarySpec } from '../job.js';
import type { PopulationSymbol } from '../population/build-population.js';
import type { SubgroupSpec } from '../population/genotype-spec.js';
import type { TableParameter } from '../population/table-columns.js';
import type { EndpointsSpec } from '../endpoints/endpoint-specs.js';
import type { EventSpec } from './summaries.js';

export interface Scenario {
  /** The scenario file as the host resolved it. */
  path: string;
  id: string;
  title: string;
  question?: string;
  description?: string;
  /** `model:` as written, and the loaded model. */
  modelRef: string;
  model: ModelIR;
  /** The file's data as plain JSON (what the hash covers). */
  data: unknown;
  /** SHA-256 of the canonical JSON of `data` (engine/common/scenario/canonical-json.ts). */
  sha256: string;
  /** Internal time units (the model's time unit). */
  horizon: number;
  grid: Float64Array;
  solver: SolverSpec;
  population: {
    program: PopulationProgram;
    /** Patients per regimen (the table's row count when patients are imported). */
    size: number;
    seed: number;
    mode: 'random' | 'typical';
    /** Covariates and derived covariates with their user units (value_user = value_internal / factor). */
    symbols: PopulationSymbol[];
    /** Individual parameters the patient table sets (the job's model reads them from the population). */
    parameters?: TableParameter[];
    /** Subgroups every result is also reported for (`population.subgroups`). */
    subgroups?: SubgroupSpec[];
  };
  regimens: RegimenPlan[];
  /** User summaries, then those the endpoints need, then dose delivery (`dose.*`) when rules exist. */
  summaries: SummarySpec[];
  events: EventSpec[];
  /** Clinical endpoints computed on the host from the summaries (engine/common/endpoints). */
  endpoints?: EndpointsSpec;
  quantiles: number[];
  /** Resolved path of the golden regression file, if any. */
  golden?: string;
  /** Where each top-level key (and `population.size`) was written. */
  positions: Record<string, SourcePos>;
}
