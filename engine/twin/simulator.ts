/**
 * The twin's only contact with a simulation backend: "predict the measurements for these candidate
 * random effects" and "run this candidate job". Everything else in engine/twin works on numbers.
 *
 * Why one adapter: today each call hands a whole EnsembleJob to `backend.run`, which re-emits the
 * kernel each time. The kernel rewrite (compile once per model structure, `packJob`, `runRange`)
 * makes every candidate job of a fit one compiled kernel plus new numbers; switching to it changes
 * this file only.
 */
import type { SimBackend } from '../backends/backend.js';
import type { EnsembleJob } from '../common/job.js';
import type { EnsembleResult } from '../common/results.js';
import type { TwinProblem } from './problem.js';
import { obsSummary, observationJob } from './twin-job.js';

export interface TwinSimulator {
  readonly precision: 32 | 64;
  describe(): string;
  /** Predictions of every measurement, row-major n × observations (user units; NaN for a failed candidate). */
  predict(etas: Float64Array, n: number, signal?: AbortSignal): Promise<Float64Array>;
  run(job: EnsembleJob, signal?: AbortSignal): Promise<EnsembleResult>;
  /** Backend runs and candidate patients simulated so far (diagnostics). */
  readonly stats: { runs: number; candidates: number };
}

export function twinSimulator(backend: SimBackend, problem: TwinProblem): TwinSimulator {
  const stats = { runs: 0, candidates: 0 };
  const run = async (job: EnsembleJob, signal?: AbortSignal): Promise<EnsembleResult> => {
    stats.runs++;
    stats.candidates += job.nPatients * job.regimens.length;
    return backend.run(job, { signal });
  };
  return {
    precision: backend.precision,
    describe: () => backend.describe(),
    stats,
    run,
    async predict(etas, n, signal) {
      const m = problem.observations.length;
      const out = new Float64Array(n * m);
      if (m === 0) return out;
      const res = (await run(observationJob(problem, etas, n), signal)).regimens[0];
      for (let j = 0; j < m; j++) {
        const col = res.summaries[obsSummary(j)];
        for (let i = 0; i < n; i++) out[i * m + j] = res.failed[i] ? NaN : col[i];
      }
      return out;
    },
  };
}
