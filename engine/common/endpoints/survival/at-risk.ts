/**
 * The "number at risk" row printed under Kaplan–Meier curves: at each time τ, the subjects whose
 * observed time (event or censoring) is ≥ τ — still followed and event-free just before τ, the
 * convention of R's `summary(survfit(...), times = τ)` and of trial publications.
 */

export interface AtRiskRow {
  time: number;
  atRisk: number;
  /** Cumulative events up to and including τ. */
  events: number;
}

/** At-risk counts at `at` (ascending) for per-subject times (non-finite skipped) and event flags. */
export function atRiskTable(times: ArrayLike<number>, events: ArrayLike<number>, at: readonly number[]): AtRiskRow[] {
  return at.map((tau) => {
    let n = 0;
    let e = 0;
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      if (!Number.isFinite(t)) continue;
      if (t >= tau) n++;
      if (events[i] && t <= tau) e++;
    }
    return { time: tau, atRisk: n, events: e };
  });
}

/** 0, step, 2·step, … up to `end` (inclusive within rounding). */
export function atRiskTimes(end: number, step: number): number[] {
  if (!(step > 0) || !(end >= 0) || !Number.isFinite(end)) throw new RangeError(`at-risk times need step > 0 and a finite end ≥ 0, got ${step}, ${end}`);
  const out: number[] = [];
  for (let k = 0; k * step <= end * (1 + 1e-12); k++) out.push(k * step);
  return out;
}
