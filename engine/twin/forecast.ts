/**
 * Forecasts for this patient: each candidate regimen, appended to the doses already given, run on
 * the posterior draws (one virtual patient per draw, all regimens in one ensemble job). Per regimen:
 * credible bands of every output over time (quantiles across draws of the true value), the ANC
 * nadir and P(grade ≥3) / P(grade 4) neutropenia (CTCAE v5: ANC < 1.0 / < 0.5 ×10⁹/L) in each
 * forecast cycle, the tumour size at the end with its change from the forecast start, and the
 * exposure (AUC) of each concentration output over the forecast.
 *
 * Protocol rules of scenario regimens are not applied: they would also act on the doses already
 * given, which are facts. Each regimen is forecast as planned.
 */
import { evalAssigns, evalExpr } from '../common/ir-eval.js';
import { ir, type Expr } from '../common/ir.js';
import type { RegimenPlan, SummarySpec } from '../common/job.js';
import { quantiles7 } from '../common/quantiles.js';
import type { QuantileBand } from '../common/results.js';
import { wilsonInterval } from '../common/stats/wilson.js';
import type { Rate } from '../common/stats/report-types.js';
import { internalUnit } from '../common/units/quantity.js';
import { DIM, dimEqual } from '../common/units/dimension.js';
import type { TwinProblem } from './problem.js';
import type { TwinSimulator } from './simulator.js';
import { candidateJob, historyPlan } from './twin-job.js';

/** A candidate regimen: dose times relative to its own start (internal time units), as scenarios plan them. */
export interface CandidateRegimen {
  name: string;
  plan: RegimenPlan;
  /** Multiplies the starting dose level (dose finder); default 1. */
  scale?: number;
}

export interface ForecastSettings {
  /** Forecast start (internal job time, lead included). */
  start: number;
  /** Forecast length (internal time units): the longest of `cycles` cycles of any candidate. */
  length: number;
  /** Cycles forecast; each regimen's per-cycle windows follow its own schedule. */
  cycles: number;
  /** Cycle length of a candidate without cycles (continued dose), and of the dose finder's one-cycle exposure window. */
  cycle: number;
  /** Output whose per-cycle minimum is graded (an ANC output in 1e9/L), if the model has one. */
  neutrophils?: string;
  /** Tumour-size output, if the model has one. */
  tumour?: string;
  /** Concentration outputs whose AUC over the forecast is reported. */
  exposures: string[];
}

export interface Interval { median: number; lo: number; hi: number }

export interface CycleRisk {
  cycle: number;
  /** Window in days since the record's time zero. */
  fromDay: number;
  toDay: number;
  nadir: Interval;
  grade3: Rate;
  grade4: Rate;
}

export interface RegimenForecast {
  name: string;
  scale: number;
  /** Starting dose of the regimen for this patient, in `doseUnit` (mg, or µmol for amount-dosed targets). */
  dose: number;
  doseUnit: string;
  bands: QuantileBand[];
  cycles: CycleRisk[];
  /**
   * Tumour size over the forecast; `shrink30` / `grow20`: P(a ≥ 30% decrease / ≥ 20% increase from
   * the forecast start) — RECIST's partial-response and progression sizes measured from the start
   * (RECIST measures progression from the nadir; a sum of diameters is assumed, as for SLD and TS).
   */
  tumour?: { output: string; atStart: Interval; atEnd: Interval; changePercent: Interval; shrink30: Rate; grow20: Rate };
  exposures: { output: string; unit: string; auc: Interval; values: Float64Array }[];
  failed: number;
}

export interface Forecasts {
  /** Grid in days since the record's time zero. */
  days: number[];
  regimens: RegimenForecast[];
  notes: string[];
}

export const BAND_PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

/** The candidate's plan after the history: history levels first, the regimen's starting level (scaled) after. */
export function withHistory(problem: TwinProblem, c: CandidateRegimen, start: number): RegimenPlan {
  const level0: Expr = c.scale === undefined || c.scale === 1 ? c.plan.levels[0] : ir.op('*', ir.num(c.scale), c.plan.levels[0]);
  const h = historyPlan(problem, 1);
  return {
    name: c.name,
    levels: [level0, ...h.levels],
    // History doses are cycle 1; the candidate's cycle k is cycle k + 1, so per-cycle windows follow each schedule.
    doses: [...h.doses, ...c.plan.doses.map((d) => ({ ...d, time: d.time + start, level: 0, cycle: d.cycle + 1 }))],
  };
}

/** The internal unit of doses into a candidate's first target: mg (mass) or umol (amount of substance). */
export function doseUnit(problem: TwinProblem, c: CandidateRegimen): string {
  const target = problem.model.doseTargets[c.plan.doses[0]?.target ?? 0];
  const state = problem.model.states.find((x) => x.name === target?.state);
  return state && dimEqual(internalUnit(state.unit, problem.model.timeUnit).dim, DIM.amount) ? 'umol' : 'mg';
}

/** The starting dose of a candidate for this patient, in internal amount units. */
export function startingDose(problem: TwinProblem, c: CandidateRegimen): number {
  const env = evalAssigns(problem.patient, new Map());
  return (c.scale ?? 1) * evalExpr(c.plan.levels[0], (n) => env.get(n) ?? NaN);
}

function interval(values: ArrayLike<number>): Interval {
  const v = Array.from(values).filter(Number.isFinite);
  const [lo, median, hi] = quantiles7(v, [0.05, 0.5, 0.95]);
  return { median, lo, hi };
}

function forecastSummaries(s: ForecastSettings): SummarySpec[] {
  const summaries: SummarySpec[] = [];
  if (s.neutrophils) {
    for (let k = 1; k <= s.cycles; k++) summaries.push({ kind: 'min', name: `nadir.${k}`, output: s.neutrophils, cycle: k + 1 });
  }
  if (s.tumour) {
    summaries.push({ kind: 'value_at', name: 'tumour.start', output: s.tumour, time: s.start });
    summaries.push({ kind: 'value_at', name: 'tumour.end', output: s.tumour, time: s.start + s.length });
  }
  for (const o of s.exposures) summaries.push({ kind: 'auc', name: `auc.${o}`, output: o, from: s.start, to: s.start + s.length });
  return summaries;
}

/** Window of a plan's cycle k (its first dose to the next cycle's first dose, or the horizon), in job time. */
function cycleWindow(plan: RegimenPlan, k: number, start: number, horizon: number): [number, number] {
  const first = (c: number) => plan.doses.find((d) => d.cycle === c);
  const from = first(k)?.time;
  const to = first(k + 1)?.time;
  return [from === undefined ? NaN : from + start, to === undefined ? horizon : Math.min(horizon, to + start)];
}

export async function forecast(problem: TwinProblem, sim: TwinSimulator, draws: Float64Array, nDraws: number, candidates: CandidateRegimen[], s: ForecastSettings, signal?: AbortSignal): Promise<Forecasts> {
  const tu = problem.model.timeUnit;
  const perDay = internalUnit('d', tu).factor;
  const horizon = s.start + s.length;
  const points = Math.min(400, Math.max(50, Math.round(horizon / perDay) * 4));
  const grid = Float64Array.from({ length: points + 1 }, (_, i) => (i * horizon) / points);
  const summaries = forecastSummaries(s);
  const regimens = candidates.map((c) => withHistory(problem, c, s.start));
  const job = candidateJob(problem, draws, nDraws, { regimens, summaries, horizon, grid, quantiles: BAND_PROBS });
  const res = await sim.run(job, signal);
  const day = (t: number): number => (t - problem.lead) / perDay;
  const out: RegimenForecast[] = res.regimens.map((r, k) => {
    const ok = (i: number) => r.failed[i] === 0;
    const col = (name: string) => Array.from(r.summaries[name] ?? []).filter((_, i) => ok(i));
    const cycleRisks: CycleRisk[] = [];
    if (s.neutrophils) {
      for (let c = 1; c <= s.cycles; c++) {
        const nadir = col(`nadir.${c}`).filter(Number.isFinite);
        const [from, to] = cycleWindow(candidates[k].plan, c, s.start, horizon);
        if (!nadir.length) continue;
        cycleRisks.push({
          cycle: c, fromDay: day(from), toDay: day(to),
          nadir: interval(nadir),
          grade3: wilsonInterval(nadir.filter((v) => v < 1.0).length, nadir.length),
          grade4: wilsonInterval(nadir.filter((v) => v < 0.5).length, nadir.length),
        });
      }
    }
    let tumour: RegimenForecast['tumour'];
    if (s.tumour) {
      const a = col('tumour.start'), b = col('tumour.end');
      const change = b.map((v, i) => (100 * (v - a[i])) / a[i]).filter(Number.isFinite);
      tumour = {
        output: s.tumour, atStart: interval(a), atEnd: interval(b), changePercent: interval(change),
        shrink30: wilsonInterval(change.filter((c) => c <= -30).length, change.length),
        grow20: wilsonInterval(change.filter((c) => c >= 20).length, change.length),
      };
    }
    const exposures = s.exposures.map((o) => {
      const v = Float64Array.from(col(`auc.${o}`));
      const unit = `${problem.model.outputs.find((x) => x.name === o)?.unit ?? '1'}*${tu}`;
      return { output: o, unit, auc: interval(v), values: v };
    });
    return {
      name: r.name, scale: candidates[k].scale ?? 1, dose: startingDose(problem, candidates[k]), doseUnit: doseUnit(problem, candidates[k]),
      bands: r.quantiles, cycles: cycleRisks, tumour, exposures, failed: r.failed.reduce((a, f) => a + (f ? 1 : 0), 0),
    };
  });
  const notes = candidates.some((c) => c.plan.rules) ? ['protocol rules of the scenario regimens are not applied in twin forecasts (they would act on the doses already given); each regimen is forecast as planned'] : [];
  return { days: Array.from(grid, day), regimens: out, notes };
}
