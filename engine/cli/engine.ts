/**
 * The engine as the CLI sees it: four functions, injected so tests can use fakes and production
 * wires the real modules in one place (engine-wiring.ts).
 *
 * Interface rules: every function reports bad user input by throwing `InputError` (or returning
 * diagnostics, for `validateFiles`), runtime failures by `RuntimeFailure`, cancellation by
 * `CancelledError` — the CLI maps them to exit codes 2, 3 and 130.
 */
import type { Diagnostic } from '../common/errors.js';
import type { ScenarioResult } from '../common/scenario-result.js';

/** Options of one scenario run (the shape of `runScenario` in engine/run-scenario.ts). */
export interface RunOptions {
  backend?: 'auto' | 'cpu' | 'webgpu';
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
  /** Every problem in the given model/scenario files; an empty array means all are valid. */
  validateFiles(paths: string[]): Promise<Diagnostic[]>;
  listModels(): Promise<CatalogEntry[]>;
  listScenarios(): Promise<CatalogEntry[]>;
}
