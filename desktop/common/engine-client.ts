/**
 * The one interface the desktop UI uses to reach the simulation engine.
 *
 * Interface rules:
 * - `run` resolves with the engine's `ScenarioResult` or rejects with `InputError` (bad YAML, with
 *   line:col diagnostics), `RuntimeFailure` (backend problem) or `CancelledError` (signal aborted).
 * - `onProgress` is called with monotone `patientsDone`; the UI derives the time left from it.
 * - `validate` never throws for bad input: it returns diagnostics (empty when the scenario is valid).
 * - Implementation: the Web Worker client in the renderer (desktop/renderer/worker-client.ts), over
 *   the real engine (desktop/renderer/browser-engine.ts).
 */
import type { Diagnostic } from '../../engine/common/errors.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';

/** Which backend to ask for; `auto` lets the engine pick (WebGPU when an adapter exists). */
import type { BackendChoice } from '../../engine/backends/backend.js';

export type { BackendChoice };

export interface EngineRunOptions {
  backend: BackendChoice;
  /** Overrides `population.size` of the scenario when set. */
  nPatients?: number;
  /** Overrides `population.seed` of the scenario when set. */
  seed?: number;
  /** Name shown in diagnostics (the open file's name). */
  fileName: string;
}

export interface EngineProgress {
  /** Patient-regimens finished so far. */
  patientsDone: number;
  /** Patient-regimens in the whole run (patients × regimens). */
  patientsTotal: number;
  /** Backend actually running, e.g. "webgpu" or "cpu (4 workers)". */
  backend: string;
}

/**
 * A preliminary result of the first `patients` of `total` patients, sent once before the rest run
 * (engine/staged-run.ts). Its rates, intervals and bands are not the run's: show it as partial.
 */
export type OnPreview = (result: ScenarioResult, patients: number, total: number) => void;

export interface EngineClient {
  run(
    scenarioYaml: string,
    opts: EngineRunOptions,
    onProgress: (p: EngineProgress) => void,
    signal: AbortSignal,
    onPreview?: OnPreview,
  ): Promise<ScenarioResult>;
  validate(scenarioYaml: string, fileName: string): Promise<Diagnostic[]>;
}

/**
 * What the engine worker (desktop/renderer/engine-worker.ts) runs: browser-engine.ts adapts the
 * engine's loaders, backends and result assembly.
 */
export interface EngineEntry {
  /** Short label of the implementation. */
  readonly kind: 'engine';
  runScenario(
    scenarioYaml: string,
    opts: EngineRunOptions,
    onProgress: (p: EngineProgress) => void,
    signal: AbortSignal,
    onPreview?: OnPreview,
  ): Promise<ScenarioResult>;
  validateScenario(scenarioYaml: string, fileName: string): Promise<Diagnostic[]>;
}
