/**
 * Comparisons of one backend's EnsembleResult with the CPU reference's on the same job. Each returns
 * what it measured, so the suite can assert and report maxima.
 */
import type { RegimenResult } from '../../engine/common/results.js';
import type { Tolerance } from './parity-data.js';

export interface ColumnCheck {
  column: string;
  /** Largest |b − c| / |c| over the patients inside the tolerance's absolute floor. */
  maxRel: number;
  /** Patients outside the tolerance. */
  outside: number;
  n: number;
  /** First patient outside, for the failure message. */
  example?: string;
}

/**
 * Compares one summary column patient by patient (NaN must match NaN); `skip(i)` leaves a patient
 * out (an extremum time whose extremum lies below its value's noise floor).
 */
export function compareColumn(column: string, cpu: Float64Array, other: Float64Array, tol: Tolerance, skip?: (i: number) => boolean): ColumnCheck {
  const floor = noiseFloor(cpu, tol);
  let maxRel = 0;
  let outside = 0;
  let example: string | undefined;
  for (let i = 0; i < cpu.length; i++) {
    const c = cpu[i], b = other[i];
    if ((Number.isNaN(c) && Number.isNaN(b)) || skip?.(i)) continue;
    const d = Math.abs(b - c);
    const ok = d <= tol.rel * Math.abs(c) + floor;
    if (ok) {
      if (Math.abs(c) > floor) maxRel = Math.max(maxRel, d / Math.abs(c));
    } else {
      outside++;
      example ??= `patient ${i}: cpu ${c}, other ${b}`;
    }
  }
  return { column, maxRel, outside, n: cpu.length, example };
}

/** The absolute floor of a column under `tol`: values at or below it are round-off. */
export function noiseFloor(cpu: Float64Array, tol: Tolerance): number {
  let scale = 0;
  for (const v of cpu) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  return tol.absScale * scale + tol.abs;
}

export interface EventCheck {
  flips: number;
  rateDiff: number;
}

/** Flags `summary < below` (or `> above`) per patient on both results; counts flips and the rate difference. */
export function compareEvent(cpu: Float64Array, other: Float64Array, below?: number, above?: number): EventCheck {
  const flag = (v: number): boolean => (below !== undefined ? v < below : v > (above as number));
  let flips = 0, rc = 0, ro = 0;
  for (let i = 0; i < cpu.length; i++) {
    const a = flag(cpu[i]), b = flag(other[i]);
    if (a !== b) flips++;
    if (a) rc++;
    if (b) ro++;
  }
  return { flips, rateDiff: Math.abs(rc - ro) / cpu.length };
}

/**
 * Quantile bands: each value must satisfy |b − c| ≤ rel·|c| + abs. Returns the largest fraction of
 * that bound used (≤ 1 passes) and the largest relative deviation where |c| > abs.
 */
export function compareBands(cpu: RegimenResult, other: RegimenResult, rel: number, abs: number): { output: string; used: number; maxRel: number }[] {
  return cpu.quantiles.map((q, k) => {
    const a = q.values, b = other.quantiles[k].values;
    let used = 0, maxRel = 0;
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
      const d = Math.abs(b[i] - a[i]);
      used = Math.max(used, Number.isNaN(d) ? Infinity : d / (rel * Math.abs(a[i]) + abs));
      if (Math.abs(a[i]) > abs) maxRel = Math.max(maxRel, d / Math.abs(a[i]));
    }
    return { output: q.output, used, maxRel };
  });
}
