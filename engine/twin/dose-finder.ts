/**
 * The dose finder: the starting dose of a candidate regimen (its level scaled by s) that meets a
 * stated target for this patient, with its uncertainty, from the posterior draws.
 *
 * - toxicity (P(grade ≥3 or 4 neutropenia) in forecast cycle k ≤ a maximum): P(s) is simulated on a
 *   grid of scales in one ensemble job, refined between the two scales that bracket the maximum in a
 *   second; the recommendation is the largest scale meeting it. Its uncertainty: the scales where the
 *   95% Monte-Carlo interval of P crosses the maximum.
 * - AUC (a target, or a window) of a concentration output over one cycle: each draw's AUC at s = 1
 *   gives the scale that would hit the target for that draw (AUC ∝ dose for linear PK); the median
 *   is recommended and the draws' 90% interval is the dose's uncertainty. The recommended dose is
 *   then simulated (which also checks linearity: with saturable PK one secant step corrects it).
 */
import type { Rate } from '../common/stats/report-types.js';
import { wilsonInterval } from '../common/stats/wilson.js';
import { quantiles7 } from '../common/quantiles.js';
import { internalUnit } from '../common/units/quantity.js';
import { forecast, startingDose, type CandidateRegimen, type ForecastSettings, type Interval } from './forecast.js';
import { planCycle } from './forecast-settings.js';
import type { TwinProblem } from './problem.js';
import type { TwinSimulator } from './simulator.js';

export type DoseTarget =
  | { kind: 'toxicity'; grade: 3 | 4; maxProbability: number; cycle?: number }
  | { kind: 'auc'; output: string; target: number; unit: string }
  | { kind: 'auc_window'; output: string; low: number; high: number; unit: string };

export interface DosePoint { scale: number; dose: number; value: number; lo: number; hi: number }

export interface DoseRecommendation {
  target: DoseTarget;
  regimen: string;
  /** Recommended scale of the regimen's starting dose, and that dose (internal amount units: mg or µmol). */
  scale: number;
  dose: number;
  /** Uncertainty of the recommended dose (same units). */
  doseInterval: Interval;
  /** What the recommended dose achieves: P(grade) for toxicity, the AUC for AUC targets, P(in window) for windows. */
  achieved: { probability?: Rate; auc?: Interval };
  curve: DosePoint[];
  met: boolean;
  notes: string[];
}

const GRID = [0.25, 0.4, 0.55, 0.7, 0.85, 1, 1.15, 1.3, 1.5];

export async function findDose(problem: TwinProblem, sim: TwinSimulator, draws: Float64Array, n: number, base: CandidateRegimen, target: DoseTarget, s: ForecastSettings, signal?: AbortSignal): Promise<DoseRecommendation> {
  return target.kind === 'toxicity'
    ? toxicityDose(problem, sim, draws, n, base, target, s, signal)
    : aucDose(problem, sim, draws, n, base, target, s, signal);
}

async function toxicityDose(problem: TwinProblem, sim: TwinSimulator, draws: Float64Array, n: number, base: CandidateRegimen, target: Extract<DoseTarget, { kind: 'toxicity' }>, s: ForecastSettings, signal?: AbortSignal): Promise<DoseRecommendation> {
  if (!s.neutrophils) throw new Error('findDose: the model has no ANC output to grade');
  const cycle = target.cycle ?? 1;
  const settings = { ...s, cycles: cycle, length: cycle * (planCycle(base.plan) ?? s.cycle) };
  const evaluate = async (scales: number[]): Promise<DosePoint[]> => {
    const f = await forecast(problem, sim, draws, n, scales.map((k) => ({ ...base, name: `${base.name} ×${k}`, scale: k })), settings, signal);
    return f.regimens.map((r) => {
      const c = r.cycles.find((x) => x.cycle === cycle);
      if (!c) throw new Error(`findDose: regimen ${base.name} has no cycle ${cycle} in the forecast`);
      const rate = target.grade === 4 ? c.grade4 : c.grade3;
      return { scale: r.scale, dose: r.dose, value: rate.p, lo: rate.lo, hi: rate.hi };
    });
  };
  let curve = await evaluate(GRID);
  const ok = (p: DosePoint) => p.value <= target.maxProbability;
  const k = curve.findIndex((p) => !ok(p));
  if (k > 0) {
    const a = curve[k - 1].scale, b = curve[k].scale;
    curve = [...curve, ...(await evaluate([1, 2, 3, 4, 5].map((j) => a + ((b - a) * j) / 6)))].sort((x, y) => x.scale - y.scale);
  }
  const notes: string[] = [];
  const best = [...curve].reverse().find(ok);
  if (!best) notes.push(`even ${GRID[0] * 100}% of the starting dose gives P(grade ≥${target.grade}) above ${target.maxProbability}`);
  else if (best.scale === GRID[GRID.length - 1]) notes.push(`the target is met at every dose tried, up to ${best.scale * 100}% of the starting dose`);
  const pick = best ?? curve[0];
  const lowest = [...curve].reverse().find((p) => p.hi <= target.maxProbability) ?? curve[0];
  const highest = [...curve].reverse().find((p) => p.lo <= target.maxProbability) ?? curve[0];
  const rate = wilsonInterval(Math.round(pick.value * n), n);
  return {
    target, regimen: base.name, scale: pick.scale, dose: pick.dose,
    doseInterval: { median: pick.dose, lo: lowest.dose, hi: highest.dose },
    achieved: { probability: rate }, curve, met: !!best, notes,
  };
}

async function aucDose(problem: TwinProblem, sim: TwinSimulator, draws: Float64Array, n: number, base: CandidateRegimen, target: Exclude<DoseTarget, { kind: 'toxicity' }>, s: ForecastSettings, signal?: AbortSignal): Promise<DoseRecommendation> {
  const tu = problem.model.timeUnit;
  const out = problem.model.outputs.find((o) => o.name === target.output);
  if (!out) throw new Error(`findDose: no output ${target.output}`);
  const settings: ForecastSettings = { ...s, cycles: 1, length: planCycle(base.plan) ?? s.cycle, exposures: [target.output] };
  const toSummary = internalUnit(target.unit, tu).factor / internalUnit(`${out.unit}*${tu}`, tu).factor;
  const aucAt = async (scale: number) => (await forecast(problem, sim, draws, n, [{ ...base, scale }], settings, signal)).regimens[0].exposures[0].values;
  const unit = await aucAt(1);
  const dose1 = startingDose(problem, base);
  let scale: number;
  let perDraw: number[];
  if (target.kind === 'auc') {
    perDraw = Array.from(unit, (a) => (target.target * toSummary) / a);
    scale = quantiles7(perDraw, [0.5])[0];
  } else {
    const lo = target.low * toSummary, hi = target.high * toSummary;
    perDraw = Array.from(unit, (a) => Math.sqrt(lo * hi) / a);
    // The scale that puts the most draws inside the window (AUC ∝ dose), scanned finely.
    const med = quantiles7(perDraw, [0.5])[0];
    let bestP = -1;
    scale = med;
    for (let j = 0; j <= 400; j++) {
      const sc = med * (0.5 + j / 400);
      const p = unit.reduce((c, a) => c + (a * sc >= lo && a * sc <= hi ? 1 : 0), 0);
      if (p > bestP) { bestP = p; scale = sc; }
    }
  }
  const notes: string[] = [];
  let achieved = await aucAt(scale);
  const med = quantiles7(Array.from(achieved), [0.5])[0];
  const aim = target.kind === 'auc' ? target.target * toSummary : Math.sqrt(target.low * target.high) * toSummary;
  if (target.kind === 'auc' && Math.abs(med / aim - 1) > 0.01) {
    // Not proportional to dose (saturable PK): one secant step through (0, 0) and (scale, med).
    scale *= aim / med;
    achieved = await aucAt(scale);
    notes.push('exposure is not proportional to dose for this model: the dose was corrected by one secant step');
  }
  const [qlo, qmed, qhi] = quantiles7(perDraw, [0.05, 0.5, 0.95]);
  const inWindow = target.kind === 'auc_window'
    ? wilsonInterval(Array.from(achieved).filter((a) => a >= target.low * toSummary && a <= target.high * toSummary).length, achieved.length)
    : undefined;
  const [alo, amed, ahi] = quantiles7(Array.from(achieved, (a) => a / toSummary), [0.05, 0.5, 0.95]);
  return {
    target, regimen: base.name, scale, dose: dose1 * scale,
    doseInterval: { median: dose1 * qmed, lo: dose1 * qlo, hi: dose1 * qhi },
    achieved: { auc: { median: amed, lo: alo, hi: ahi }, ...(inWindow ? { probability: inWindow } : {}) },
    curve: [], met: target.kind === 'auc' ? Math.abs(amed / target.target - 1) < 0.02 : (inWindow?.p ?? 0) >= 0.5, notes,
  };
}
