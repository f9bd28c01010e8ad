/**
 * MAP against an independent optimisation of the same objective: the engine's MAP (its kernels,
 * batched BFGS) and a Levenberg–Marquardt fit (npm ml-levenberg-marquardt) of the −2 log posterior
 * written as a sum of squares over an independent RK4 implementation of the docetaxel/Kloft model
 * (kloft-reference.ts): log-additive ANC residuals (ln y − ln f)/σ plus the prior's L⁻¹η.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { cholesky } from '../../engine/common/population/cholesky.js';
import { fitTwin } from '../../engine/twin/fit-twin.js';
import { twinProblem } from '../../engine/twin/problem.js';
import { at, builtinModel, record } from './helpers.js';
import { kloftAnc, kloftOmega } from './kloft-reference.js';

const SIGMA = 0.424093;
const DAYS = [0, 3, 5, 7, 9, 11, 14, 17, 19, 21];
const ANC = [5.1, 4.8, 3.1, 1.6, 0.7, 0.45, 0.9, 2.6, 4.0, 4.9];
const DOSE = 140;

/** The independent MAP: LM on r(η) = [(ln y − ln f(η))/σ ; L⁻¹η]. */
function independentMap(): number[] {
  const times = DAYS.map((d) => d * 24);
  const l = cholesky(kloftOmega(), 5)!;
  const whiten = (eta: number[]): number[] => {
    const z: number[] = [];
    for (let i = 0; i < 5; i++) { let s = eta[i]; for (let k = 0; k < i; k++) s -= l[i * 5 + k] * z[k]; z.push(s / l[i * 5 + i]); }
    return z;
  };
  const m = DAYS.length;
  const x = Array.from({ length: m + 5 }, (_, i) => i);
  const y = [...ANC.map((v) => Math.log(v) / SIGMA), 0, 0, 0, 0, 0];
  const fn = (eta: number[]) => {
    const f = kloftAnc(eta, DOSE, true, times, 0.05);
    const z = whiten(eta);
    return (i: number) => (i < m ? Math.log(f[i]) / SIGMA : z[i - m]);
  };
  return levenbergMarquardt({ x, y }, fn, { initialValues: [0, 0, 0, 0, 0], maxIterations: 60, gradientDifference: 1e-6, centralDifference: true, errorTolerance: 1e-10, damping: 1e-2 }).parameterValues;
}

describe('MAP against an independent optimisation of the same objective', () => {
  it('docetaxel (Koolen PK → Kloft ANC), 10 ANC measurements: both optima agree within a tenth of a standard error', async () => {
    const model = await builtinModel('docetaxel-kloft2006');
    const problem = twinProblem(model, record({
      covariates: [{ name: 'SEX', value: 'F', pos: at }],
      doses: [{ time: 0, amount: DOSE, unit: 'mg', duration: 1, pos: at }],
      obs: DAYS.map((d, k) => [d * 24, 'ANC', ANC[k], '1e9/L']),
    }));
    const fit = await fitTwin(problem, createCpuBackend(), { candidates: 200, minEss: 0 });
    const ref = independentMap();
    expect(fit.map.converged).toBe(true);
    fit.map.eta.forEach((v, k) => {
      expect(Math.abs(v - ref[k]), `eta ${k}: engine ${v}, independent ${ref[k]}`).toBeLessThan(0.1 * fit.map.se[k]);
    });
  }, 180_000);
});
