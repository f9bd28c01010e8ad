/**
 * One twin session, host-neutral (CLI, desktop and tests call it with their own backend): lower the
 * record against the model (and the scenario, when given), fit (MAP, posterior), check the
 * estimation population, forecast every candidate regimen, and find the dose for a target.
 */
import type { SimBackend } from '../backends/backend.js';
import { InputError } from '../common/errors.js';
import { refsOf, type ModelIR } from '../common/ir.js';
import type { PatientRecord } from '../common/patient-record/record.js';
import type { Scenario } from '../common/scenario/scenario.js';
import { dimEqual, dimMul, DIM } from '../common/units/dimension.js';
import { internalUnit } from '../common/units/quantity.js';
import { checkDomain, type DomainCheck } from './domain.js';
import { findDose, type DoseRecommendation, type DoseTarget } from './dose-finder.js';
import { parseDoseTarget } from './dose-target.js';
import { fitTwin, type FitOptions, type TwinFit } from './fit-twin.js';
import { forecast, type CandidateRegimen, type Forecasts, type ForecastSettings } from './forecast.js';
import { continueCurrentDose, forecastSettings, type ForecastRequest } from './forecast-settings.js';
import { TWIN_MAX_STEPS, twinProblem } from './problem.js';

export interface TwinRequest extends ForecastRequest, FitOptions {
  /** Dose-finder target as typed (dose-target.ts); none = no dose recommendation. */
  target?: string;
  /** Regimen the dose finder scales (name; default the first candidate). */
  targetRegimen?: string;
}

export interface TwinSession {
  fit: TwinFit;
  settings: ForecastSettings;
  forecasts: Forecasts;
  dose?: DoseRecommendation;
  domain: DomainCheck;
  notes: string[];
}

/** Candidate regimens: the scenario's (rules dropped, see forecast.ts), else the current dose continued. */
function candidates(scenario: Scenario | undefined): CandidateRegimen[] | undefined {
  return scenario?.regimens.map((r) => ({ name: r.name, plan: r }));
}

function neededByDoses(scenario: Scenario | undefined): string[] {
  const names = new Set<string>();
  for (const r of scenario?.regimens ?? []) {
    for (const l of r.levels) refsOf(l, names);
    for (const d of r.doses) refsOf(d.duration, names);
  }
  return [...names];
}

export async function runTwin(model: ModelIR, record: PatientRecord, backend: SimBackend, scenario: Scenario | undefined, req: TwinRequest = {}): Promise<TwinSession> {
  const units = new Map(scenario?.population.symbols.map((s) => [s.name, s.unit]));
  const levels = new Map(scenario?.population.symbols.filter((s) => s.levels).map((s) => [s.name, s.levels!]));
  const solver = scenario ? { ...scenario.solver, rtol: Math.min(scenario.solver.rtol, 1e-8), atol: scenario.solver.atol.map((a) => a / 10), maxSteps: Math.min(scenario.solver.maxSteps, TWIN_MAX_STEPS) } : undefined;
  const problem = twinProblem(model, record, { population: scenario?.population.program, units, levels, needed: neededByDoses(scenario), solver });
  if (problem.history.length === 0 && !scenario) {
    throw InputError.at(record.file, 1, 1, 'the record gives no doses and no scenario gives regimens, so there is nothing to forecast', 'add the doses given, or pass --scenario with the candidate regimens');
  }
  let cands = candidates(scenario);
  const settings0 = forecastSettings(problem, cands ?? [], req);
  cands ??= [continueCurrentDose(problem, settings0.cycle, req.cycles ?? 2)];
  const settings = forecastSettings(problem, cands, req);
  // The target is checked before the fit, so a typing slip costs no simulation.
  const target = req.target === undefined ? undefined : parseDoseTarget(req.target, '--target', settings.exposures[0]);
  if (target) checkTarget(model, target, settings);
  const base = cands.find((c) => c.name === req.targetRegimen) ?? cands[0];
  if (req.targetRegimen !== undefined && base.name !== req.targetRegimen) {
    throw InputError.at('--target-regimen', 1, 1, `no candidate regimen is named '${req.targetRegimen}'`, `regimens: ${cands.map((c) => c.name).join('; ')}`);
  }
  const fit = await fitTwin(problem, backend, req);
  const { draws, nDraws } = fit.posterior;
  const forecasts = await forecast(problem, fit.simulator, draws, nDraws, cands, settings, req.signal);
  const dose = target ? await findDose(problem, fit.simulator, draws, nDraws, base, target, settings, req.signal) : undefined;
  return { fit, settings, forecasts, dose, domain: checkDomain(problem), notes: [...problem.notes, ...forecasts.notes] };
}

function checkTarget(model: ModelIR, t: DoseTarget, s: ForecastSettings): void {
  if (t.kind === 'toxicity') {
    if (!s.neutrophils) throw InputError.at('--target', 1, 1, `model ${model.name} has no ANC output (in 10⁹/L), so neutropenia cannot be graded`, 'use an AUC target for a PK model');
    return;
  }
  const out = model.outputs.find((o) => o.name === t.output);
  if (!out) throw InputError.at('--target', 1, 1, `model ${model.name} has no output '${t.output}'`, `outputs: ${model.outputs.filter((o) => !o.name.includes('.')).map((o) => o.name).join(', ')}`);
  const want = dimMul(internalUnit(out.unit, model.timeUnit).dim, DIM.time);
  let got;
  try { got = internalUnit(t.unit, model.timeUnit).dim; } catch { throw InputError.at('--target', 1, 1, `'${t.unit}' is not a unit`, `an AUC of ${t.output} is in ${out.unit}*h or the like`); }
  if (!dimEqual(got, want)) throw InputError.at('--target', 1, 1, `'${t.unit}' is not a unit of an AUC of ${t.output} (${out.unit} × time)`, `e.g. ${out.unit}*h`);
}
