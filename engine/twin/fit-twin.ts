/**
 * Calibrating the twin to the patient's own measurements: MAP with standard errors, then the full
 * posterior (SIR, MCMC when its ESS is low), parameter summaries and the posterior predictions of
 * every measurement. The programmatic entry point (docs/TWIN.md).
 */
import type { SimBackend } from '../backends/backend.js';
import { estimateMap, type MapEstimate } from './map.js';
import { twinObjective } from './objective.js';
import { samplePosterior, type Posterior, type PosteriorOptions } from './posterior.js';
import type { TwinProblem } from './problem.js';
import { twinSimulator, type TwinSimulator } from './simulator.js';
import { parameterSummaries, type ParameterSummary } from './summaries.js';
import { quantiles7 } from '../common/quantiles.js';

export interface ObservationFit {
  output: string;
  /** Record time (hours since time zero). */
  timeH: number;
  value: number;
  bql: boolean;
  lloq: number;
  /** Prediction under the MAP estimate and the posterior median and 90% interval of the true value. */
  map: number;
  median: number;
  lo: number;
  hi: number;
}

export interface TwinFit {
  problem: TwinProblem;
  map: MapEstimate;
  posterior: Posterior;
  parameters: ParameterSummary[];
  observations: ObservationFit[];
  simulator: TwinSimulator;
  timings: { mapMs: number; posteriorMs: number };
}

export type FitOptions = PosteriorOptions;

export async function fitTwin(problem: TwinProblem, backend: SimBackend, opts: FitOptions = {}): Promise<TwinFit> {
  const simulator = twinSimulator(backend, problem);
  const objective = twinObjective(problem, simulator);
  const t0 = performance.now();
  const map = await estimateMap(problem, objective, { signal: opts.signal, precision: backend.precision });
  const t1 = performance.now();
  const posterior = await samplePosterior(map, objective, opts);
  const t2 = performance.now();
  const parameters = parameterSummaries(problem, map, posterior.sample);
  const observations = await observationFits(problem, simulator, map, posterior, opts.signal);
  return { problem, map, posterior, parameters, observations, simulator, timings: { mapMs: t1 - t0, posteriorMs: t2 - t1 } };
}

async function observationFits(problem: TwinProblem, sim: TwinSimulator, map: MapEstimate, post: Posterior, signal?: AbortSignal): Promise<ObservationFit[]> {
  const m = problem.observations.length;
  if (m === 0) return [];
  const atMap = await sim.predict(Float64Array.from(map.eta), 1, signal);
  const f = await sim.predict(post.draws, post.nDraws, signal);
  return problem.observations.map((o, j) => {
    const col = Array.from({ length: post.nDraws }, (_, i) => f[i * m + j]).filter(Number.isFinite);
    const [lo, median, hi] = quantiles7(col, [0.05, 0.5, 0.95]);
    return { output: o.output, timeH: (o.time - problem.lead) / problem.perHour, value: o.value, bql: o.bql, lloq: o.lloq, map: atMap[j], median, lo, hi };
  });
}
