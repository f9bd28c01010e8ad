/**
 * MAP (empirical Bayes) estimate of the patient's random effects: the minimum of OBJ = −2 log
 * posterior (objective.ts) by batched BFGS (bfgs.ts), started at the typical patient (η = 0) with
 * the prior's curvature as the initial inverse Hessian (OBJ's prior part has Hessian 2Ω⁻¹).
 *
 * Standard errors come from the curvature at the minimum: the Laplace approximation of the
 * posterior is N(η̂, 2·H⁻¹) with H the Hessian of OBJ (central second differences, one batch). When
 * H is not positive definite there (a flat or non-identified direction), the BFGS inverse-Hessian
 * approximation is used instead and the estimate says so.
 */
import { hessianByDifferences, minimizeBfgs, type BatchFunction } from './bfgs.js';
import { choleskyPd, inverseFromCholesky, symmetrise } from './linalg.js';
import type { Objective } from './objective.js';
import type { TwinProblem } from './problem.js';

export interface MapEstimate {
  /** Estimated random effects, in the order of problem.estimated. */
  eta: number[];
  /** OBJ at the estimate. */
  objective: number;
  /** Laplace covariance 2·H⁻¹ (row-major p × p). */
  covariance: number[];
  /** Standard errors: √diag(covariance). */
  se: number[];
  curvature: 'finite differences' | 'BFGS approximation';
  converged: boolean;
  iterations: number;
  evaluations: number;
  batches: number;
  message: string;
}

export interface MapOptions {
  signal?: AbortSignal;
  /**
   * Arithmetic width of the backend. Float32 predictions carry ~1e-6 relative noise, which a 1e-4
   * difference step would turn into gradient noise of order 0.1: its steps and tolerances are wider.
   */
  precision?: 32 | 64;
}

/** Difference steps (gradient, Hessian) and gradient tolerance for each precision. */
const STEPS = { 64: { h: 1e-4, hessian: 5e-3, gtol: 1e-4 }, 32: { h: 3e-3, hessian: 3e-2, gtol: 2e-2 } } as const;

export async function estimateMap(problem: TwinProblem, objective: Objective, opts: MapOptions = {}): Promise<MapEstimate> {
  const p = objective.p;
  const batch: BatchFunction = (pts, k) => objective.evaluate(pts, k, opts.signal);
  if (p === 0) {
    const f = (await batch(new Float64Array(0), 1))[0];
    return { eta: [], objective: f, covariance: [], se: [], curvature: 'finite differences', converged: true, iterations: 0, evaluations: 1, batches: 1, message: 'no random effects to estimate' };
  }
  const steps = STEPS[opts.precision ?? 64];
  const res = await minimizeBfgs(batch, new Array<number>(p).fill(0), {
    inverseHessian: problem.omega.map((v) => v / 2),
    h: steps.h,
    gtol: steps.gtol,
    maxStep: 2 * Math.sqrt(Math.max(...problem.omega.filter((_, i) => i % (p + 1) === 0))),
  });
  const H = symmetrise(await hessianByDifferences(batch, res.x, steps.hessian), p);
  const l = choleskyPd(H, p);
  let covariance: number[];
  let curvature: MapEstimate['curvature'] = 'finite differences';
  if (l) covariance = inverseFromCholesky(l, p).map((v) => 2 * v);
  else {
    covariance = symmetrise(res.inverseHessian.map((v) => 2 * v), p);
    curvature = 'BFGS approximation';
  }
  return {
    eta: res.x, objective: res.f, covariance,
    se: covariance.filter((_, i) => i % (p + 1) === 0).map((v) => Math.sqrt(Math.max(0, v))),
    curvature, converged: res.converged, iterations: res.iterations,
    evaluations: res.evaluations + 1 + 2 * p * p, batches: res.batches + 1, message: res.message,
  };
}
