/**
 * A patient record (engine/common/patient-record) lowered against a model: what the twin
 * estimates from. Covariates become constant population assigns in internal units, doses become
 * planned doses of a "history" regimen, each measurement gets its output, its value in the
 * output's unit and its observation model. Every problem is an InputError at the record item's
 * position; nothing is dropped.
 *
 * Time: job time = record time + `lead`, where `lead` moves the first dose after the earliest
 * measurement, so a baseline sample taken at the first dose is read before it (a sample at the
 * time of a dose is always taken just before the dose: see `sampleTime`).
 */
import { closest, InputError, type Diagnostic } from '../common/errors.js';
import { ir, type Assign, type ModelIR, type ObservationModelIR } from '../common/ir.js';
import type { SolverSpec } from '../common/job.js';
import type { PatientRecord, RecordPos } from '../common/patient-record/record.js';
import { DIM, dimEqual, describeDim } from '../common/units/dimension.js';
import { internalUnit } from '../common/units/quantity.js';
import { patientAssigns, type PatientValueOptions } from './patient-assigns.js';

export interface TwinObservation {
  /** Job time (internal time units, lead included). */
  time: number;
  output: string;
  /** Measured value in the output's user unit (NaN when below the limit of quantification). */
  value: number;
  bql: boolean;
  /** Limit of quantification in the output's user unit (NaN when unknown and not needed). */
  lloq: number;
  model: ObservationModelIR;
  pos: RecordPos;
}

export interface HistoryDose {
  /** Job time (internal units, lead included). */
  time: number;
  target: number;
  /** Internal mass or amount units. */
  amount: number;
  /** Internal time units (0 = bolus). */
  duration: number;
}

export interface TwinProblem {
  model: ModelIR;
  record: PatientRecord;
  /** Population assigns of this patient's covariates (constants or expressions of them), in order. */
  patient: Assign[];
  history: HistoryDose[];
  observations: TwinObservation[];
  /** Indices into model.variability.etas of the estimated random effects (those with a positive variance). */
  estimated: number[];
  /** Prior covariance of the estimated random effects, row-major. */
  omega: number[];
  solver: SolverSpec;
  /** Internal time units added to record times (see the file comment). */
  lead: number;
  /** Internal time units per hour (record times are hours). */
  perHour: number;
  /** Level names of categorical population values (model covariates, then the scenario's), by name. */
  levels: Map<string, string[]>;
  /** Things the user should know that are not errors (unused covariates …). */
  notes: string[];
}

export interface ProblemOptions extends PatientValueOptions {
  solver?: SolverSpec;
}

/**
 * Steps per candidate before it counts as failed (weight 0). Far-tail candidates (a drug effect that
 * drives ANC to 10⁻⁸) can make the solver crawl; on a GPU a whole workgroup waits for its slowest
 * lane, so one such candidate stalls hundreds. Plausible patients need a few thousand steps a cycle.
 */
export const TWIN_MAX_STEPS = 50_000;

/** Integration settings a twin uses when no scenario gives them. */
export function defaultSolver(model: ModelIR): SolverSpec {
  return {
    method: 'dopri5', rtol: 1e-8, atol: model.states.map(() => 1e-10), hmax: 1e9, h0: 0.01, hmin: 1e-12,
    maxSteps: TWIN_MAX_STEPS, closedFormLinear: true,
  };
}

/** Builds the problem; every problem found is reported at once. */
export function twinProblem(model: ModelIR, record: PatientRecord, opts: ProblemOptions = {}): TwinProblem {
  const diags: Diagnostic[] = [];
  const tu = model.timeUnit;
  const perHour = internalUnit('h', tu).factor;
  const levels = new Map<string, string[]>([...(opts.levels ?? [])]);
  for (const c of model.covariates) if (c.levels) levels.set(c.name, c.levels);
  const { assigns, notes } = patientAssigns(model, record, { ...opts, levels }, diags);
  const earliestObs = Math.min(...record.observations.map((o) => o.time));
  const firstDose = Math.min(...record.doses.map((d) => d.time));
  const lead = Number.isFinite(earliestObs) && Number.isFinite(firstDose) && earliestObs <= firstDose ? (firstDose - earliestObs + 1) * perHour : 0;
  const history = lowerDoses(model, record, perHour, lead, diags);
  const observations = lowerObservations(model, record, perHour, lead, diags);
  if (diags.length) throw new InputError(diags);
  if (record.observations.length === 0) notes.push('the record has no measurements: the posterior is the prior');
  const { etas, omega } = model.variability;
  const p = etas.length;
  const estimated = etas.map((_, i) => i).filter((i) => omega[i * p + i] > 0);
  return {
    model, record, patient: assigns, history, observations, estimated,
    omega: estimated.flatMap((i) => estimated.map((j) => omega[i * p + j])),
    solver: opts.solver ?? defaultSolver(model), lead, perHour, levels, notes,
  };
}

function lowerDoses(model: ModelIR, record: PatientRecord, perHour: number, lead: number, diags: Diagnostic[]): HistoryDose[] {
  const out: HistoryDose[] = [];
  const names = model.doseTargets.map((t) => t.name);
  // The composed model's own targets (a module's `pk.iv` is reachable by its full name only).
  const top = names.filter((n) => !n.includes('.'));
  for (const d of record.doses) {
    const at = (message: string, hint?: string) => diags.push({ ...d.pos, message, hint });
    let target = d.target === undefined ? (top.length === 1 ? names.indexOf(top[0]) : -1) : names.indexOf(d.target);
    if (target < 0 && d.target === undefined && d.drug !== undefined) target = names.findIndex((n) => n.toLowerCase() === d.drug!.toLowerCase());
    if (target < 0) {
      const guess = closest(d.target ?? d.drug ?? '', top);
      at(d.target === undefined ? `this dose names no dose target and model ${model.name} has ${top.length || 'no'} targets` : `model ${model.name} has no dose target '${d.target}'`,
        `${guess ? `did you mean '${guess}'? ` : ''}targets: ${top.join(', ') || 'none'}`);
      continue;
    }
    let unit;
    try { unit = internalUnit(d.unit, model.timeUnit, d.pos); } catch (e) { if (e instanceof InputError) { diags.push(...e.diagnostics); continue; } throw e; }
    if (!dimEqual(unit.dim, DIM.mass) && !dimEqual(unit.dim, DIM.amount)) {
      at(`dose unit '${d.unit}' is ${describeDim(unit.dim, model.timeUnit)}, not an amount`, 'give the dose given in mg, ug, g or umol (a mg/m² dose is already multiplied out in the record)');
      continue;
    }
    if (!(d.amount > 0) || !(d.duration >= 0) || !(d.time >= 0)) {
      at(`a dose needs an amount > 0, a duration ≥ 0 and a time at or after time zero (got ${d.amount} ${d.unit} over ${d.duration} h at ${d.time} h)`);
      continue;
    }
    out.push({ time: d.time * perHour + lead, target, amount: d.amount * unit.factor, duration: d.duration * perHour });
  }
  return out.sort((a, b) => a.time - b.time);
}

function lowerObservations(model: ModelIR, record: PatientRecord, perHour: number, lead: number, diags: Diagnostic[]): TwinObservation[] {
  const out: TwinObservation[] = [];
  const outputs = model.outputs.filter((o) => !o.name.includes('.'));
  for (const o of record.observations) {
    const at = (message: string, hint?: string) => diags.push({ ...o.pos, message, hint });
    const output = model.outputs.find((x) => x.name === o.output);
    if (!output) {
      const guess = closest(o.output, outputs.map((x) => x.name));
      at(`model ${model.name} has no output '${o.output}'`, `${guess ? `did you mean '${guess}'? ` : ''}outputs: ${outputs.map((x) => x.name).join(', ')}`);
      continue;
    }
    const om = model.observations?.find((m) => m.output === output.name);
    if (!om) {
      at(`model ${model.name} declares no residual error for output ${output.name}, so its measurements cannot be weighed`, `add observations: ${output.name}: { error: …, … } to the model file (docs/FORMATS.md "Observation models")`);
      continue;
    }
    let unit;
    try { unit = internalUnit(o.unit, model.timeUnit, o.pos); } catch (e) { if (e instanceof InputError) { diags.push(...e.diagnostics); continue; } throw e; }
    const outDim = internalUnit(output.unit, model.timeUnit).dim;
    if (!dimEqual(unit.dim, outDim)) {
      at(`unit '${o.unit}' is ${describeDim(unit.dim, model.timeUnit)}, but ${output.name} is in ${output.unit}`, `give the value in ${output.unit} or a unit of the same kind`);
      continue;
    }
    const toUser = unit.factor * output.scale;
    const lloq = o.lloq !== undefined ? o.lloq * toUser : om.lloq ?? NaN;
    if (o.bql && !(lloq > 0)) {
      at(`a measurement below the limit of quantification needs that limit; model ${model.name} declares none for ${output.name}`, 'give lloq: <limit> with the measurement');
      continue;
    }
    if (!o.bql && !(Number.isFinite(o.value) && (om.error !== 'log_additive' || o.value! > 0))) {
      at(`${output.name} = ${o.value} cannot be weighed by a ${om.error} error${om.error === 'log_additive' ? ' (it needs a value > 0)' : ''}`, 'a value reported as undetectable is a measurement below the limit of quantification: mark it bql with its lloq');
      continue;
    }
    out.push({ time: o.time * perHour + lead, output: output.name, value: o.bql ? NaN : o.value! * toUser, bql: o.bql, lloq, model: om, pos: o.pos });
  }
  return out;
}
