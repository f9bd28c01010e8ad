import { describe, expect, it } from 'vitest';
import { erf, pnorm, qnorm } from '../../../engine/common/rng/normal.js';

describe('normal distribution functions', () => {
  // Reference values: R 4.x qnorm/pnorm (same AS 241 / Cody algorithms), 17 significant digits.
  it('qnorm(0.975) = 1.959963984540054', () => {
    expect(qnorm(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(qnorm(0.5)).toBe(0);
    expect(qnorm(0.025)).toBeCloseTo(-1.959963984540054, 14);
  });

  it('qnorm covers all three AS 241 regions', () => {
    expect(qnorm(0.9)).toBeCloseTo(1.2815515655446004, 14); // central
    expect(qnorm(1e-5)).toBeCloseTo(-4.264890793922825, 13); // r ≤ 5
    expect(qnorm(1e-20) / -9.262340089798408).toBeCloseTo(1, 14); // r > 5
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(qnorm(1.5)).toBeNaN();
  });

  it('pnorm matches known values and inverts qnorm', () => {
    expect(pnorm(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(pnorm(0)).toBe(0.5);
    expect(pnorm(-10) / 7.619853024160527e-24).toBeCloseTo(1, 12); // R: pnorm(-10)
    expect(pnorm(1)).toBeCloseTo(0.8413447460685429, 15);
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(pnorm(qnorm(p)) / p).toBeCloseTo(1, 12);
  });

  it('erf matches known values, also near 0', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15); // Abramowitz & Stegun table 7.1
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 15);
    expect(erf(1e-10) / (2e-10 / Math.sqrt(Math.PI))).toBeCloseTo(1, 14);
  });
});
