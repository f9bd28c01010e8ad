/**
 * The posterior of the patient's random effects: SIR from the MAP-centred proposal (sir.ts); when
 * its effective sample size is below `minEss`, the MCMC fallback (mcmc.ts) started from the SIR
 * candidates. Either way the result is a weighted sample for summaries and `draws` equally
 * weighted draws for forecasts.
 */
import type { MapEstimate } from './map.js';
import { sampleMcmc } from './mcmc.js';
import type { Objective } from './objective.js';
import { resample, sampleImportance, type WeightedSample } from './sir.js';

export interface PosteriorOptions {
  /** SIR candidates simulated (default 10,000). */
  candidates?: number;
  /** Equally weighted draws kept for forecasts (default 1,000). */
  draws?: number;
  /** Below this SIR effective sample size, MCMC takes over (default 500; 0 = never). */
  minEss?: number;
  /** MCMC: chains, burn-in and kept steps (defaults 64, 200, 200). */
  chains?: number;
  burnIn?: number;
  steps?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface Posterior {
  method: 'importance sampling (SIR)' | 'MCMC (random-walk Metropolis, after low SIR ESS)';
  sample: WeightedSample;
  /** Equally weighted draws, row-major draws × p. */
  draws: Float64Array;
  nDraws: number;
  /** ESS of the importance weights (of the SIR stage, also when MCMC took over). */
  sirEss: number;
  candidates: number;
  /** SIR candidates whose simulation failed or had zero posterior density. */
  failed: number;
  mcmc?: { acceptance: number; rhat: number[]; chains: number; steps: number };
}

export async function samplePosterior(map: MapEstimate, objective: Objective, opts: PosteriorOptions = {}): Promise<Posterior> {
  const candidates = opts.candidates ?? 10_000;
  const nDraws = opts.draws ?? 1_000;
  const seed = opts.seed ?? 1;
  const minEss = opts.minEss ?? 500;
  const sir = await sampleImportance(map, objective, candidates, seed, opts.signal);
  const base = { sirEss: sir.ess, candidates, failed: sir.failed };
  if (sir.ess >= minEss || objective.p === 0) {
    return { method: 'importance sampling (SIR)', sample: sir, draws: resample(sir, nDraws, seed), nDraws, ...base };
  }
  const chains = opts.chains ?? 64;
  const mc = await sampleMcmc(map, objective, resample(sir, chains, seed + 1), {
    chains, burnIn: opts.burnIn ?? 200, steps: opts.steps ?? 200, seed, signal: opts.signal,
  });
  return {
    method: 'MCMC (random-walk Metropolis, after low SIR ESS)', sample: mc, draws: resample(mc, nDraws, seed), nDraws, ...base,
    mcmc: { acceptance: mc.acceptance, rhat: mc.rhat, chains: mc.chains, steps: mc.steps },
  };
}
