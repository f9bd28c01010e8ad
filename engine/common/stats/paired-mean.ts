/**
 * Mean of paired differences b_i − a_i with a Student t interval (df = n − 1), over the patients for
 * whom both values are finite. The classical paired t interval; with thousands of virtual patients it
 * is effectively a normal interval, and for small n it keeps the right width.
 */
import { meanSd } from './describe.js';
import { studentTQuantile } from './distributions.js';

export function pairedMeanDifference(a: ArrayLike<number>, b: ArrayLike<number>, conf = 0.95): { meanDiff: number; lo: number; hi: number; n: number } {
  if (a.length !== b.length) throw new RangeError(`paired arrays differ in length (${a.length} vs ${b.length})`);
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = b[i] - a[i];
    if (Number.isFinite(v)) d.push(v);
  }
  const { n, mean, sd } = meanSd(d);
  if (n < 2) return { meanDiff: mean, lo: NaN, hi: NaN, n };
  const half = studentTQuantile(1 - (1 - conf) / 2, n - 1) * (sd / Math.sqrt(n));
  return { meanDiff: mean, lo: mean - half, hi: mean + half, n };
}
