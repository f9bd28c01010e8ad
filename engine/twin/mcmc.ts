/**
 * The MCMC fallback when importance sampling's ESS is too low (a posterior far from the Laplace
 * approximation: strong non-linearity, BQL data, several modes): C random-walk Metropolis chains
 * run side by side, so each step is one ensemble run of C candidates. Chains start from the SIR
 * candidates (resampled), propose N(0, s²·Σ_MAP) with s² = 2.38²/p adapted towards 25–35%
 * acceptance during burn-in, and keep every step after it. Diagnostics: acceptance rate and the
 * split-R̂ of each random effect.
 */
import { patientUniforms, splitSeed } from '../common/rng/uniform.js';
import { qnorm } from '../common/rng/normal.js';
import { choleskyPd } from './linalg.js';
import type { MapEstimate } from './map.js';
import type { Objective } from './objective.js';
import { STREAM, type WeightedSample } from './sir.js';

export interface McmcOptions {
  chains: number;
  burnIn: number;
  steps: number;
  seed: number;
  signal?: AbortSignal;
}

export interface McmcResult extends WeightedSample {
  acceptance: number;
  /** Split-R̂ per random effect (1 = chains agree). */
  rhat: number[];
  chains: number;
  steps: number;
}

export async function sampleMcmc(map: MapEstimate, objective: Objective, start: Float64Array, opts: McmcOptions): Promise<McmcResult> {
  const p = objective.p;
  const C = opts.chains;
  const l = choleskyPd(map.covariance, p) ?? objective.omegaChol;
  const seed = splitSeed(opts.seed);
  let x = Float64Array.from(start.subarray(0, C * p));
  let fx = await objective.evaluate(x, C, opts.signal);
  let scale = 2.38 / Math.sqrt(p);
  const kept = new Float64Array(C * opts.steps * p);
  let accepted = 0, proposed = 0, windowAcc = 0;
  const u = new Float64Array(p + 1);
  for (let step = 0; step < opts.burnIn + opts.steps; step++) {
    const y = new Float64Array(C * p);
    for (let c = 0; c < C; c++) {
      patientUniforms(seed, STREAM.mcmc + step * C + c, p + 1, u);
      for (let r = 0; r < p; r++) {
        let v = x[c * p + r];
        for (let k = 0; k <= r; k++) v += scale * l[r * p + k] * qnorm(u[k]);
        y[c * p + r] = v;
      }
    }
    const fy = await objective.evaluate(y, C, opts.signal);
    for (let c = 0; c < C; c++) {
      patientUniforms(seed, STREAM.mcmc + step * C + c, p + 1, u);
      const accept = Number.isFinite(fy[c]) && Math.log(u[p]) < (fx[c] - fy[c]) / 2;
      if (accept) { x.set(y.subarray(c * p, c * p + p), c * p); fx[c] = fy[c]; windowAcc++; }
      if (step >= opts.burnIn) { if (accept) accepted++; proposed++; }
    }
    if (step < opts.burnIn && (step + 1) % 20 === 0) {
      const rate = windowAcc / (20 * C);
      if (rate < 0.25) scale *= 0.7; else if (rate > 0.35) scale *= 1.3;
      windowAcc = 0;
    }
    if (step >= opts.burnIn) kept.set(x, (step - opts.burnIn) * C * p);
  }
  const n = C * opts.steps;
  return {
    etas: kept, n, weights: new Float64Array(n).fill(1 / n),
    acceptance: proposed ? accepted / proposed : 0, rhat: splitRhat(kept, C, opts.steps, p), chains: C, steps: opts.steps,
  };
}

/** Split-R̂ (Gelman et al., BDA3 §11.4) of each coordinate; samples stored step-major (step, chain, p). */
export function splitRhat(samples: Float64Array, chains: number, steps: number, p: number): number[] {
  const half = Math.floor(steps / 2);
  if (half < 2) return new Array<number>(p).fill(NaN);
  const out: number[] = [];
  for (let r = 0; r < p; r++) {
    const means: number[] = [], vars: number[] = [];
    for (let c = 0; c < chains; c++) for (const from of [0, half]) {
      let s = 0, s2 = 0;
      for (let t = from; t < from + half; t++) { const v = samples[(t * chains + c) * p + r]; s += v; s2 += v * v; }
      const m = s / half;
      means.push(m);
      vars.push((s2 - half * m * m) / (half - 1));
    }
    const mAll = means.reduce((a, b) => a + b, 0) / means.length;
    const B = (half / (means.length - 1)) * means.reduce((a, m) => a + (m - mAll) ** 2, 0);
    const W = vars.reduce((a, b) => a + b, 0) / vars.length;
    out.push(W > 0 ? Math.sqrt(((half - 1) / half * W + B / half) / W) : NaN);
  }
  return out;
}
