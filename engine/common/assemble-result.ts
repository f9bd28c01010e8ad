/**
 * Scenario + backend result → ScenarioResult: per-regimen statistics, paired comparisons of every
 * regimen against the first (the reference arm), per-patient covariates and individual parameters,
 * and provenance. Pure: the host supplies what only it knows (engine version, git commit, timing).
 *
 * Interface rules: identical for every backend — statistics come only from the raw per-patient
 * summaries, so CPU and GPU runs are compared on equal terms.
 */
import { computeEndpoints } from './endpoints/clinical-endpoints.js';
import type { SurvivalContext } from './endpoints/survival/survival-endpoints.js';
import { summaryLabel } from './report/summary-label.js';
import { scenarioSubgroups } from './subgroups/scenario-subgroups.js';
import { toInternal } from './units/index.js';
import type { EnsembleJob } from './job.js';
import type { EnsembleResult } from './results.js';
import type { Provenance, ScenarioResult } from './scenario-result.js';
import type { Scenario } from './scenario/index.js';
import { compareRegimens, summarizeRegimen, type RegimenStatsSpec, type SummaryMeta } from './stats/summarize.js';

export interface HostProvenance {
  engineVersion: string;
  gitCommit?: string;
  startedAt: Date;
  durationMs: number;
  /** Backend selection notes (which backend ran, why others were skipped). */
  notes: string[];
  seed: number;
}

/** Quantile probabilities reported for every per-patient summary. */
const SUMMARY_PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

export function assembleResult(scenario: Scenario, job: EnsembleJob, ens: EnsembleResult, host: HostProvenance): ScenarioResult {
  const spec: RegimenStatsSpec = { summaries: summaryMeta(job), events: scenario.events, probs: SUMMARY_PROBS };
  const regimens = ens.regimens.map((raw, r) => summarizeRegimen(raw, spec, job.regimens[r]?.description));
  const comparisons = ens.regimens.slice(1).map((b) => compareRegimens(ens.regimens[0], b, spec));
  const provenance: Provenance = {
    scenarioSha256: scenario.sha256,
    models: job.model.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    engineVersion: host.engineVersion,
    gitCommit: host.gitCommit,
    backend: ens.backend,
    device: ens.device,
    precision: ens.precision,
    solver: { method: job.solver.method, rtol: job.solver.rtol, atol: job.solver.atol, closedFormLinear: job.solver.closedFormLinear },
    seed: host.seed,
    nPatients: job.nPatients,
    startedAt: host.startedAt.toISOString(),
    durationMs: host.durationMs,
    notes: [...host.notes, ...ens.notes],
  };
  const result: ScenarioResult = {
    scenario: { id: scenario.id, title: scenario.title, question: scenario.question, path: scenario.path },
    model: { name: job.model.name, timeUnit: job.model.timeUnit },
    timeUnit: job.model.timeUnit,
    grid: ens.grid,
    outputs: job.model.outputs.map((o) => ({ name: o.name, unit: o.unit, description: o.description })),
    regimens,
    comparisons,
    patients: patientValues(scenario, job, ens),
    provenance,
    ensemble: ens,
  };
  if (scenario.endpoints) result.endpoints = computeEndpoints(scenario.endpoints, ens.regimens, survivalContext(scenario, job, ens));
  const subgroups = scenarioSubgroups(scenario, result);
  if (subgroups) result.subgroups = subgroups;
  return result;
}

/**
 * What overall survival is computed from: the survival file, the population covariates it reads (the
 * per-patient values the backend returned, in the survival file's units), the job's seed (patient i's
 * survival draws come from the counter RNG) and clock. Nothing else: a result merged from shards
 * gives the same survival.
 */
function survivalContext(scenario: Scenario, job: EnsembleJob, ens: EnsembleResult): SurvivalContext | undefined {
  const sv = scenario.endpoints?.survival;
  if (!sv) return undefined;
  const covariates: Record<string, Float64Array> = {};
  for (const { name, perUnit } of sv.covariates) {
    const col = ens.patients?.[name];
    if (!col) throw new Error(`internal: the backend returned no values of covariate ${name}, which the survival file reads`);
    covariates[name] = col.map((v) => v / perUnit);
  }
  return {
    spec: sv.spec, covariates, seed: job.seed, horizon: job.horizon, modelDays: 1 / toInternal(1, 'd', job.model.timeUnit),
    followUpDays: sv.followUpDays, atRiskEveryDays: sv.atRiskEveryDays,
  };
}

/** User unit of every per-patient summary column (extremum times in the model's time unit). */
function summaryMeta(job: EnsembleJob): SummaryMeta[] {
  const unitOf = new Map(job.model.outputs.map((o) => [o.name, o.unit]));
  const out: SummaryMeta[] = [];
  for (const s of job.summaries) {
    const u = unitOf.get(s.output) ?? '';
    const label = summaryLabel(s, job.model);
    switch (s.kind) {
      case 'max': case 'min':
        out.push({ name: s.name, unit: u, label }, { name: `${s.name}.time`, unit: job.model.timeUnit, label: `Time of ${label}` });
        break;
      case 'auc': out.push({ name: s.name, unit: `${u}*${job.model.timeUnit}`, label }); break;
      case 'time_below': case 'time_above': case 'first_below': case 'first_above': out.push({ name: s.name, unit: job.model.timeUnit, label }); break;
      case 'value_at': out.push({ name: s.name, unit: s.dosing ? dosingUnit(s.dosing, job) : u, label }); break;
    }
  }
  return out;
}

/** Unit of a dose-delivery column: amounts in the dose unit (mg, or µmol for amount doses), counts 1. */
function dosingUnit(stat: string, job: EnsembleJob): string {
  if (stat !== 'delivered' && stat !== 'planned') return '1';
  const target = job.model.doseTargets[job.regimens[0]?.doses[0]?.target ?? 0];
  const state = job.model.states.find((s) => s.name === target?.state);
  return state && /mol/.test(state.unit) ? 'umol' : 'mg';
}

/**
 * Covariates and individual parameters (named `param.<name>`) per patient, in the units the model
 * and scenario files wrote: the values the backend itself simulated (f32 on WebGPU), converted from
 * internal units.
 */
function patientValues(scenario: Scenario, job: EnsembleJob, ens: EnsembleResult): Record<string, Float64Array> {
  const symbols = new Map(scenario.population.symbols.map((s) => [s.name, s]));
  const paramFactor = individualUnitFactors(job);
  const out: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
  for (const [name, values] of Object.entries(ens.patients ?? {})) {
    const factor = name.startsWith('param.') ? paramFactor.get(name.slice(6)) ?? 1 : symbols.get(name)?.factor ?? 1;
    out[name] = values.map((v) => v / factor);
  }
  return out;
}

/**
 * Internal value of one user unit for each individual parameter: individual `X` (or `mod.X`) carries
 * the unit of its typical value `tv.X` (`mod.tv.X`) as written in the model file.
 */
function individualUnitFactors(job: EnsembleJob): Map<string, number> {
  const factors = new Map<string, number>();
  for (const p of job.model.params) {
    const individual = p.name.replace(/(^|\.)tv\./, '$1');
    if (individual === p.name) continue;
    factors.set(individual, toInternal(1, p.unit, job.model.timeUnit));
  }
  return factors;
}
