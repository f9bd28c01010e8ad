/**
 * RECIST over a population: per-patient best response and time to progression from per-patient
 * summaries (`value_at` at each assessment time), and the volume-based variant for tumour-weight
 * models (Simeoni).
 *
 * Volume variant: for a sphere V ∝ d³, so the diameter thresholds map to volume thresholds
 * PR: V ≤ 0.7³·V_baseline (a 65.7% decrease), PD: V ≥ 1.2³·V_nadir (a 72.8% increase)
 * (research/models.md §6; tabulated as "≥66% decrease / ≥73% increase" in the AJNR response-criteria
 * table, R45). Weights are converted to the diameter of a sphere of that volume (density 1 g/cm³), so
 * the 5 mm absolute PD rule applies to that diameter; it can be switched off with `pdAbsolute: 0`.
 */
import { recistEvaluate, type BestResponse, type RecistOptions } from './recist.js';

/** Fractional volume decrease equivalent to a 30% diameter decrease: 1 − 0.7³. */
export const VOLUME_PR_DECREASE = 1 - 0.7 ** 3;
/** Fractional volume increase equivalent to a 20% diameter increase: 1.2³ − 1. */
export const VOLUME_PD_INCREASE = 1.2 ** 3 - 1;

/** Diameter (mm) of a sphere of the given weight (g) at density 1 g/cm³: d = (6V/π)^(1/3). */
export function sphereDiameterMm(weightG: number): number {
  return 10 * Math.cbrt((6 * weightG) / Math.PI);
}

export interface PopulationRecist {
  best: BestResponse[];
  /** Time from the first assessment to PD, or to the last assessment if censored; NaN if not evaluable. */
  ttp: Float64Array;
  /** 1 = progressed (event), 0 = censored, NaN = not evaluable. */
  progressed: Float64Array;
}

/**
 * Evaluates every patient. `sums[k][i]` is patient i's sum of diameters at `times[k]` (times[0] is
 * baseline). A patient with any non-finite value (a failed integration) gets best 'NE' and NaN times.
 * `newLesionTimes[i]` (optional, same time unit; Infinity = none) makes patient i's first assessment
 * at or after it PD.
 */
export function recistForPatients(times: readonly number[], sums: readonly ArrayLike<number>[], options: RecistOptions = {},
  newLesionTimes?: ArrayLike<number>): PopulationRecist {
  if (times.length !== sums.length) throw new RangeError(`${times.length} assessment times but ${sums.length} value columns`);
  const n = sums.length > 0 ? sums[0].length : 0;
  const best: BestResponse[] = [];
  const ttp = new Float64Array(n);
  const progressed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const series = times.map((time, k) => ({ time, sum: sums[k][i] }));
    if (series.some((a) => !Number.isFinite(a.sum))) {
      best.push('NE'); ttp[i] = NaN; progressed[i] = NaN;
      continue;
    }
    const nl = newLesionTimes?.[i];
    if (nl !== undefined && Number.isNaN(nl)) {
      best.push('NE'); ttp[i] = NaN; progressed[i] = NaN;
      continue;
    }
    const r = recistEvaluate(series, nl === undefined ? options : { ...options, newLesionTime: nl });
    best.push(r.best);
    ttp[i] = r.progression.time;
    progressed[i] = r.progression.event ? 1 : 0;
  }
  return { best, ttp, progressed };
}

/**
 * Volume-based RECIST for tumour weights (g): converts each weight to its sphere diameter in mm and
 * applies the diameter rules, which is exactly the −65.7% / +72.8% volume criteria.
 */
export function recistForWeights(times: readonly number[], weights: readonly ArrayLike<number>[], options: RecistOptions = {}): PopulationRecist {
  const diam = weights.map((col) => Float64Array.from(col, (w) => (Number.isFinite(w) && w >= 0 ? sphereDiameterMm(w) : NaN)));
  return recistForPatients(times, diam, options);
}

/** Counts of each best response and the objective response (CR + PR) count, over evaluable patients. */
export function responseCounts(best: readonly BestResponse[]): { CR: number; PR: number; SD: number; PD: number; NE: number; objective: number; evaluable: number } {
  const c = { CR: 0, PR: 0, SD: 0, PD: 0, NE: 0 };
  for (const b of best) c[b]++;
  return { ...c, objective: c.CR + c.PR, evaluable: best.length - c.NE };
}
