/**
 * One drug's `dose:` → its dose levels, model dose target and infusion duration (the part of a
 * regimen that is the same for a single-drug regimen and for each drug of a combination).
 *
 * Routes: `bolus` (duration 0), `infusion` (`duration: 1 h`, or `rate: 50 mg/h` → duration =
 * amount / rate, computed from the starting level), `oral` (bolus into an oral dose target, whose
 * bioavailability and lag the model defines). Target: `target:` names a model dose target; when
 * omitted, `oral` for oral doses, the target named like the drug, otherwise the model's only target.
 */
import { closest } from '../errors.js';
import type { Expr, ModelIR } from '../ir.js';
import type { PopulationSymbol } from '../population/population-symbol.js';
import { div, num } from '../population/expr-build.js';
import { describeDim, DIM, dimDiv, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { buildDoseLevels, DOSE_KEYS } from './dose-levels.js';
import { ROUTES } from './schema.js';

export interface DrugDose {
  /** Level 0 is the starting dose, then the reductions (internal mass/amount units). */
  levels: Expr[];
  /** Index into ModelIR.doseTargets. */
  target: number;
  /** Infusion duration (internal time units); `num` 0 for a bolus. */
  duration: Expr;
}

function pickTarget(c: YamlNode, route: (typeof ROUTES)[number], model: ModelIR, drug: string | undefined): number {
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
  if (drug !== undefined && names.includes(drug)) return names.indexOf(drug);
  throw c.error(`model ${model.name} has several dose targets (${names.join(', ')})`, 'choose one with target: …');
}

function infusionDuration(d: Record<(typeof DOSE_KEYS)[number], YamlNode>, start: Expr, dims: Dim, tu: string): Expr {
  if (d.duration.present === d.rate.present) throw (d.rate.present ? d.rate : d.route).error('an infusion needs exactly one of duration or rate', 'e.g. duration: 1 h, or rate: 50 mg/h');
  if (d.duration.present) {
    const q = d.duration.quantity();
    const u = internalUnit(q.unit, tu, d.duration.unitWhere(q));
    if (!dimEqual(u.dim, DIM.time)) throw d.duration.error(`duration must be a time like '1 h', got '${q.unit}'`);
    if (!(q.value > 0)) throw d.duration.error(`infusion duration must be > 0, got ${q.value}`, 'use route: bolus for an instant dose');
    return num(q.value * u.factor);
  }
  const q = d.rate.quantity();
  const u = internalUnit(q.unit, tu, d.rate.unitWhere(q));
  if (!dimEqual(u.dim, dimDiv(dims, DIM.time))) throw d.rate.error(`rate must be an amount per time like '50 mg/h', got '${q.unit}'`);
  if (!(q.value > 0)) throw d.rate.error(`infusion rate must be > 0, got ${q.value}`);
  return div(start, num(q.value * u.factor));
}

/** Lowers one `dose:`; `drug` (when named) picks the dose target of the same name by default. */
export function buildDrugDose(c: YamlNode, model: ModelIR, symbols: Map<string, PopulationSymbol>, drug?: string): DrugDose {
  const tu = model.timeUnit;
  const d = c.required().fields(DOSE_KEYS);
  const { levels, dims } = buildDoseLevels(d, symbols, tu);
  const route = d.route.present ? d.route.oneOf(ROUTES) : d.duration.present || d.rate.present ? 'infusion' : 'bolus';
  const target = pickTarget(d.target, route, model, drug);
  const state = model.states.find((s) => s.name === model.doseTargets[target].state);
  const stateUnit = state ? internalUnit(state.unit, tu) : undefined;
  if (stateUnit && !dimEqual(stateUnit.dim, dims)) {
    throw d.target.error(`dose target '${model.doseTargets[target].name}' receives ${state!.unit} (${describeDim(stateUnit.dim, tu)}), this dose is ${describeDim(dims, tu)}`, 'dose in a unit of the target state\'s kind');
  }
  if (route !== 'infusion') {
    for (const k of ['duration', 'rate'] as const) if (d[k].present) throw d[k].error(`'${k}' applies only to route: infusion`, 'remove it or set route: infusion');
    return { levels, target, duration: num(0) };
  }
  return { levels, target, duration: infusionDuration(d, levels[0], dims, tu) };
}
