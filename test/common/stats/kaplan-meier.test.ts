import { describe, expect, it } from 'vitest';
import { kaplanMeier, kaplanMeierMedian, survivalAt } from '../../../engine/common/stats/kaplan-meier.js';

// 6-MP arm of the Freireich et al. (1963) remission-maintenance trial, the worked example of Klein &
// Moeschberger, Survival Analysis (2nd ed., 2003), Table 4.1A: weeks in remission, 0 = censored.
const TIMES = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
const EVENT = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];

describe('Kaplan–Meier', () => {
  const km = kaplanMeier(TIMES, EVENT);

  it('reproduces the textbook product-limit table (S and Greenwood SE)', () => {
    expect(km.time).toEqual([6, 7, 10, 13, 16, 22, 23]);
    expect(km.atRisk).toEqual([21, 17, 15, 12, 11, 7, 6]);
    expect(km.events).toEqual([3, 1, 1, 1, 1, 1, 1]);
    const s = [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448];
    const se = [0.076, 0.087, 0.096, 0.107, 0.114, 0.128, 0.135];
    km.survival.forEach((v, i) => expect(v).toBeCloseTo(s[i], 3));
    km.se.forEach((v, i) => expect(v).toBeCloseTo(se[i], 3));
    expect(km.n).toBe(21);
  });

  it('has log–log limits that bracket S', () => {
    km.survival.forEach((v, i) => {
      expect(km.lower[i]).toBeLessThan(v);
      expect(km.upper[i]).toBeGreaterThan(v);
    });
    // Hand computation: S(6) = 18/21, Greenwood sum 3/(21·18); w = 1.96·sqrt(sum)/|log S|.
    const s6 = 18 / 21;
    const w = 1.959963985 * Math.sqrt(3 / (21 * 18)) / Math.abs(Math.log(s6));
    expect(km.lower[0]).toBeCloseTo(s6 ** Math.exp(w), 8);
    expect(km.lower[0]).toBeCloseTo(0.6197, 4);
    expect(km.upper[0]).toBeCloseTo(s6 ** Math.exp(-w), 8);
    expect(km.upper[0]).toBeCloseTo(0.9516, 4);
  });

  it('gives median 23 weeks with Brookmeyer–Crowley limits (13, not estimable)', () => {
    const m = kaplanMeierMedian(km);
    expect(m.median).toBe(23);
    expect(m.lo).toBe(13);
    expect(Number.isNaN(m.hi)).toBe(true);
  });

  it('is a right-continuous step function', () => {
    expect(survivalAt(km, 5.9)).toBe(1);
    expect(survivalAt(km, 6)).toBeCloseTo(18 / 21, 12);
    expect(survivalAt(km, 21.99)).toBeCloseTo(km.survival[4], 12);
  });

  it('reaches zero when the last subject has an event', () => {
    const c = kaplanMeier([1, 2, 3], [1, 1, 1]);
    expect(c.survival).toEqual([2 / 3, 1 / 3, 0]);
    expect(kaplanMeierMedian(c).median).toBe(2);
  });
});
