/**
 * The twin's objective, −2 log posterior of the random effects η given the patient's measurements
 * y (docs/TWIN.md §1), up to the constant −2 ln p(y):
 *
 *   OBJ(η) = Σ_j −2 ln p(y_j | f_j(η))  +  ηᵀ Ω⁻¹ η + ln det(2π Ω)
 *
 * f_j(η) is the model's prediction of measurement j (output at its time, under the doses given);
 * p(y_j | f) is the observation model (residual.ts; M3 for values below the limit of
 * quantification); Ω is the model's IIV covariance of the estimated random effects. MAP minimises
 * OBJ; the posterior density is ∝ exp(−OBJ/2).
 */
import { InputError } from '../common/errors.js';
import { choleskyPd, forwardSolve, logDetFromCholesky } from './linalg.js';
import type { TwinObservation, TwinProblem } from './problem.js';
import { minus2LogLik, minus2LogLikBql } from './residual.js';
import type { TwinSimulator } from './simulator.js';

export interface Objective {
  /** Number of estimated random effects. */
  readonly p: number;
  /** OBJ of n candidates (row-major n × p); +∞ where a prediction failed. */
  evaluate(etas: Float64Array, n: number, signal?: AbortSignal): Promise<Float64Array>;
  /** ηᵀΩ⁻¹η + ln det(2πΩ). */
  prior(eta: ArrayLike<number>): number;
  /** Cholesky factor of Ω (row-major lower triangle). */
  readonly omegaChol: number[];
}

/** Σ_j −2 ln p(y_j | f_j) for one candidate's predictions `f` (offset `at` in a row-major array). */
export function minus2LogLikelihood(obs: readonly TwinObservation[], f: ArrayLike<number>, at = 0): number {
  let s = 0;
  for (let j = 0; j < obs.length; j++) {
    const o = obs[j];
    s += o.bql ? minus2LogLikBql(o.model, o.lloq, f[at + j]) : minus2LogLik(o.model, o.value, f[at + j]);
  }
  return s;
}

/** The Cholesky factor of the prior covariance; a covariance that is not positive definite is an input problem of the model. */
export function priorCholesky(problem: TwinProblem): number[] {
  const p = problem.estimated.length;
  const l = choleskyPd(problem.omega, p);
  if (!l) {
    const f = problem.model.files[0]?.path ?? problem.model.name;
    throw InputError.at(f, 1, 1, `the random-effect covariance of model ${problem.model.name} is not positive definite, so it is no prior`, 'check variability:, correlations: and omega_blocks: of the model');
  }
  return l;
}

export function twinObjective(problem: TwinProblem, sim: TwinSimulator): Objective {
  const p = problem.estimated.length;
  const m = problem.observations.length;
  const l = priorCholesky(problem);
  const logDet2PiOmega = p * Math.log(2 * Math.PI) + logDetFromCholesky(l, p);
  const prior = (eta: ArrayLike<number>): number => {
    const z = forwardSolve(l, eta, p);
    let s = 0;
    for (const v of z) s += v * v;
    return s + logDet2PiOmega;
  };
  return {
    p,
    omegaChol: l,
    prior,
    async evaluate(etas, n, signal) {
      const f = await sim.predict(etas, n, signal);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = prior(etas.subarray(i * p, i * p + p)) + minus2LogLikelihood(problem.observations, f, i * m);
        out[i] = Number.isNaN(v) ? Infinity : v;
      }
      return out;
    },
  };
}
