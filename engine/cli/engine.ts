/**
 * The engine as the CLI sees it: five functions, injected so tests can use fakes and production
 * wires the real modules in one place (engine-wiring.ts).
 *
 * Interface rules: every function reports bad user input by throwing `InputError` (or returning
 * diagnostics, for `validateFile`), runtime failures by `RuntimeFailure`, cancellation by
 * `CancelledError` — the CLI maps them to exit codes 2, 3 and 130.
 */
import type { BackendChoice } from '../backends/backend.js';
import type { Diagnostic } from '../common/errors.js';
import type { ScenarioResult } from '../common/scenario-result.js';
import type { RunPlan } from './memory-estimate.js';

/** Options of one scenario run (the shape of `runScenario` in engine/run-scenario.ts). */
export interface RunOptions {
  backend?: BackendChoice;
  threads?: number;
  nPatients?: number;
  seed?: number;
  trajectories?: number;
  onProgress?(f: number): void;
  signal?: AbortSignal;
}

/** A built-in model or scenario file of the package. */
export interface CatalogEntry {
  id: string;
  title: string;
  path: string;
}

export interface Engine {
  runScenario(path: string, opts: RunOptions): Promise<ScenarioResult>;
  /**
   * Loads a scenario (and its model) and returns the layout of a run with the file's own population
   * size and no trajectories, without running it.
   */
  planRun(path: string): Promise<RunPlan>;
  /**
   * Every problem found checking one model or scenario file — for a scenario, its model's problems
   * too (they carry the model's path). An empty array means the file is valid.
   */
  validateFile(path: string): Promise<Diagnostic[]>;
  listModels(): Promise<CatalogEntry[]>;
  listScenarios(): Promise<CatalogEntry[]>;
}
