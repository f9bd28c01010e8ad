import { describe, expect, it } from 'vitest';
import { philox4x32_10 } from '../../../engine/common/rng/philox.js';
import { patientUniforms, splitSeed, uniform } from '../../../engine/common/rng/uniform.js';

describe('per-patient uniforms (docs/KERNEL.md §1)', () => {
  const seed = splitSeed(20261122);

  it('is (word + 0.5) / 2^32 of the Philox block (i, 0, floor(k/4), 0) keyed by the seed halves', () => {
    const w = new Uint32Array(4);
    philox4x32_10(7, 0, 2, 0, seed.lo, seed.hi, w);
    expect(uniform(seed, 7, 9)).toBe((w[1] + 0.5) / 2 ** 32);
  });

  it('splits seeds above 2^32 into halves', () => {
    expect(splitSeed(2 ** 32 + 5)).toEqual({ lo: 5, hi: 1 });
    expect(() => splitSeed(-1)).toThrow();
  });

  it("patient i's draws do not depend on population size, order or batching", () => {
    const draws = 11;
    const forward = Array.from({ length: 50 }, (_, i) => patientUniforms(seed, i, draws));
    const backward = Array.from({ length: 50 }, (_, j) => 49 - j).map((i) => [i, patientUniforms(seed, i, draws)] as const);
    for (const [i, u] of backward) expect([...u]).toEqual([...forward[i]]);
    // A "batch" starting at patient 40 of a larger population, one draw at a time.
    for (let i = 40; i < 50; i++) for (let k = 0; k < draws; k++) expect(uniform(seed, i, k)).toBe(forward[i][k]);
    // Other seeds give other patients.
    expect(uniform(splitSeed(1), 3, 0)).not.toBe(forward[3][0]);
  });

  it('is uniform on (0,1): mean, variance and a lag-1 correlation within sampling error', () => {
    const n = 40000;
    let s = 0, s2 = 0, lag = 0, prev = 0.5, lo = 1, hi = 0;
    for (let i = 0; i < n; i++) {
      const u = uniform(seed, i, i % 8);
      lo = Math.min(lo, u); hi = Math.max(hi, u);
      s += u; s2 += u * u; lag += (u - 0.5) * (prev - 0.5); prev = u;
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    // SE of the mean = sqrt(1/12/n) ≈ 0.00144; 4 SE bounds.
    expect(Math.abs(s / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // Var(u²) = 4/45 → SE of mean(u²) ≈ 0.0015.
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(4 * Math.sqrt(4 / 45 / n));
    // Lag-1 product has SD 1/12 → SE ≈ 0.00042.
    expect(Math.abs(lag / n)).toBeLessThan(4 * (1 / 12) / Math.sqrt(n));
  });
});
