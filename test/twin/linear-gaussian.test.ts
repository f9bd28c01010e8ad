/**
 * A linear-Gaussian twin: y_j = (B + η_B) + (S + η_S)·t_j + ε, η ~ N(0, Ω), ε ~ N(0, σ²). The
 * posterior of η is N(m, P⁻¹) with P = XᵀX/σ² + Ω⁻¹ and m = P⁻¹Xᵀ(y − Xθ)/σ² (X_j = [1, t_j]):
 * MAP, its curvature covariance and the SIR posterior must all match it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelIR } from '../../engine/common/ir.js';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { fitTwin } from '../../engine/twin/fit-twin.js';
import { twinProblem } from '../../engine/twin/problem.js';
import { fixtureModel, record } from './helpers.js';

const SD_B = 2, SD_S = 0.2, R = 0.3, SIGMA = 1.5, B0 = 10, S0 = 0.5;
const times = [1, 4, 9, 16, 30];
const y = [13.1, 14.9, 16.2, 22.0, 29.5];

/** Closed-form posterior mean and covariance (2×2). */
function exact(ts: number[], ys: number[]): { mean: number[]; cov: number[] } {
  const om = [SD_B ** 2, R * SD_B * SD_S, R * SD_B * SD_S, SD_S ** 2];
  const det = om[0] * om[3] - om[1] * om[2];
  const omInv = [om[3] / det, -om[1] / det, -om[2] / det, om[0] / det];
  const P = [...omInv];
  const b = [0, 0];
  ts.forEach((t, j) => {
    const r = ys[j] - (B0 + S0 * t);
    P[0] += 1 / SIGMA ** 2; P[1] += t / SIGMA ** 2; P[2] += t / SIGMA ** 2; P[3] += (t * t) / SIGMA ** 2;
    b[0] += r / SIGMA ** 2; b[1] += (t * r) / SIGMA ** 2;
  });
  const d = P[0] * P[3] - P[1] * P[2];
  const cov = [P[3] / d, -P[1] / d, -P[2] / d, P[0] / d];
  return { mean: [cov[0] * b[0] + cov[1] * b[1], cov[2] * b[0] + cov[3] * b[1]], cov };
}

let model: ModelIR;
beforeAll(async () => { model = await fixtureModel('linear-gaussian.yaml'); });

describe('linear-Gaussian posterior (closed form)', () => {
  it('MAP = posterior mean, curvature covariance = posterior covariance, SIR mean and SD match', async () => {
    const problem = twinProblem(model, record({ obs: times.map((t, j) => [t, 'Y', y[j], '1']) }));
    const fit = await fitTwin(problem, createCpuBackend(), { candidates: 20_000, seed: 7 });
    const { mean, cov } = exact(times, y);
    expect(fit.map.eta[0]).toBeCloseTo(mean[0], 4);
    expect(fit.map.eta[1]).toBeCloseTo(mean[1], 5);
    fit.map.covariance.forEach((c, k) => expect(c).toBeCloseTo(cov[k], 4));
    // A Gaussian posterior and a t proposal centred on it: weights close to even.
    expect(fit.posterior.method).toBe('importance sampling (SIR)');
    expect(fit.posterior.sirEss).toBeGreaterThan(10_000);
    const sd = [Math.sqrt(cov[0]), Math.sqrt(cov[3])];
    fit.parameters.slice(0, 2).forEach((q, k) => {
      // Monte-Carlo error of a weighted mean: SD/√ESS; 4 of them as the bound.
      expect(Math.abs(q.mean - mean[k])).toBeLessThan((4 * sd[k]) / Math.sqrt(fit.posterior.sirEss));
      expect(Math.abs(q.sd / sd[k] - 1)).toBeLessThan(0.03);
      // 90% interval of a normal: mean ± 1.645 SD.
      expect(Math.abs(q.lo - (mean[k] - 1.6449 * sd[k]))).toBeLessThan(0.05 * sd[k]);
      expect(Math.abs(q.hi - (mean[k] + 1.6449 * sd[k]))).toBeLessThan(0.05 * sd[k]);
    });
  });

  it('the MCMC fallback (forced by an unreachable ESS) samples the same posterior', async () => {
    const problem = twinProblem(model, record({ obs: times.map((t, j) => [t, 'Y', y[j], '1']) }));
    const fit = await fitTwin(problem, createCpuBackend(), { candidates: 500, seed: 9, minEss: 1e9, chains: 32, burnIn: 200, steps: 300 });
    expect(fit.posterior.method).toBe('MCMC (random-walk Metropolis, after low SIR ESS)');
    const mc = fit.posterior.mcmc!;
    expect(mc.acceptance).toBeGreaterThan(0.15);
    expect(mc.acceptance).toBeLessThan(0.5);
    mc.rhat.forEach((r) => expect(r).toBeLessThan(1.05));
    const { mean, cov } = exact(times, y);
    const sd = [Math.sqrt(cov[0]), Math.sqrt(cov[3])];
    fit.parameters.slice(0, 2).forEach((q, k) => {
      expect(Math.abs(q.mean - mean[k])).toBeLessThan(0.1 * sd[k]);
      expect(Math.abs(q.sd / sd[k] - 1)).toBeLessThan(0.1);
    });
  }, 120_000);

  it('with no measurements the posterior equals the prior', async () => {
    const problem = twinProblem(model, record({}));
    expect(problem.notes).toContain('the record has no measurements: the posterior is the prior');
    const fit = await fitTwin(problem, createCpuBackend(), { candidates: 20_000, seed: 3 });
    expect(Math.abs(fit.map.eta[0])).toBeLessThan(1e-6);
    expect(Math.abs(fit.map.eta[1])).toBeLessThan(1e-6);
    const prior = [SD_B ** 2, R * SD_B * SD_S, R * SD_B * SD_S, SD_S ** 2];
    fit.map.covariance.forEach((c, k) => expect(c).toBeCloseTo(prior[k], 4));
    const [b, s] = fit.parameters;
    expect(Math.abs(b.mean)).toBeLessThan((4 * SD_B) / Math.sqrt(fit.posterior.sirEss));
    expect(Math.abs(s.sd / SD_S - 1)).toBeLessThan(0.03);
    expect(Math.abs(b.sd / SD_B - 1)).toBeLessThan(0.03);
  });

  it('with dense data the posterior concentrates on the truth', async () => {
    const truth = [1.3, -0.15];
    // 200 measurements from the truth with a fixed, balanced pattern of residuals (±σ).
    const ts = Array.from({ length: 200 }, (_, j) => 0.5 + (j % 100) * 0.4);
    const ys = ts.map((t, j) => B0 + truth[0] + (S0 + truth[1]) * t + (j % 2 ? SIGMA : -SIGMA) * (j % 4 < 2 ? 1 : -1));
    const problem = twinProblem(model, record({ obs: ts.map((t, j) => [t, 'Y', ys[j], '1']) }));
    const fit = await fitTwin(problem, createCpuBackend(), { candidates: 2_000, seed: 5 });
    const [b, s] = fit.parameters;
    const { cov } = exact(ts, ys);
    expect(b.sd).toBeLessThan(SD_B / 5);
    expect(s.sd).toBeLessThan(SD_S / 20);
    expect(Math.abs(b.sd / Math.sqrt(cov[0]) - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.sd / Math.sqrt(cov[3]) - 1)).toBeLessThan(0.05);
    expect(Math.abs(b.mean - truth[0])).toBeLessThan(3 * b.sd);
    expect(Math.abs(s.mean - truth[1])).toBeLessThan(3 * s.sd);
  });
});
