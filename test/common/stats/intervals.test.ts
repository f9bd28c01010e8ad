import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTQuantile } from '../../../engine/common/stats/distributions.js';
import { pairedMeanDifference } from '../../../engine/common/stats/paired-mean.js';
import { pairedProportionDifference } from '../../../engine/common/stats/paired-proportions.js';
import { wilsonInterval } from '../../../engine/common/stats/wilson.js';

describe('quantile functions', () => {
  it('normal quantile matches standard table values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644853627, 9);
    // Tail branch of AS 241 (r > 5): Φ⁻¹(1e-10) = −6.361340902.
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902, 8);
  });
  it('Student t quantile matches t tables', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 6);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281389, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0422725, 6);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.5705818, 6);
  });
});

describe('Wilson score interval', () => {
  // Newcombe RG. Stat Med 1998;17:857-872, Table II, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f to %f', (x, n, lo, hi) => {
    const r = wilsonInterval(x, n);
    expect(r.p).toBeCloseTo(x / n, 12);
    expect(r.lo).toBeCloseTo(lo, 4);
    expect(r.hi).toBeCloseTo(hi, 4);
  });
  it('returns NaN for n = 0 and rejects impossible counts', () => {
    expect(Number.isNaN(wilsonInterval(0, 0).p)).toBe(true);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});

describe('Newcombe paired difference (method 10)', () => {
  // Cavo et al. 2012 complete response before/after consolidation, table [[59, 6], [16, 80]]: Fagerland,
  // Lydersen & Laake, Statistical Analysis of Contingency Tables (2017) ch. 8, as reproduced by the
  // R package contingencytables (tests/testthat/test-ch8.R): estimate −0.0621, 95% CI −0.1186 to −0.0046.
  it('reproduces the Cavo 2012 worked example', () => {
    // Row margin (59 + 6) is "B", column margin (59 + 16) is "A": diff = pB − pA.
    const r = pairedProportionDifference({ both: 59, bOnly: 6, aOnly: 16, neither: 80 });
    expect(r.n).toBe(161);
    expect(r.diff).toBeCloseTo(-0.0621, 4);
    expect(r.lo).toBeCloseTo(-0.1186, 4);
    expect(r.hi).toBeCloseTo(-0.0046, 4);
  });
  it('is antisymmetric when A and B swap', () => {
    const r1 = pairedProportionDifference({ both: 10, aOnly: 7, bOnly: 2, neither: 30 });
    const r2 = pairedProportionDifference({ both: 10, aOnly: 2, bOnly: 7, neither: 30 });
    expect(r2.diff).toBeCloseTo(-r1.diff, 12);
    expect(r2.lo).toBeCloseTo(-r1.hi, 12);
    expect(r2.hi).toBeCloseTo(-r1.lo, 12);
  });
  it('gives a zero-width-free interval containing 0 for identical regimens', () => {
    const r = pairedProportionDifference({ both: 20, aOnly: 0, bOnly: 0, neither: 80 });
    expect(r.diff).toBe(0);
    expect(r.lo).toBeLessThan(0);
    expect(r.hi).toBeGreaterThan(0);
  });
});

describe('paired mean difference', () => {
  it('equals the one-sample t interval of the differences', () => {
    // Differences 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451.
    const a = new Float64Array([10, 10, 10, 10, 10]);
    const b = new Float64Array([11, 12, 13, 14, 15]);
    const r = pairedMeanDifference(a, b);
    const half = 2.7764451 * Math.sqrt(2.5) / Math.sqrt(5);
    expect(r.n).toBe(5);
    expect(r.meanDiff).toBeCloseTo(3, 12);
    expect(r.lo).toBeCloseTo(3 - half, 6);
    expect(r.hi).toBeCloseTo(3 + half, 6);
  });
  it('skips pairs with a non-finite member', () => {
    const r = pairedMeanDifference([1, NaN, 3, 4], [2, 5, NaN, 6]);
    expect(r.n).toBe(2);
    expect(r.meanDiff).toBeCloseTo(1.5, 12);
  });
});
