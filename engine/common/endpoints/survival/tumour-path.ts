/**
 * A patient's tumour size between and after its sampled values, as the hazard terms need it:
 * r(t) = S(t)/S(0) − 1, with S interpolated linearly in log between samples (exact for the
 * exponential growth and first-order kill of the tumour-size models between dose-driven changes) and
 * extrapolated after the last sample along the last segment's log-slope (exact once the drug has
 * washed out and growth is exponential — so the sampled horizon must cover treatment plus washout).
 * A tumour that has vanished (a sample at or numerically below 0, an integrator's overshoot of a size
 * decaying to zero) is read as VANISHED_FRACTION of the baseline, so r → −1 there.
 */

/** Size, as a fraction of baseline, that stands for a vanished tumour in the log interpolation. */
const VANISHED_FRACTION = 1e-9;

export interface TumourSamples {
  /** Ascending times (spec time unit), first = 0 (baseline). */
  times: readonly number[];
  /** Sizes at those times (> 0). */
  values: readonly number[];
}

/** r(t) for a patient; throws RangeError on samples it cannot interpolate. */
export function tumourRatio(samples: TumourSamples): (t: number) => number {
  const { times, values } = samples;
  if (times.length < 2 || times.length !== values.length) throw new RangeError('a tumour time course needs at least two samples, one per time');
  if (times[0] !== 0) throw new RangeError(`the first tumour sample must be at time 0 (baseline), got ${times[0]}`);
  if (!(values[0] > 0 && Number.isFinite(values[0]))) throw new RangeError(`baseline tumour size must be finite and > 0, got ${values[0]}`);
  const floor = VANISHED_FRACTION * values[0];
  const logs = values.map((v, k) => {
    if (!Number.isFinite(v)) throw new RangeError(`tumour size at time ${times[k]} must be finite, got ${v}`);
    if (k > 0 && !(times[k] > times[k - 1])) throw new RangeError('tumour sample times must increase');
    return Math.log(Math.max(v, floor));
  });
  const n = times.length;
  const lastSlope = (logs[n - 1] - logs[n - 2]) / (times[n - 1] - times[n - 2]);
  return (t: number): number => {
    if (t <= 0) return 0;
    if (t >= times[n - 1]) return Math.exp(logs[n - 1] + lastSlope * (t - times[n - 1]) - logs[0]) - 1;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= t) lo = mid; else hi = mid;
    }
    const f = (t - times[lo]) / (times[hi] - times[lo]);
    return Math.exp(logs[lo] + f * (logs[hi] - logs[lo]) - logs[0]) - 1;
  };
}
