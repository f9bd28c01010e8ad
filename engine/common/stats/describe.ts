/**
 * Descriptive statistics of one per-patient summary: mean, standard deviation, quantiles.
 * Non-finite values (failed patients' NaN) are excluded; callers report how many were used.
 *
 * Quantiles are Hyndman & Fan type 7 (R's default, also numpy's 'linear'): for sorted x_1..x_n,
 * h = (n − 1)p + 1, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋). Source: Hyndman RJ, Fan Y. Sample
 * quantiles in statistical packages. Am Stat 1996;50:361-365.
 */

/** Finite values of `x`, sorted ascending (a new array). */
export function sortedFinite(x: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) out[k++] = x[i];
  return out.sort();
}

/** Type-7 quantile of an ascending array; NaN for an empty array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean and sample standard deviation (n − 1 denominator; NaN when fewer than 2 values). */
export function meanSd(x: ArrayLike<number>): { n: number; mean: number; sd: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  // Welford's update: numerically stable for large populations of similar values.
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return { n, mean: n > 0 ? mean : NaN, sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN };
}

/** n, mean, sd and type-7 quantiles at `probs` of the finite values of `x`. */
export function describe(x: ArrayLike<number>, probs: readonly number[]): { n: number; mean: number; sd: number; quantiles: number[] } {
  const s = sortedFinite(x);
  const { n, mean, sd } = meanSd(s);
  return { n, mean, sd, quantiles: probs.map((p) => quantileSorted(s, p)) };
}
