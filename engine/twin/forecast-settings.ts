/**
 * Default forecast settings from the model and the candidates: which outputs are graded (ANC in
 * 10⁹/L), which is the tumour size (TS, SLD), which are concentrations (AUC), when the forecast
 * starts (one cycle after the last dose given, not before the last measurement) and how long it runs.
 * Also the "continue the current dose" candidate used when no scenario gives regimens.
 */
import { ir, type ModelIR } from '../common/ir.js';
import type { RegimenPlan } from '../common/job.js';
import { DIM, dimDiv, dimEqual } from '../common/units/dimension.js';
import { internalUnit } from '../common/units/quantity.js';
import type { CandidateRegimen, ForecastSettings } from './forecast.js';
import type { TwinProblem } from './problem.js';

export interface ForecastRequest {
  /** Start in days since the record's time zero (default: one cycle after the last dose). */
  startDay?: number;
  /** Number of cycles forecast (default 2). */
  cycles?: number;
  /** Cycle length in days when the regimen does not say (default 21). */
  cycleDays?: number;
}

const top = (m: ModelIR) => m.outputs.filter((o) => !o.name.includes('.'));

/** The cycle length of a plan: from its first dose to the first dose of cycle 2. */
export function planCycle(plan: RegimenPlan): number | undefined {
  const first = plan.doses[0];
  const second = plan.doses.find((d) => d.cycle === 2);
  return first && second ? second.time - first.time : undefined;
}

export function forecastSettings(problem: TwinProblem, candidates: CandidateRegimen[], req: ForecastRequest = {}): ForecastSettings {
  const m = problem.model;
  const perDay = internalUnit('d', m.timeUnit).factor;
  const cycle = (candidates.map((c) => planCycle(c.plan)).find((c) => c !== undefined)) ?? (req.cycleDays ?? 21) * perDay;
  const lastDose = Math.max(...problem.history.map((d) => d.time));
  const lastObs = Math.max(...problem.observations.map((o) => o.time));
  const start = req.startDay !== undefined
    ? req.startDay * perDay + problem.lead
    : Math.max(Number.isFinite(lastDose) ? lastDose + cycle : problem.lead, Number.isFinite(lastObs) ? lastObs : 0);
  const anc = internalUnit('1e9/L', m.timeUnit);
  const neutrophils = top(m).find((o) => o.name === 'ANC' && Math.abs(internalUnit(o.unit, m.timeUnit).factor / anc.factor - 1) < 1e-9)?.name;
  const tumour = top(m).find((o) => o.name === 'TS' || o.name === 'SLD')?.name;
  const conc = [dimDiv(DIM.mass, DIM.volume), dimDiv(DIM.amount, DIM.volume)];
  const exposures = top(m).filter((o) => o.name !== neutrophils && o.name !== tumour && conc.some((d) => dimEqual(internalUnit(o.unit, m.timeUnit).dim, d))).map((o) => o.name);
  const cycles = req.cycles ?? 2;
  // Each candidate runs `cycles` of its own cycles; the forecast covers the longest.
  const length = Math.max(cycles * cycle, ...candidates.map((c) => cycles * (planCycle(c.plan) ?? cycle)));
  return { start, length, cycles, cycle, neutrophils, tumour, exposures };
}

/** The last dose given, repeated every `cycle` for `cycles` cycles (the candidate when no scenario gives one). */
export function continueCurrentDose(problem: TwinProblem, cycle: number, cycles: number): CandidateRegimen {
  const last = problem.history[problem.history.length - 1];
  const perDay = internalUnit('d', problem.model.timeUnit).factor;
  return {
    name: `continue: last dose every ${Number((cycle / perDay).toPrecision(4))} d`,
    plan: {
      name: 'continue',
      levels: [ir.num(last.amount)],
      doses: Array.from({ length: cycles }, (_, k) => ({ time: k * cycle, target: last.target, level: 0, duration: ir.num(last.duration), cycle: k + 1 })),
    },
  };
}
