/**
 * Kaplan–Meier product-limit estimator with right censoring, Greenwood standard errors, pointwise
 * log–log ("Kalbfleisch–Prentice") confidence limits, and the median with the Brookmeyer–Crowley
 * interval read off those limits.
 *
 * Sources: Kaplan EL, Meier P. J Am Stat Assoc 1958;53:457-481; Greenwood M. Reports on Public Health
 * and Medical Subjects 33, 1926; Brookmeyer R, Crowley J. Biometrics 1982;38:29-41; Klein JP,
 * Moeschberger ML. Survival Analysis, 2nd ed. (2003), §4.2-4.5 (worked example: 6-MP arm of the
 * Freireich 1963 leukaemia trial, used in the tests).
 */
import { zCritical } from './distributions.js';

export interface KaplanMeierCurve {
  /** Distinct event times (ascending). */
  time: number[];
  /** Subjects at risk just before each time. */
  atRisk: number[];
  /** Events at each time. */
  events: number[];
  /** Censored at exactly that time (they count as at risk at that time, as usual). */
  censored: number[];
  /** S(t) just after each time. */
  survival: number[];
  /** Greenwood standard error of S(t). */
  se: number[];
  /** Pointwise log–log confidence limits of S(t). */
  lower: number[];
  upper: number[];
  /** Number of subjects used (finite times). */
  n: number;
}

/**
 * Kaplan–Meier estimate from per-subject times and event flags (non-zero = event, 0 = censored).
 * Subjects with a non-finite time are skipped. Only times with at least one event get a row; subjects
 * censored at other times simply leave the risk set (they are in no row's `censored`).
 */
export function kaplanMeier(times: ArrayLike<number>, events: ArrayLike<number>, conf = 0.95): KaplanMeierCurve {
  if (times.length !== events.length) throw new RangeError('times and events differ in length');
  const idx: number[] = [];
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i])) idx.push(i);
  idx.sort((i, j) => times[i] - times[j]);
  const z = zCritical(conf);
  const out: KaplanMeierCurve = { time: [], atRisk: [], events: [], censored: [], survival: [], se: [], lower: [], upper: [], n: idx.length };
  let atRisk = idx.length;
  let s = 1;
  let greenwood = 0;
  let k = 0;
  while (k < idx.length) {
    const t = times[idx[k]];
    let d = 0;
    let c = 0;
    while (k < idx.length && times[idx[k]] === t) {
      if (events[idx[k]] !== 0) d++; else c++;
      k++;
    }
    if (d > 0) {
      s *= (atRisk - d) / atRisk;
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : Infinity;
      const se = s * Math.sqrt(greenwood);
      let lo = NaN;
      let hi = NaN;
      if (s > 0 && s < 1 && Number.isFinite(greenwood)) {
        const w = (z * Math.sqrt(greenwood)) / Math.abs(Math.log(s));
        lo = s ** Math.exp(w);
        hi = s ** Math.exp(-w);
      } else if (s === 0) {
        lo = 0; hi = 0;
      }
      out.time.push(t); out.atRisk.push(atRisk); out.events.push(d); out.censored.push(c);
      out.survival.push(s); out.se.push(s === 0 ? 0 : se); out.lower.push(lo); out.upper.push(hi);
    }
    atRisk -= d + c;
  }
  return out;
}

/**
 * Median survival (first time S(t) ≤ 0.5) with the Brookmeyer–Crowley interval: the lower limit is the
 * first time the lower confidence band reaches 0.5, the upper limit the first time the upper band
 * does. NaN where a curve never reaches 0.5 (not estimable, R prints NA).
 */
export function kaplanMeierMedian(curve: KaplanMeierCurve): { median: number; lo: number; hi: number } {
  const first = (arr: number[]): number => {
    for (let i = 0; i < arr.length; i++) if (arr[i] <= 0.5) return curve.time[i];
    return NaN;
  };
  return { median: first(curve.survival), lo: first(curve.lower), hi: first(curve.upper) };
}

/** S(t) of a curve at time t (step function, right-continuous); 1 before the first event. */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let s = 1;
  for (let i = 0; i < curve.time.length && curve.time[i] <= t; i++) s = curve.survival[i];
  return s;
}
