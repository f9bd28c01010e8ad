/**
 * Survival and response views of a result for the charts and the comparison table, read from what the
 * engine computed (result.endpoints): Kaplan–Meier curves of overall survival and of PFS (progression
 * or death; freedom from progression when the scenario has no survival model) in months, with their
 * at-risk rows; and per-patient best % change over the RECIST assessments with the RECIST best
 * response, so the waterfall uses the same criteria as the endpoints.
 */
import type { BestResponse } from '../endpoints/recist.js';
import type { AtRiskRow } from '../endpoints/survival/at-risk.js';
import { atRiskTable } from '../endpoints/survival/at-risk.js';
import type { ScenarioResult } from '../scenario-result.js';
import type { KaplanMeierCurve } from '../stats/index.js';
import { toInternal } from '../units/index.js';

/** Days per month (a twelfth of a Julian year), as trial reports convert. */
export const DAYS_PER_MONTH = 30.4375;

/** A Kaplan–Meier curve with times in months, its median (months) and numbers at risk. */
export interface SurvivalView {
  regimen: string;
  curve: KaplanMeierCurve;
  median: { median: number; lo: number; hi: number };
  /** At-risk rows at `atRiskMonths` (times in months). */
  atRisk: AtRiskRow[];
  /** Deaths (or progressions) and censored patients. */
  events: number;
  censored: number;
}

function inMonths(curve: KaplanMeierCurve, perDay: number): KaplanMeierCurve {
  return { ...curve, time: curve.time.map((t) => t / perDay / DAYS_PER_MONTH) };
}

function view(regimen: string, time: ArrayLike<number>, event: ArrayLike<number>, curve: KaplanMeierCurve, median: SurvivalView['median'], perDay: number, at: number[]): SurvivalView {
  const months = Float64Array.from(time, (t) => t / perDay / DAYS_PER_MONTH);
  let events = 0, censored = 0;
  for (let i = 0; i < months.length; i++) if (Number.isFinite(months[i])) { if (event[i]) events++; else censored++; }
  const m = (x: number): number => x / perDay / DAYS_PER_MONTH;
  return { regimen, curve: inMonths(curve, perDay), median: { median: m(median.median), lo: m(median.lo), hi: m(median.hi) }, atRisk: atRiskTable(months, event, at), events, censored };
}

/** Every 3 months up to `end` months (at most 13 columns: every 6 months beyond 36). */
export function atRiskMonths(end: number): number[] {
  const step = end > 36 ? 6 : 3;
  const out: number[] = [];
  for (let m = 0; m <= end + 1e-9; m += step) out.push(m);
  return out;
}

/** Overall survival of every regimen (months), or what the scenario must declare. */
export function overallSurvival(r: ScenarioResult, endMonths: number): SurvivalView[] | string {
  const sv = r.endpoints?.survival;
  if (!sv) return 'needs `endpoints: survival` in the scenario (a survival file, e.g. models/survival/struemper2025-os.yaml)';
  const at = atRiskMonths(endMonths);
  return sv.regimens.map((g) => view(g.name, g.os.time, g.os.event, g.os.curve, g.os.median, 1, at));
}

/**
 * PFS (progression or death; months) with a survival model, else freedom from RECIST progression
 * within the horizon; `title` says which.
 */
export function progressionFree(r: ScenarioResult, endMonths: number): { title: string; views: SurvivalView[] } | string {
  const rec = r.endpoints?.recist;
  if (!rec) return 'needs `endpoints: recist` in the scenario (RECIST assessments of the tumour output)';
  const at = atRiskMonths(endMonths);
  if (rec.regimens.every((g) => g.pfs)) {
    return { title: 'Progression-free survival (RECIST 1.1 progression or death)', views: rec.regimens.map((g) => view(g.name, g.pfs!.time, g.pfs!.event, g.pfs!.curve, g.pfs!.median, 1, at)) };
  }
  const perDay = toInternal(1, 'd', r.timeUnit);
  return {
    title: 'Freedom from progression (RECIST 1.1; no deaths modelled)',
    views: rec.regimens.map((g) => view(g.name, g.patientTtp, g.patientProgressed, g.progressionFree, g.ttpMedian, perDay, at)),
  };
}

/** Per-patient best % change of the RECIST measure over the post-baseline assessments, and the best response. */
export interface RecistChange {
  change: Float64Array;
  best: BestResponse[];
}

/**
 * Best % change per patient from the RECIST assessment columns (`recist.k`, k = 0 baseline), on the
 * measure the endpoint used (a volume becomes the diameter of a sphere, so −30%/+20% are the RECIST
 * lines), and the engine's best overall response (confirmation, +5 mm and new lesions included).
 */
export function recistBestChange(r: ScenarioResult, k: number): RecistChange | string {
  const rec = r.endpoints?.recist;
  if (!rec) return 'needs `endpoints: recist` in the scenario (RECIST assessments of the tumour output)';
  const raw = r.regimens[k].raw;
  const cols = rec.times.map((_, j) => raw.summaries[`recist.${j}`]);
  if (cols.some((c) => !c)) return 'the result lacks the RECIST assessment columns (recist.k)';
  const size = (v: number): number => (rec.measure === 'volume' ? Math.cbrt(Math.max(0, v)) : Math.max(0, v));
  const change = new Float64Array(raw.failed.length).fill(NaN);
  for (let i = 0; i < change.length; i++) {
    if (raw.failed[i] !== 0) continue;
    const base = size(cols[0][i]);
    if (!(base > 0)) continue;
    let best = Infinity;
    for (let j = 1; j < cols.length; j++) if (Number.isFinite(cols[j][i])) best = Math.min(best, size(cols[j][i]));
    if (Number.isFinite(best)) change[i] = 100 * (best / base - 1);
  }
  return { change, best: rec.regimens[k].patientBest };
}
