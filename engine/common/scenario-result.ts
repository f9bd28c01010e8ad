/**
 * The typed result of `runScenario()` — what the CLI writes, the desktop charts and the tests check.
 *
 * Interface rules:
 * - Plain data (typed arrays allowed) so it can cross a Worker boundary with structured clone.
 * - Regimens are compared on the same virtual patients: patient i in every regimen is the same person,
 *   so comparisons are paired.
 * - Numbers are in user units: outputs in OutputIR.unit, times in `timeUnit`.
 */
import type { EndpointsResult } from './endpoints/clinical-endpoints.js';
import type { EnsembleResult } from './results.js';
import type { PairedComparison, RegimenReport } from './stats/report-types.js';
import type { SubgroupReport } from './stats/subgroup-types.js';

export type { PairedComparison, Rate, RegimenReport, SummaryStats } from './stats/report-types.js';
export type { SubgroupReport } from './stats/subgroup-types.js';

export interface Provenance {
  scenarioSha256: string;
  models: { path: string; sha256: string }[];
  engineVersion: string;
  gitCommit?: string;
  backend: string;
  device: string;
  precision: 32 | 64;
  solver: { method: string; rtol: number; atol: number[]; closedFormLinear: boolean };
  seed: number;
  nPatients: number;
  startedAt: string;
  durationMs: number;
  /** Why other backends were skipped (auto mode) and other notes (e.g. f32 tolerance floors). */
  notes: string[];
}

export interface ScenarioResult {
  scenario: { id: string; title: string; question?: string; path: string };
  model: { name: string; timeUnit: string };
  timeUnit: string;
  grid: Float64Array;
  outputs: { name: string; unit: string; description?: string }[];
  regimens: RegimenReport[];
  comparisons: PairedComparison[];
  /** Per-patient covariates and individual values (PopulationProgram.report), same for every regimen. */
  patients: Record<string, Float64Array>;
  provenance: Provenance;
  /** The backend's raw result, for tools that need it (parity tests). */
  ensemble: EnsembleResult;
  /** Clinical endpoints the scenario declares (`endpoints:`), computed on the host from the summaries. */
  endpoints?: EndpointsResult;
  /**
   * Results per subgroup (`population.subgroups`) and the share outside the model's validity domain
   * (engine/common/subgroups/scenario-subgroups.ts); absent when the scenario declares no subgroups
   * and the model no validity domain.
   */
  subgroups?: SubgroupReport;
}
