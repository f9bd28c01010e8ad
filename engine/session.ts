/**
 * An engine session: the run orchestration every host shares (Node API and CLI through
 * engine/run-scenario.ts, the desktop's Web Worker through desktop/renderer/browser-engine.ts).
 * Scenario → job → backend → ScenarioResult, with the backend kept alive between runs, so a run
 * that differs from an earlier one only in numbers (a what-if edit: a dose, a parameter, N, seed)
 * reuses the compiled kernel (engine/backends/backend.ts). Interactive hosts (the desktop) also ask
 * for `reuse` — regimens an edit leaves unchanged are not simulated again (engine/what-if.ts) — and
 * `onPreview`, a preliminary result of the leading patients before the rest (engine/staged-run.ts).
 *
 * Interface rules: host-neutral (no Node, no DOM). The host loads scenarios (its own file access)
 * and supplies backend factories (Dawn or navigator.gpu, worker_threads or the worker's own thread)
 * and its provenance (engine version, commit).
 */
import type { BackendChoice } from './backends/backend.js';
import type { BackendFactories, SelectedBackend } from './backends/registry.js';
import { selectBackend } from './backends/registry.js';
import type { SimBackend } from './backends/backend.js';
import { assembleResult } from './common/assemble-result.js';
import { RuntimeFailure } from './common/errors.js';
import type { ScenarioResult } from './common/scenario-result.js';
import { buildJob, type Scenario } from './common/scenario/index.js';
import type { EnsembleJob } from './common/job.js';
import type { EnsembleResult } from './common/results.js';
import { runStaged, type KeptRun } from './staged-run.js';

/** A backend's identity in the session: the choice and the CPU thread count. */
const backendKey = (o: { backend?: BackendChoice; threads?: number }): string => `${o.backend ?? 'auto'}:${o.threads ?? ''}`;

export interface SessionRunOptions {
  backend?: BackendChoice;
  /** CPU worker threads (Node); part of the backend's identity in the session. */
  threads?: number;
  nPatients?: number;
  seed?: number;
  trajectories?: number;
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
  /**
   * Keep this run's per-patient results (one run per backend, in memory) and reuse the previous kept
   * run's for every regimen this run leaves unchanged (engine/what-if.ts decides which).
   */
  reuse?: boolean;
  /**
   * Called once, before the rest run, with a preliminary result of the first `patients` of `total`
   * patients (PREVIEW_PATIENTS, when the run has more). Its rates and quantiles are not the run's.
   */
  onPreview?(result: ScenarioResult, patients: number, total: number): void;
}

export interface SessionHost {
  /** Backend factories; `allowSoftwareGpu` is false for `auto` (a software adapter is skipped). */
  factories(allowSoftwareGpu: boolean, threads?: number): BackendFactories;
  engineVersion(): string;
  gitCommit?(): string | undefined;
}

export class EngineSession {
  private readonly backends = new Map<string, Promise<SelectedBackend>>();
  /** Per backend key: the last `reuse` run's per-patient partials. */
  private readonly kept = new Map<string, KeptRun>();

  constructor(private readonly host: SessionHost) {}

  /** The live backend for a choice (created on first use, kept while the session lives). */
  backend(choice: BackendChoice = 'auto', threads?: number): Promise<SelectedBackend> {
    const key = backendKey({ backend: choice, threads });
    let b = this.backends.get(key);
    if (!b) {
      b = selectBackend(choice, this.host.factories(choice !== 'auto', threads));
      b.catch(() => this.backends.delete(key));
      this.backends.set(key, b);
    }
    return b;
  }

  async run(scenario: Scenario, opts: SessionRunOptions = {}): Promise<ScenarioResult> {
    const job = buildJob(scenario, { nPatients: opts.nPatients, seed: opts.seed, trajectories: opts.trajectories });
    const { backend, notes } = await this.backend(opts.backend ?? 'auto', opts.threads);
    const startedAt = new Date();
    const t0 = performance.now();
    const assemble = (j: EnsembleJob, ens: EnsembleResult): ScenarioResult => assembleResult(scenario, j, ens, {
      engineVersion: this.host.engineVersion(),
      gitCommit: this.host.gitCommit?.(),
      startedAt,
      durationMs: performance.now() - t0,
      notes,
      seed: opts.seed ?? scenario.population.seed,
    });
    if (!opts.reuse && !opts.onPreview) {
      return assemble(job, await this.guard(backend, opts, () => backend.run(job, { onProgress: opts.onProgress, signal: opts.signal })));
    }
    const key = backendKey(opts);
    const staged = await this.guard(backend, opts, () => runStaged(backend, job, {
      kept: opts.reuse ? this.kept.get(key) : undefined, keep: opts.reuse === true, onProgress: opts.onProgress, signal: opts.signal,
      onPreview: opts.onPreview && ((ens, patients) => opts.onPreview!(assemble({ ...job, nPatients: patients }, ens), patients, job.nPatients)),
    }));
    if (staged.kept) this.kept.set(key, staged.kept);
    return assemble(job, staged.ens);
  }

  /** A backend whose run failed for its own reasons (not input, not a cancel) is not reused. */
  private async guard<T>(backend: SimBackend, opts: SessionRunOptions, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof RuntimeFailure) {
        this.backends.delete(backendKey(opts));
        this.kept.delete(backendKey(opts));
        await backend.dispose().catch(() => undefined);
      }
      throw e;
    }
  }

  async dispose(): Promise<void> {
    const all = [...this.backends.values()];
    this.backends.clear();
    this.kept.clear();
    await Promise.all(all.map(async (b) => { try { await (await b).backend.dispose(); } catch { /* never started */ } }));
  }
}
