/**
 * Ensemble jobs for the twin: every "virtual patient" of a job is this patient with one candidate
 * set of random effects, given as one row of the population table (`table.eta.<name>` refs, as
 * patient tables set random effects: docs/FORMATS.md "Patient tables"). Candidate jobs of one fit
 * differ only in the table's numbers, so a compile-once backend reuses one compiled kernel.
 */
import { ir, type Assign } from '../common/ir.js';
import type { EnsembleJob, PlannedDose, RegimenPlan, SummarySpec } from '../common/job.js';
import type { TwinProblem } from './problem.js';

/** Table column of model eta `pk.eta.CL`: `eta.pk.CL` (the patient-table name). */
export function etaColumn(eta: string): string {
  return `eta.${eta.replace(/(^|\.)eta\.([^.]+)$/, '$1$2')}`;
}

/** Summary name of observation j. */
export const obsSummary = (j: number): string => `obs.${j}`;

/** Levels and doses of the patient's own history, as the first part of a regimen. */
export function historyPlan(problem: TwinProblem, firstLevel: number): { levels: RegimenPlan['levels']; doses: PlannedDose[] } {
  return {
    levels: problem.history.map((d) => ir.num(d.amount)),
    doses: problem.history.map((d, k) => ({ time: d.time, target: d.target, level: firstLevel + k, duration: ir.num(d.duration), cycle: 1 })),
  };
}

/** The history alone: what the measurements were taken under. */
export function historyRegimen(problem: TwinProblem): RegimenPlan {
  const h = historyPlan(problem, 0);
  return { name: 'history', levels: h.levels, doses: h.doses };
}

/** Observation times a little before a dose given at the same time (a sample is drawn before the dose). */
export function sampleTime(problem: TwinProblem, t: number): number {
  const atDose = problem.history.some((d) => d.time === t);
  return atDose ? Math.max(0, t - 1e-6 * problem.perHour) : t;
}

export interface CandidateJobSpec {
  regimens: RegimenPlan[];
  summaries: SummarySpec[];
  horizon: number;
  grid?: Float64Array;
  quantiles?: number[];
}

/**
 * A job whose patient i has random effects `etas[i·p … i·p+p−1]` (p = problem.estimated.length,
 * in the order of problem.estimated); random effects that are not estimated stay 0.
 */
export function candidateJob(problem: TwinProblem, etas: Float64Array, n: number, spec: CandidateJobSpec): EnsembleJob {
  const all = problem.model.variability.etas;
  const p = problem.estimated.length;
  const columns = problem.estimated.map((i) => etaColumn(all[i]));
  const data = new Float64Array(p * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) data[k * n + i] = etas[i * p + k];
  const etaAssigns: Assign[] = all.map((name, i) => {
    const k = problem.estimated.indexOf(i);
    return { name, expr: k < 0 ? ir.num(0) : ir.ref(`table.${columns[k]}`) };
  });
  return {
    model: problem.model,
    population: { draws: 0, assigns: [...problem.patient, ...etaAssigns], table: { columns, rows: n, data }, report: [] },
    regimens: spec.regimens,
    grid: spec.grid ?? new Float64Array([0]),
    horizon: spec.horizon,
    solver: { ...problem.solver, hmax: Math.min(problem.solver.hmax, spec.horizon) },
    summaries: spec.summaries,
    quantiles: spec.quantiles ?? [],
    nPatients: n,
    seed: { lo: 0, hi: 0 },
    trajectories: 0,
  };
}

/** The job that predicts every measurement of the record for n candidates. */
export function observationJob(problem: TwinProblem, etas: Float64Array, n: number): EnsembleJob {
  const last = Math.max(0, ...problem.observations.map((o) => o.time), ...problem.history.map((d) => d.time + d.duration));
  const summaries: SummarySpec[] = problem.observations.map((o, j) => ({ kind: 'value_at', name: obsSummary(j), output: o.output, time: sampleTime(problem, o.time) }));
  return candidateJob(problem, etas, n, { regimens: [historyRegimen(problem)], summaries, horizon: last + problem.perHour });
}
