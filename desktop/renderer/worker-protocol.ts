/**
 * Messages between the page (worker-client.ts) and the engine Web Worker (engine-worker.ts).
 * Every request carries an id; the worker answers each with exactly one `result`, `diagnostics` or
 * `error`, after any number of `progress` messages and, for a run, at most one `preview` (a
 * preliminary result of the first `patients` of `total` patients, engine/staged-run.ts).
 */
import type { Diagnostic } from '../../engine/common/errors.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { EngineProgress, EngineRunOptions } from '../common/engine-client.js';

export type ToWorker =
  | { type: 'run'; id: number; yaml: string; opts: EngineRunOptions }
  | { type: 'validate'; id: number; yaml: string; fileName: string }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; progress: EngineProgress }
  | { type: 'preview'; id: number; result: ScenarioResult; patients: number; total: number }
  | { type: 'result'; id: number; result: ScenarioResult }
  | { type: 'diagnostics'; id: number; diagnostics: Diagnostic[] }
  | { type: 'error'; id: number; kind: 'input' | 'runtime' | 'cancelled'; message: string; hint?: string; diagnostics?: Diagnostic[] };
