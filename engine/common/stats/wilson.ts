/**
 * Wilson score interval for a binomial proportion.
 *
 * Source: Wilson EB. Probable inference, the law of succession, and statistical inference. J Am Stat
 * Assoc 1927;22:209-212; recommended (method 3, no continuity correction) by Newcombe RG. Two-sided
 * confidence intervals for the single proportion: comparison of seven methods. Stat Med
 * 1998;17:857-872, whose Table II is the reference for the tests.
 */
import type { Rate } from './report-types.js';
import { zCritical } from './distributions.js';

/**
 * Proportion `count / n` with its Wilson score interval at confidence `conf` (default 0.95).
 * With n = 0 the proportion and its limits are NaN (nothing was evaluated).
 */
export function wilsonInterval(count: number, n: number, conf = 0.95): Rate {
  if (!Number.isInteger(count) || !Number.isInteger(n) || count < 0 || n < 0 || count > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= count <= n, got count=${count}, n=${n}`);
  }
  if (n === 0) return { count, n, p: NaN, lo: NaN, hi: NaN };
  const z = zCritical(conf);
  const p = count / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp only the rounding noise at 0 and 1 (the exact limits are 0 when count = 0, 1 when count = n).
  return { count, n, p, lo: count === 0 ? 0 : Math.max(0, centre - half), hi: count === n ? 1 : Math.min(1, centre + half) };
}
