/**
 * Paired hazard ratio (marginal Cox, Breslow ties, cluster-robust variance) against known answers:
 * - R 4.2.2 survival 3.5-3, `coxph(Surv(t, e) ~ x + cluster(id), ties = "breslow")` on the data below
 *   (values copied from R's output, not computed by this code);
 * - an independent maximisation of the written-out partial likelihood (golden-section search);
 * - a large exponential sample with common random numbers (T_B = T_A/2: marginal HR exactly 2).
 */
import { describe, expect, it } from 'vitest';
import { pairedHazardRatio, survivalUniform } from '../../../../engine/common/endpoints/index.js';

const A = { time: [5, 8, 12, 3, 20, 15, 7, 30, 9, 11, 25, 4], event: [1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1] };
const B = { time: [9, 8, 18, 6, 26, 14, 13, 30, 12, 10, 30, 7], event: [1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1] };

/** Breslow partial log-likelihood of β for arm B (x = 1) vs A, written out directly. */
function partialLogLik(beta: number): number {
  const obs = [...A.time.map((t, i) => ({ t, d: A.event[i], x: 0 })), ...B.time.map((t, i) => ({ t, d: B.event[i], x: 1 }))];
  let l = 0;
  for (const t of new Set(obs.filter((o) => o.d).map((o) => o.t))) {
    const dead = obs.filter((o) => o.d && o.t === t);
    const risk = obs.filter((o) => o.t >= t).reduce((s, o) => s + Math.exp(beta * o.x), 0);
    l += dead.reduce((s, o) => s + beta * o.x, 0) - dead.length * Math.log(risk);
  }
  return l;
}

describe('pairedHazardRatio', () => {
  it('matches R coxph(... + cluster(id), ties = "breslow")', () => {
    const r = pairedHazardRatio(A, B);
    expect(r.logHr).toBeCloseTo(-0.361429153407293, 10);
    expect(r.hr).toBeCloseTo(0.696679951727922, 10);
    expect(r.se).toBeCloseTo(0.462388508942291, 10);
    expect(r.robustSe).toBeCloseTo(0.187563424563162, 10);
    expect(r.lo).toBeCloseTo(Math.exp(-0.361429153407293 - 1.959963984540054 * 0.187563424563162), 10);
    expect([r.n, r.eventsA, r.eventsB]).toEqual([12, 10, 9]);
  });

  it('maximises the partial likelihood written out independently', () => {
    let lo = -3, hi = 3;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let k = 0; k < 200; k++) {
      const a = hi - g * (hi - lo), b = lo + g * (hi - lo);
      if (partialLogLik(a) > partialLogLik(b)) hi = b; else lo = a;
    }
    // Golden-section search locates a smooth maximum to about √ε of β.
    expect(pairedHazardRatio(A, B).logHr).toBeCloseTo((lo + hi) / 2, 6);
  });

  it('recovers HR = 2 from exponential times with common random numbers, with a narrower robust interval', () => {
    const n = 20_000;
    const ta = Float64Array.from({ length: n }, (_, i) => -Math.log(survivalUniform({ lo: 3, hi: 0 }, i, 0)));
    const tb = ta.map((t) => t / 2);
    const cens = (t: Float64Array) => ({ time: t.map((x) => Math.min(x, 2)), event: t.map((x) => (x <= 2 ? 1 : 0)) });
    const r = pairedHazardRatio(cens(ta), cens(tb));
    expect(Math.abs(r.hr - 2)).toBeLessThan(0.03);
    expect(r.robustSe).toBeLessThan(r.se);
  });

  it('is NaN (not estimable) without events in an arm, and skips non-evaluable patients', () => {
    expect(Number.isNaN(pairedHazardRatio({ time: [1, 2], event: [0, 0] }, { time: [1, 2], event: [1, 1] }).hr)).toBe(true);
    const r = pairedHazardRatio({ time: [...A.time, NaN], event: [...A.event, 1] }, { time: [...B.time, 4], event: [...B.event, 1] });
    expect(r.n).toBe(12);
    expect(r.hr).toBeCloseTo(0.696679951727922, 10);
  });
});
