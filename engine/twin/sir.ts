/**
 * The full posterior by sampling importance resampling (SIR) on the ensemble: M candidate random
 * effects from a MAP-centred multivariate t proposal (ν = 4, scale 1.2² × the Laplace covariance:
 * heavier tails than the posterior, so the weights stay bounded), all simulated in one ensemble
 * run; importance weights w ∝ exp(−OBJ/2)/q; effective sample size ESS = (Σw)²/Σw². Summaries use
 * the weighted candidates; forecasts use K draws resampled from them (systematic resampling).
 */
import { patientUniforms, splitSeed } from '../common/rng/uniform.js';
import { qnorm } from '../common/rng/normal.js';
import { choleskyPd } from './linalg.js';
import type { MapEstimate } from './map.js';
import type { Objective } from './objective.js';

export interface WeightedSample {
  /** Candidates, row-major n × p. */
  etas: Float64Array;
  n: number;
  /** Normalised weights (sum 1); equal weights for unweighted draws. */
  weights: Float64Array;
}

export interface SirResult extends WeightedSample {
  ess: number;
  /** Candidates whose simulation failed or whose objective was not finite (weight 0). */
  failed: number;
}

export const PROPOSAL_DF = 4;
export const PROPOSAL_SCALE = 1.2;

/** Stream offsets of the twin's random numbers (Philox "patient" index = offset + draw number). */
export const STREAM = { proposal: 0, resample: 1 << 28, mcmc: 2 << 28, synthetic: 3 << 28 } as const;

/** n draws of a multivariate t(ν) with location `mu` and scale matrix L·Lᵀ, with their log densities up to a constant. */
export function drawT(mu: number[], l: number[], n: number, seed: number, df = PROPOSAL_DF): { etas: Float64Array; logq: Float64Array } {
  const p = mu.length;
  const s = splitSeed(seed);
  const etas = new Float64Array(n * p);
  const logq = new Float64Array(n);
  const u = new Float64Array(p + df);
  for (let i = 0; i < n; i++) {
    patientUniforms(s, STREAM.proposal + i, p + df, u);
    let chi = 0;
    for (let k = 0; k < df; k++) { const z = qnorm(u[p + k]); chi += z * z; }
    const scale = Math.sqrt(df / chi);
    let q = 0;
    for (let r = 0; r < p; r++) {
      const z = qnorm(u[r]);
      q += z * z * scale * scale;
      let v = mu[r];
      for (let c = 0; c <= r; c++) v += l[r * p + c] * qnorm(u[c]) * scale;
      etas[i * p + r] = v;
    }
    logq[i] = (-(df + p) / 2) * Math.log(1 + q / df);
  }
  return { etas, logq };
}

export async function sampleImportance(map: MapEstimate, objective: Objective, candidates: number, seed: number, signal?: AbortSignal): Promise<SirResult> {
  const p = objective.p;
  const l = choleskyPd(map.covariance.map((v) => v * PROPOSAL_SCALE * PROPOSAL_SCALE), p) ?? scaledPriorChol(objective);
  const { etas, logq } = drawT(map.eta, l, candidates, seed);
  const obj = await objective.evaluate(etas, candidates, signal);
  const logw = new Float64Array(candidates);
  let max = -Infinity, failed = 0;
  for (let i = 0; i < candidates; i++) {
    logw[i] = Number.isFinite(obj[i]) ? -obj[i] / 2 - logq[i] : -Infinity;
    if (logw[i] === -Infinity) failed++;
    if (logw[i] > max) max = logw[i];
  }
  const weights = new Float64Array(candidates);
  let sum = 0, sum2 = 0;
  for (let i = 0; i < candidates; i++) {
    const w = Number.isFinite(max) ? Math.exp(logw[i] - max) : 0;
    weights[i] = w;
    sum += w;
    sum2 += w * w;
  }
  for (let i = 0; i < candidates; i++) weights[i] = sum > 0 ? weights[i] / sum : 0;
  return { etas, n: candidates, weights, ess: sum > 0 ? (sum * sum) / sum2 : 0, failed };
}

/** The prior's factor, when the Laplace covariance is unusable (should not happen after estimateMap). */
function scaledPriorChol(objective: Objective): number[] {
  return objective.omegaChol.map((v) => v * PROPOSAL_SCALE);
}

/** K equally weighted draws from a weighted sample (systematic resampling, one uniform). */
export function resample(sample: WeightedSample, k: number, seed: number): Float64Array {
  const p = sample.etas.length / sample.n;
  const out = new Float64Array(k * p);
  const u0 = patientUniforms(splitSeed(seed), STREAM.resample, 1)[0];
  let cum = sample.weights[0], i = 0;
  for (let j = 0; j < k; j++) {
    const target = (j + u0) / k;
    while (cum < target && i < sample.n - 1) cum += sample.weights[++i];
    out.set(sample.etas.subarray(i * p, i * p + p), j * p);
  }
  return out;
}

