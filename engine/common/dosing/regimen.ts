/**
 * One entry of the scenario's `regimens:` → RegimenPlan (engine/common/job.ts): dose levels, route,
 * target, infusion duration and the planned administrations.
 *
 * Routes: `bolus` (duration 0), `infusion` (`duration: 1 h`, or `rate: 50 mg/h` → duration =
 * amount / rate, computed from the starting level), `oral` (bolus into an oral dose target, whose
 * bioavailability and lag the model defines). Target: `target:` names a model dose target; when
 * omitted, `oral` for oral doses, otherwise the model's only target. Optional `rules:` and `track:`
 * declare protocol rules (./rules.ts).
 */
import { closest } from '../errors.js';
import type { Expr, ModelIR } from '../ir.js';
import type { PlannedDose, RegimenPlan } from '../job.js';
import type { PopulationSymbol } from '../population/build-population.js';
import { div, num } from '../population/expr-build.js';
import { resultNameProblem } from '../expr/names.js';
import { describeDim, DIM, dimDiv, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { buildDoseLevels, DOSE_KEYS } from './dose-levels.js';
import { parseRules } from './rules.js';
import { expandSchedule } from './schedule.js';
import { regimenSchema, ROUTES } from './schema.js';

const REGIMEN_KEYS = regimenSchema.keyof().options;

export interface RegimenContext {
  model: ModelIR;
  symbols: Map<string, PopulationSymbol>;
  /** Horizon in internal time units. */
  horizon: number;
}

function pickTarget(c: YamlNode, route: (typeof ROUTES)[number], model: ModelIR): number {
  const names = model.doseTargets.map((t) => t.name);
  if (names.length === 0) throw c.error(`model ${model.name} has no dose targets`, 'add dosing: to the model file');
  if (c.present) {
    const name = c.str();
    const i = names.indexOf(name);
    if (i < 0) {
      const s = closest(name, names);
      throw c.error(`model ${model.name} has no dose target '${name}'`, s ? `did you mean '${s}'?` : `targets: ${names.join(', ')}`);
    }
    return i;
  }
  if (route === 'oral' && names.includes('oral')) return names.indexOf('oral');
  if (names.length === 1) return 0;
  throw c.error(`model ${model.name} has several dose targets (${names.join(', ')})`, 'choose one with target: …');
}

/** Parses and lowers one regimen. */
export function buildRegimen(c: YamlNode, ctx: RegimenContext): RegimenPlan {
  const { model } = ctx;
  const tu = model.timeUnit;
  const o = c.fields(REGIMEN_KEYS);
  const name = o.name.required('e.g. name: 75 mg/m² q3w').str();
  const problem = resultNameProblem(name);
  if (problem) throw o.name.error(`'${name}' cannot name a regimen: ${problem}`, 'choose another name');
  const d = o.dose.required().fields(DOSE_KEYS);
  const { levels, dims } = buildDoseLevels(d, ctx.symbols, tu);

  const route = d.route.present ? d.route.oneOf(ROUTES) : d.duration.present || d.rate.present ? 'infusion' : 'bolus';
  const target = pickTarget(d.target, route, model);
  const state = model.states.find((s) => s.name === model.doseTargets[target].state);
  const stateUnit = state ? internalUnit(state.unit, tu) : undefined;
  if (stateUnit && !dimEqual(stateUnit.dim, dims)) {
    throw d.target.error(`dose target '${model.doseTargets[target].name}' receives ${state!.unit} (${describeDim(stateUnit.dim, tu)}), this dose is ${describeDim(dims, tu)}`, 'dose in a unit of the target state\'s kind');
  }

  let duration: Expr = num(0);
  if (route === 'infusion') {
    if (d.duration.present === d.rate.present) throw (d.rate.present ? d.rate : d.route).error('an infusion needs exactly one of duration or rate', 'e.g. duration: 1 h, or rate: 50 mg/h');
    if (d.duration.present) {
      const q = d.duration.quantity();
      const u = internalUnit(q.unit, tu, d.duration.unitWhere(q));
      if (!dimEqual(u.dim, DIM.time)) throw d.duration.error(`duration must be a time like '1 h', got '${q.unit}'`);
      if (!(q.value > 0)) throw d.duration.error(`infusion duration must be > 0, got ${q.value}`, 'use route: bolus for an instant dose');
      duration = num(q.value * u.factor);
    } else {
      const q = d.rate.quantity();
      const u = internalUnit(q.unit, tu, d.rate.unitWhere(q));
      const rateDims: Dim = dimDiv(dims, DIM.time);
      if (!dimEqual(u.dim, rateDims)) throw d.rate.error(`rate must be an amount per time like '50 mg/h', got '${q.unit}'`);
      if (!(q.value > 0)) throw d.rate.error(`infusion rate must be > 0, got ${q.value}`);
      duration = div(levels[0], num(q.value * u.factor));
    }
  } else {
    for (const k of ['duration', 'rate'] as const) if (d[k].present) throw d[k].error(`'${k}' applies only to route: infusion`, 'remove it or set route: infusion');
  }

  const times = expandSchedule(o.schedule.required('e.g. schedule: { days: [1], cycle_length: 21 d, cycles: 6 }'), tu, ctx.horizon);
  const doses: PlannedDose[] = times.map((t) => ({ time: t.time, target, level: 0, duration, cycle: t.cycle }));
  const plan: RegimenPlan = { name, levels, doses };
  const rules = parseRules(o.rules, o.track, { model, covariates: new Map([...ctx.symbols].map(([k, v]) => [k, { factor: v.factor, dims: v.dims }])), levels: levels.length });
  if (rules) plan.rules = rules;
  const description = o.description.present ? o.description.str() : o.drug.present ? o.drug.str() : undefined;
  if (description !== undefined) plan.description = description;
  return plan;
}
