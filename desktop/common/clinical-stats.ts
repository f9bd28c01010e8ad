/**
 * Small, exact statistics the results screen needs beyond what the engine reports: Wilson
 * intervals, paired differences on the same virtual patients, and Kaplan–Meier with Greenwood
 * variance. Pure functions over plain arrays (shared by the renderer, the report and tests).
 */

/** 97.5% standard normal quantile, for two-sided 95% intervals. */
export const Z95 = 1.959963984540054;

export interface Interval {
  est: number;
  lo: number;
  hi: number;
  n: number;
}

/** Wilson score interval for `count` of `n` (Wilson 1927; Agresti & Coull 1998). */
export function wilson(count: number, n: number): Interval {
  if (n === 0) return { est: NaN, lo: NaN, hi: NaN, n };
  const p = count / n;
  const z2 = Z95 * Z95;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return { est: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), n };
}

/**
 * Difference of paired proportions P(b) − P(a) with a Wald interval using the paired variance
 * (discordant pairs only; Agresti & Min 2005, eq. 2). `a`/`b` are per-patient 0/1 flags, NaN = missing.
 */
export function pairedProportionDiff(a: ArrayLike<number>, b: ArrayLike<number>): Interval {
  let n = 0;
  let onlyB = 0;
  let onlyA = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    n++;
    if (b[i] && !a[i]) onlyB++;
    else if (a[i] && !b[i]) onlyA++;
  }
  if (n === 0) return { est: NaN, lo: NaN, hi: NaN, n };
  const d = (onlyB - onlyA) / n;
  const se = Math.sqrt(Math.max(0, onlyB + onlyA - ((onlyB - onlyA) ** 2) / n)) / n;
  return { est: d, lo: Math.max(-1, d - Z95 * se), hi: Math.min(1, d + Z95 * se), n };
}

/** Mean of paired differences b − a over patients where both are finite, with a normal 95% interval. */
export function pairedMeanDiff(a: ArrayLike<number>, b: ArrayLike<number>): Interval {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < a.length; i++) {
    const d = b[i] - a[i];
    if (!Number.isFinite(d)) continue;
    n++;
    s += d;
    s2 += d * d;
  }
  if (n < 2) return { est: n ? s : NaN, lo: NaN, hi: NaN, n };
  const mean = s / n;
  const sd = Math.sqrt(Math.max(0, (s2 - n * mean * mean) / (n - 1)));
  const half = (Z95 * sd) / Math.sqrt(n);
  return { est: mean, lo: mean - half, hi: mean + half, n };
}

/** Mean of the finite values with a normal 95% interval. */
export function meanInterval(x: ArrayLike<number>): Interval {
  const zeros = new Float64Array(x.length);
  return pairedMeanDiff(zeros, x);
}

export interface KaplanMeier {
  /** Step times (event times), starting at 0. */
  times: number[];
  /** Survival just after each time. */
  surv: number[];
  /** Pointwise 95% interval (log-log transform, Greenwood variance). */
  lo: number[];
  hi: number[];
  /** Number at risk at the given `atRiskTimes`. */
  atRisk: { time: number; n: number }[];
  median: Interval;
}

/**
 * Kaplan–Meier product-limit estimate. `time[i]` is the event or censoring time, `event[i]` 1 for an
 * event (progression), 0 for censored; non-finite times are excluded (failed patients). The median's
 * interval follows Brookmeyer & Crowley (1982) on the log-log pointwise band.
 */
export function kaplanMeier(time: ArrayLike<number>, event: ArrayLike<number>, atRiskTimes: number[]): KaplanMeier {
  const idx: number[] = [];
  for (let i = 0; i < time.length; i++) if (Number.isFinite(time[i])) idx.push(i);
  idx.sort((p, q) => time[p] - time[q] || event[q] - event[p]);
  const n = idx.length;
  const times = [0];
  const surv = [1];
  const lo = [1];
  const hi = [1];
  let s = 1;
  let gw = 0; // Greenwood sum Σ d / (r (r − d))
  let k = 0;
  while (k < n) {
    const t = time[idx[k]];
    let d = 0;
    let c = 0;
    while (k + d + c < n && time[idx[k + d + c]] === t) {
      if (event[idx[k + d + c]]) d++;
      else c++;
    }
    const r = n - k;
    if (d > 0) {
      s *= 1 - d / r;
      gw += r > d ? d / (r * (r - d)) : Infinity;
      times.push(t);
      surv.push(s);
      if (s > 0 && s < 1 && Number.isFinite(gw)) {
        const se = Math.sqrt(gw) / Math.abs(Math.log(s));
        lo.push(s ** Math.exp(Z95 * se));
        hi.push(s ** Math.exp(-Z95 * se));
      } else {
        lo.push(s);
        hi.push(s);
      }
    }
    k += d + c;
  }
  const firstBelow = (arr: number[]): number => {
    for (let i = 0; i < arr.length; i++) if (arr[i] <= 0.5) return times[i];
    return NaN;
  };
  const atRisk = atRiskTimes.map((t) => {
    let m = 0;
    for (const i of idx) if (time[i] >= t) m++;
    return { time: t, n: m };
  });
  return {
    times,
    surv,
    lo,
    hi,
    atRisk,
    median: { est: firstBelow(surv), lo: firstBelow(lo), hi: firstBelow(hi), n },
  };
}

/** Quantile by linear interpolation (type 7) of the finite values of `x`. */
export function quantile(x: ArrayLike<number>, p: number): number {
  const v: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) v.push(x[i]);
  if (!v.length) return NaN;
  v.sort((a, b) => a - b);
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  return v[lo] + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]) - v[lo]);
}
