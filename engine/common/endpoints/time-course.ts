/**
 * Endpoints computed from a sampled time course (t_k, y_k) — e.g. the trajectories a backend returns
 * for the first K patients, or an observed series — with linear interpolation between samples.
 * Backends compute the same quantities exactly on their dense output; these functions are the
 * reference on a grid and serve charts and imported data.
 */

/** Minimum of y over [from, to] (interpolated at the window edges) and the time it occurs. */
export function nadir(t: ArrayLike<number>, y: ArrayLike<number>, from = -Infinity, to = Infinity): { value: number; time: number } {
  checkSeries(t, y);
  let value = Infinity;
  let time = NaN;
  const consider = (tt: number, v: number): void => { if (v < value) { value = v; time = tt; } };
  if (Number.isFinite(from)) consider(from, interpolate(t, y, from));
  for (let k = 0; k < t.length; k++) if (t[k] >= from && t[k] <= to) consider(t[k], y[k]);
  if (Number.isFinite(to)) consider(to, interpolate(t, y, to));
  return Number.isFinite(value) ? { value, time } : { value: NaN, time: NaN };
}

/** Total time y spends strictly below `threshold`, crossings located by linear interpolation. */
export function timeBelow(t: ArrayLike<number>, y: ArrayLike<number>, threshold: number): number {
  checkSeries(t, y);
  let total = 0;
  for (let k = 0; k + 1 < t.length; k++) {
    const a = y[k] - threshold;
    const b = y[k + 1] - threshold;
    const h = t[k + 1] - t[k];
    if (a < 0 && b < 0) total += h;
    else if (a < 0 !== b < 0) {
      // One end below: the below part is the fraction of the segment on the negative side of the root.
      const frac = a < 0 ? a / (a - b) : b / (b - a);
      total += h * frac;
    }
  }
  return total;
}

/** First time y falls strictly below `threshold` (interpolated), NaN if never. */
export function firstTimeBelow(t: ArrayLike<number>, y: ArrayLike<number>, threshold: number): number {
  checkSeries(t, y);
  if (t.length > 0 && y[0] < threshold) return t[0];
  for (let k = 0; k + 1 < t.length; k++) {
    if (y[k] >= threshold && y[k + 1] < threshold) return t[k] + ((t[k + 1] - t[k]) * (y[k] - threshold)) / (y[k] - y[k + 1]);
  }
  return NaN;
}

/** y at time x by linear interpolation (constant beyond the ends). */
export function interpolate(t: ArrayLike<number>, y: ArrayLike<number>, x: number): number {
  const n = t.length;
  if (n === 0) return NaN;
  if (x <= t[0]) return y[0];
  if (x >= t[n - 1]) return y[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= x) lo = mid; else hi = mid;
  }
  const w = (x - t[lo]) / (t[hi] - t[lo]);
  return y[lo] + w * (y[hi] - y[lo]);
}

function checkSeries(t: ArrayLike<number>, y: ArrayLike<number>): void {
  if (t.length !== y.length) throw new RangeError(`time and value arrays differ in length (${t.length} vs ${y.length})`);
  for (let k = 1; k < t.length; k++) {
    if (!(t[k] > t[k - 1])) throw new RangeError(`times must increase strictly (t[${k}] = ${t[k]} after ${t[k - 1]})`);
  }
}
