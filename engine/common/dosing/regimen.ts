/**
 * One entry of the scenario's `regimens:` → RegimenPlan (engine/common/job.ts): dose levels, the
 * planned administrations (dose target, level, infusion duration, cycle) and protocol rules.
 *
 * Two forms (docs/FORMATS.md "Regimens"):
 * - a single drug: `drug` (label), `dose`, `schedule`;
 * - a combination: `drugs: [{ drug, dose, schedule }, …]`, each drug with its own dose (./drug-dose.ts)
 *   and schedule (./schedule.ts); the regimen's `schedule:` then holds only what the drugs share
 *   (cycle_length, cycles, start), which each drug's schedule may override.
 *
 * The regimen's cycle (what per-cycle endpoints and rule counters call a cycle) is the common cycle:
 * the regimen's own `cycle_length` when it gives one, else the longest of its drugs' cycle lengths;
 * every drug's cycle must fit it a whole number of times. A dose belongs to cycle
 * floor((t − t₀) / cycle length) + 1 by its planned time, t₀ being the earliest start of a drug
 * written in cycles. Without cycles, every dose is in cycle 1.
 */
import { Problems } from '../errors.js';
import { resultNameProblem } from '../expr/names.js';
import type { ModelIR } from '../ir.js';
import type { PlannedDose, RegimenPlan } from '../job.js';
import type { PopulationSymbol } from '../population/population-symbol.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { buildDrugDose, type DrugDose } from './drug-dose.js';
import { parseRules, type RuleDrug } from './rules.js';
import { expandSchedule, SCHEDULE_KEYS, timeQuantity, type DrugSchedule, type ScheduleFields } from './schedule.js';
import { drugSchema, regimenSchema } from './schema.js';

const REGIMEN_KEYS = regimenSchema.keyof().options;
const DRUG_KEYS = drugSchema.keyof().options;
/** What a combination's own `schedule:` may hold: the cycle its drugs share. */
const SHARED_SCHEDULE_KEYS = ['cycle_length', 'cycles', 'start'] as const;

export interface RegimenContext {
  model: ModelIR;
  symbols: Map<string, PopulationSymbol>;
  /** Horizon in internal time units. */
  horizon: number;
}

interface LoweredDrug extends DrugDose, DrugSchedule {
  name: string;
  node: YamlNode;
}

/** A drug's schedule fields, each from the drug's own schedule or else the regimen's shared one. */
function mergedSchedule(own: YamlNode, shared: YamlNode | undefined): ScheduleFields {
  const out = Object.create(null) as ScheduleFields;
  for (const k of SCHEDULE_KEYS) {
    const mine = own.at(k);
    out[k] = mine.present || !shared || !(SHARED_SCHEDULE_KEYS as readonly string[]).includes(k) ? mine : shared.at(k);
  }
  return out;
}

/** The common cycle: length and start (internal time units), or undefined when no drug has cycles. */
function commonCycle(drugs: LoweredDrug[], shared: YamlNode | undefined, tu: string): { length: number; start: number } | undefined {
  const cyclic = drugs.filter((d) => d.cycleLength !== undefined);
  if (cyclic.length === 0) return undefined;
  const sharedLen = shared?.at('cycle_length');
  const length = sharedLen?.present ? timeQuantity(sharedLen, tu) : Math.max(...cyclic.map((d) => d.cycleLength!));
  const day = internalUnit('day', tu).factor;
  for (const d of cyclic) {
    const k = length / d.cycleLength!;
    if (Math.abs(k - Math.round(k)) > 1e-9 * k || Math.round(k) < 1) {
      throw d.cycleNode!.error(`${d.name}'s cycle of ${+(d.cycleLength! / day).toPrecision(6)} d does not fit the regimen's cycle of ${+(length / day).toPrecision(6)} d a whole number of times`,
        'give the regimen a common cycle_length that is a multiple of every drug\'s cycle (e.g. 28 d for 7 d and 14 d cycles)');
    }
  }
  return { length, start: Math.min(...cyclic.map((d) => d.start)) };
}

/** One drug's dose and schedule, each checked on its own so that both report their problems. */
function lowerDrug(node: YamlNode, dose: YamlNode, schedule: ScheduleFields, where: YamlNode, name: string, ctx: RegimenContext, problems: Problems): LoweredDrug | undefined {
  const drugDose = problems.guard(() => buildDrugDose(dose, ctx.model, ctx.symbols, name || undefined));
  const times = problems.guard(() => expandSchedule(schedule, where, ctx.model.timeUnit, ctx.horizon));
  return drugDose && times ? { ...drugDose, ...times, name, node } : undefined;
}

/** The drugs of either form. */
function lowerDrugs(o: Record<(typeof REGIMEN_KEYS)[number], YamlNode>, c: YamlNode, ctx: RegimenContext): { drugs: LoweredDrug[]; combination: boolean } {
  if (!o.drugs.present) {
    const schedule = o.schedule.required('e.g. schedule: { days: [1], cycle_length: 21 d, cycles: 6 }');
    const label = o.drug.present ? o.drug.str() : '';
    const problems = new Problems();
    const drug = lowerDrug(c, o.dose.required('e.g. dose: { amount: 75, unit: mg/m^2 }, or drugs: [...] for a combination'), mergedSchedule(schedule, undefined), schedule, label, ctx, problems);
    problems.throwIfAny();
    return { drugs: [drug!], combination: false };
  }
  for (const k of ['dose', 'drug'] as const) if (o[k].present) throw o[k].error(`'${k}' belongs to each drug of drugs:`, `move it into the drug's entry under drugs:`);
  if (o.schedule.present) {
    for (const [k, v] of o.schedule.entries()) {
      if (!(SHARED_SCHEDULE_KEYS as readonly string[]).includes(k)) throw v.error(`a combination's schedule holds only the common cycle (${SHARED_SCHEDULE_KEYS.join(', ')}); '${k}' belongs to each drug's schedule`, "move it into the drug's schedule under drugs:");
    }
  }
  const items = o.drugs.items();
  if (items.length === 0) throw o.drugs.error('needs at least one drug', 'e.g. drugs: [{ drug: carboplatin, dose: {…}, schedule: { days: [1] } }]');
  const shared = o.schedule.present ? o.schedule : undefined;
  const problems = new Problems();
  const drugs = items.flatMap((it) => {
    const d = problems.guard(() => {
      const f = it.fields(DRUG_KEYS);
      const own = f.schedule.required('e.g. schedule: { days: [1, 8] }');
      return lowerDrug(it, f.dose, mergedSchedule(own, shared), own, f.drug.required('e.g. drug: gemcitabine').str(), ctx, problems);
    });
    return d ? [d] : [];
  });
  problems.throwIfAny();
  // Rules tell drugs apart by their dose target, so different drugs need different targets.
  drugs.forEach((d, i) => {
    const other = drugs.slice(0, i).find((e) => e.target === d.target && e.name !== d.name);
    if (other) throw d.node.at('dose').error(`${d.name} and ${other.name} both go into dose target '${ctx.model.doseTargets[d.target].name}'`, 'give each drug its own dose target (target: …)');
  });
  return { drugs, combination: true };
}

/** Parses and lowers one regimen. */
export function buildRegimen(c: YamlNode, ctx: RegimenContext): RegimenPlan {
  const { model } = ctx;
  const o = c.fields(REGIMEN_KEYS);
  const name = o.name.required('e.g. name: 75 mg/m² q3w').str();
  const problem = resultNameProblem(name);
  if (problem) throw o.name.error(`'${name}' cannot name a regimen: ${problem}`, 'choose another name');
  const { drugs, combination } = lowerDrugs(o, c, ctx);
  const cycle = commonCycle(drugs, combination ? o.schedule : undefined, model.timeUnit);
  const cycleOf = (t: number): number => (cycle ? Math.max(1, Math.floor((t - cycle.start) / cycle.length + 1e-9) + 1) : 1);

  const levels = drugs.flatMap((d) => d.levels);
  const ruleDrugs: RuleDrug[] = drugs.map((d) => ({ name: d.name, target: d.target, levels: d.levels.length }));
  const rules = parseRules(o.rules, o.track, {
    model, covariates: new Map([...ctx.symbols].map(([k, v]) => [k, { factor: v.factor, dims: v.dims }])), levels: levels.length,
    drugs: combination ? ruleDrugs : undefined,
  });
  // In a combination, a drug that no reduce rule names keeps its starting level.
  const reduced = new Set((rules?.rules ?? []).flatMap((r) => (r.action === 'reduce' ? r.targets ?? [] : [])));
  const doses: PlannedDose[] = [];
  let first = 0;
  for (const d of drugs) {
    for (const time of d.times) {
      const dose: PlannedDose = { time, target: d.target, level: first, duration: d.duration, cycle: cycleOf(time) };
      if (combination) dose.lastLevel = reduced.has(d.target) ? first + d.levels.length - 1 : first;
      doses.push(dose);
    }
    first += d.levels.length;
  }
  // Stable: doses at the same time keep the drugs' order (the kernel gives them in plan order).
  doses.sort((a, b) => a.time - b.time);
  const plan: RegimenPlan = { name, levels, doses };
  if (rules) plan.rules = rules;
  const description = o.description.present ? o.description.str() : combination ? drugs.map((d) => d.name).join(' + ') : o.drug.present ? o.drug.str() : undefined;
  if (description !== undefined) plan.description = description;
  return plan;
}
