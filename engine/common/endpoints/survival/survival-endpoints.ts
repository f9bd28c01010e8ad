/**
 * Overall survival (and the new-lesion times RECIST needs) for every regimen of a run, from the
 * backends' per-patient summaries and a survival sub-model, computed on the host and therefore
 * identical for every backend and thread count:
 * - per patient: event times drawn with the patient's own survival uniforms (the same draw in every
 *   regimen: paired), administratively censored at `followUpDays`;
 * - per regimen: Kaplan–Meier curve, median with Brookmeyer–Crowley 95% interval, at-risk table;
 * - each regimen against the first: paired hazard ratio (paired-hazard-ratio.ts).
 * Times are reported in days.
 */
import type { RegimenResult } from '../../results.js';
import type { Seed } from '../../rng/index.js';
import { kaplanMeier, kaplanMeierMedian, type KaplanMeierCurve } from '../../stats/index.js';
import { atRiskTable, atRiskTimes, type AtRiskRow } from './at-risk.js';
import { drawPatientEvents } from './draw-events.js';
import { pairedHazardRatio, type PairedHazardRatio } from './paired-hazard-ratio.js';
import { patientInputs } from './survival-inputs.js';
import type { SurvivalSpec } from './survival-spec.js';

/** What the survival computation needs besides the regimens' summaries. */
export interface SurvivalContext {
  spec: SurvivalSpec;
  /** Population covariate columns by name, in the unit the survival file declares (categorical: 0-based level index). */
  covariates: Readonly<Record<string, ArrayLike<number>>>;
  seed: Seed;
  /** Job horizon (model time unit) and days per model time unit. */
  horizon: number;
  modelDays: number;
  /** Administrative censoring (days); Infinity = none. */
  followUpDays: number;
  /** Spacing of the at-risk table (days), default 91.3125 (3 months). */
  atRiskEveryDays?: number;
}

/** A time-to-event endpoint of one regimen, in days. */
export interface TimeToEvent {
  curve: KaplanMeierCurve;
  median: { median: number; lo: number; hi: number };
  atRisk: AtRiskRow[];
  /** Per patient: time (days; NaN = not evaluable) and 1 = event, 0 = censored. */
  time: Float64Array;
  event: Float64Array;
}

export interface SurvivalRegimen {
  name: string;
  os: TimeToEvent;
  /** Per patient: day the first new lesion appears (Infinity: none within follow-up); absent without a new-lesion event. */
  newLesionDay?: Float64Array;
}

export interface SurvivalResult {
  model: string;
  followUpDays: number;
  regimens: SurvivalRegimen[];
  comparisons: { a: string; b: string; os: PairedHazardRatio }[];
}

/** KM, median and at-risk rows of per-patient times/events (days). */
export function timeToEvent(time: Float64Array, event: Float64Array, atRiskEveryDays: number): TimeToEvent {
  const curve = kaplanMeier(time, event);
  let end = 0;
  for (const t of time) if (Number.isFinite(t) && t > end) end = t;
  return { curve, median: kaplanMeierMedian(curve), atRisk: atRiskTable(time, event, atRiskTimes(end, atRiskEveryDays)), time, event };
}

/** Event times of every patient of one regimen: event name → { time (days), event flag }. */
export function regimenEvents(ctx: SurvivalContext, raw: RegimenResult): Record<string, { time: Float64Array; event: Float64Array }> {
  const { spec } = ctx;
  const n = raw.failed.length;
  const out: Record<string, { time: Float64Array; event: Float64Array }> = {};
  for (const ev of spec.events) out[ev.name] = { time: new Float64Array(n), event: new Float64Array(n) };
  const followUp = ctx.followUpDays / spec.days;
  for (let i = 0; i < n; i++) {
    const outcome = drawPatientEvents(spec, patientInputs(spec, raw, ctx.covariates, ctx.horizon, ctx.modelDays, i), ctx.seed, i, followUp);
    for (const ev of spec.events) {
      const o = outcome[ev.name];
      out[ev.name].time[i] = o.time * spec.days;
      out[ev.name].event[i] = Number.isNaN(o.time) ? NaN : o.event ? 1 : 0;
    }
  }
  return out;
}

/** Overall survival of every regimen and the paired hazard ratios against the first. */
export function computeSurvival(ctx: SurvivalContext, raws: RegimenResult[]): SurvivalResult {
  const every = ctx.atRiskEveryDays ?? 91.3125;
  const regimens = raws.map((raw): SurvivalRegimen => {
    const events = regimenEvents(ctx, raw);
    const death = events[ctx.spec.overallSurvival];
    const nl = ctx.spec.newLesions ? events[ctx.spec.newLesions] : undefined;
    return {
      name: raw.name,
      os: timeToEvent(death.time, death.event, every),
      newLesionDay: nl ? Float64Array.from(nl.time, (t, i) => (Number.isNaN(t) ? NaN : nl.event[i] ? t : Infinity)) : undefined,
    };
  });
  const comparisons = regimens.slice(1).map((b) => ({
    a: regimens[0].name, b: b.name,
    os: pairedHazardRatio({ time: regimens[0].os.time, event: regimens[0].os.event }, { time: b.os.time, event: b.os.event }),
  }));
  return { model: ctx.spec.id, followUpDays: ctx.followUpDays, regimens, comparisons };
}
