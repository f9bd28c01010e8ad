/**
 * Weibull cumulative hazard and event-time inversion against closed forms:
 * - constant η: H(t) = e^η·(λt)^α, T(E) = (E·e^(−η))^(1/α)/λ, for shapes below, at and above 1;
 * - a log-linear hazard (α = 1, η = c·t): H(t) = λ·(e^(ct) − 1)/c (the integral of a Gompertz hazard);
 * - a step in η at T₀ (α = 2): H(t) = (λt)² before T₀, (λT₀)² + e^γ·((λt)² − (λT₀)²) after;
 * and a Monte Carlo check that drawn times follow S(t) = exp(−H(t)).
 */
import { describe, expect, it } from 'vitest';
import { constantPath, survivalUniform, weibullCumulativeHazard, weibullEventTime, type LinearPredictorPath } from '../../../../engine/common/endpoints/index.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('Weibull hazard with a constant linear predictor', () => {
  it.each([0.7, 1, 2.004])('H(t) = e^η·(λt)^α and its inverse (α = %s)', (shape) => {
    const lambda = 0.001183, eta = 0.4;
    for (const t of [1, 30, 365, 1500]) {
      expect(rel(weibullCumulativeHazard(lambda, shape, constantPath(eta), t), Math.exp(eta) * (lambda * t) ** shape)).toBeLessThan(1e-13);
    }
    for (const e of [1e-4, 0.3, 2.5]) {
      expect(rel(weibullEventTime(lambda, shape, constantPath(eta), e, Infinity), (e * Math.exp(-eta)) ** (1 / shape) / lambda)).toBeLessThan(1e-12);
    }
  });

  it('returns Infinity when the hazard does not reach the target before the cap', () => {
    expect(weibullEventTime(0.001, 2, constantPath(0), 10, 100)).toBe(Infinity);
  });

  it('rejects non-positive scale, shape or target', () => {
    expect(() => weibullCumulativeHazard(0, 2, constantPath(0), 1)).toThrow(RangeError);
    expect(() => weibullEventTime(0.1, -1, constantPath(0), 1, 10)).toThrow(RangeError);
    expect(() => weibullEventTime(0.1, 1, constantPath(0), 0, 10)).toThrow(RangeError);
  });
});

describe('Weibull hazard with a time-varying linear predictor', () => {
  it('η = c·t with α = 1 integrates to λ·(e^(ct) − 1)/c', () => {
    const lambda = 0.01, c = 0.004;
    const path: LinearPredictorPath = { eta: (t) => c * t, breaks: [], constantAfter: Infinity, tailStep: 30 };
    for (const t of [10, 100, 400, 1000]) {
      expect(rel(weibullCumulativeHazard(lambda, 1, path, t), (lambda * (Math.exp(c * t) - 1)) / c)).toBeLessThan(1e-12);
    }
    for (const e of [0.05, 1, 4]) {
      const t = weibullEventTime(lambda, 1, path, e, 1e5);
      expect(rel(t, Math.log(1 + (c * e) / lambda) / c)).toBeLessThan(1e-10);
    }
  });

  it('a step γ at T₀ (α = 2): closed form before and after the step', () => {
    const lambda = 0.002, g = 1.23, t0 = 200;
    const path: LinearPredictorPath = { eta: (t) => (t >= t0 ? g : 0), breaks: [t0], constantAfter: t0, tailStep: 1 };
    const H = (t: number) => (t < t0 ? (lambda * t) ** 2 : (lambda * t0) ** 2 + Math.exp(g) * ((lambda * t) ** 2 - (lambda * t0) ** 2));
    for (const t of [50, 199, 200, 300, 1000]) expect(rel(weibullCumulativeHazard(lambda, 2, path, t), H(t))).toBeLessThan(1e-12);
    for (const e of [0.01, 0.16, 0.5, 3]) {
      const t = weibullEventTime(lambda, 2, path, e, Infinity);
      expect(rel(H(t), e)).toBeLessThan(1e-11);
    }
  });

  it('drawn event times follow S(t) = exp(−H(t)) (Kolmogorov distance < 0.015 over 20,000 draws)', () => {
    const lambda = 0.0049, shape = 2.67;
    const path: LinearPredictorPath = { eta: (t) => 0.5 * Math.sin(t / 40), breaks: [], constantAfter: Infinity, tailStep: 14 };
    const n = 20_000;
    const times = Array.from({ length: n }, (_, i) => weibullEventTime(lambda, shape, path, -Math.log(survivalUniform({ lo: 7, hi: 0 }, i, 0)), 1e5)).sort((a, b) => a - b);
    let d = 0;
    times.forEach((t, k) => {
      const f = 1 - Math.exp(-weibullCumulativeHazard(lambda, shape, path, t));
      d = Math.max(d, Math.abs(f - k / n), Math.abs(f - (k + 1) / n));
    });
    expect(d).toBeLessThan(0.015);
  });
});
