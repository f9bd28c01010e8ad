/**
 * Exact sample quantiles, type 7 (Hyndman & Fan 1996; R's default): for sorted x of length n,
 * h = (n − 1)p, Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). NaN values (failed patients) are
 * excluded; with no values left every quantile is NaN.
 */

/** Type-7 quantiles of `values` (any order; NaN ignored) at each probability of `probs`. */
export function quantiles7(values: ArrayLike<number>, probs: readonly number[]): number[] {
  const xs = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) xs[n++] = values[i];
  const s = xs.subarray(0, n).sort();
  return probs.map((p) => sortedQuantile7(s, p));
}

/** Type-7 quantile of an ascending array without NaN. */
export function sortedQuantile7(s: ArrayLike<number>, p: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p, lo = Math.floor(h);
  if (lo >= n - 1) return s[n - 1];
  return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
}
