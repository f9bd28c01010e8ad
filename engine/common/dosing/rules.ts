/**
 * A regimen's `rules:` and `track:` → RegimenRules (engine/common/job.ts), the protocol rules the
 * kernel decides at each planned dose (docs/FORMATS.md "Protocol rules", docs/KERNEL.md §7).
 *
 * Conditions are mathjs expressions over: outputs at the decision time (user units), the counters
 * `delays` (this patient's delays so far), `delayed` (delays of the dose being decided), `reductions`
 * (dose levels stepped down so far), `cycle` and `dose` (1-based number of the planned dose), the
 * regimen's trackers (time below/above a threshold in the current cycle) and the patient's covariates
 * in the scenario's units. `after: delay` is shorthand for `delayed > 0`.
 */
import { closest } from '../errors.js';
import { parseExpression } from '../expr/parse-expression.js';
import { substitute } from '../expr/simplify.js';
import { ir, type Expr, type ModelIR } from '../ir.js';
import { RULE_COUNTERS, type DoseRule, type EnsembleJob, type RegimenRules, type RuleTracker } from '../job.js';
import { DimensionMismatch, exprDim } from '../expr/dims.js';
import { symbolNameProblem } from '../expr/names.js';
import type { ExprScope } from '../expr/parse-expression.js';
import { hasUnitLiteral } from '../expr/unit-literals.js';
import { describeDim, DIM, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { RULE_ACTIONS, ruleSchema, trackerSchema } from './schema.js';

const RULE_KEYS = ruleSchema.keyof().options;
const TRACK_KEYS = trackerSchema.keyof().options;

/** A drug of a combination regimen, as rules name it. */
export interface RuleDrug {
  name: string;
  /** Its dose target (index into ModelIR.doseTargets): how the kernel tells its doses apart. */
  target: number;
  /** Its number of dose levels (1 + reductions). */
  levels: number;
}

export interface RuleContext {
  model: ModelIR;
  /** Covariates (and derived covariates): internal value of one user unit, and dimension. */
  covariates: Map<string, { factor: number; dims: Dim }>;
  /** Number of dose levels of the regimen (1 + reductions). */
  levels: number;
  /** The drugs of a combination regimen (absent for a single-drug regimen). */
  drugs?: RuleDrug[];
}

/**
 * A combination's `drugs:` of one rule → the drugs it acts on. Delays and discontinuation act on the
 * whole regimen (the cycle is held or stopped for every drug), so they take `all`. A reduce rule
 * names the drugs it steps down; all reduce rules share the regimen's one reduction counter, so
 * they name the same drugs, and those drugs have the same number of reduced levels.
 */
function ruleDrugs(c: YamlNode, action: (typeof RULE_ACTIONS)[number], drugs: RuleDrug[]): RuleDrug[] {
  const names = [...new Set(drugs.map((d) => d.name))];
  const example = `e.g. drugs: [${names[names.length - 1]}] or drugs: all`;
  if (!c.present) throw c.error(`this regimen gives several drugs (${names.join(', ')}): say which this rule acts on`, example);
  if (c.value === 'all') return drugs;
  const picked = c.items().map((it) => {
    const n = it.str();
    if (!names.includes(n)) {
      const s = closest(n, names);
      throw it.error(`this regimen has no drug '${n}'`, s ? `did you mean '${s}'?` : `drugs: ${names.join(', ')}`);
    }
    return n;
  });
  const set = drugs.filter((d) => picked.includes(d.name));
  if (action !== 'reduce' && set.length < drugs.length) {
    throw c.error(`a ${action} acts on every drug of the regimen (the cycle is ${action === 'delay' ? 'held' : 'stopped'} for all of them)`, 'write drugs: all; to step one drug down use action: reduce with its name');
  }
  return set;
}

function parseTrackers(c: YamlNode, model: ModelIR): RuleTracker[] {
  if (!c.present) return [];
  const outputs = model.outputs.map((o) => o.name);
  return c.entries().map(([name, v]) => {
    const problem = symbolNameProblem(name, RULE_COUNTERS);
    if (problem) throw v.error(`'${name}' cannot name a tracker: ${problem}`, 'e.g. grade4_days');
    const o = v.fields(TRACK_KEYS);
    const output = o.output.required('e.g. output: ANC').str();
    if (!outputs.includes(output)) {
      const s = closest(output, outputs);
      throw o.output.error(`model ${model.name} has no output '${output}'`, s ? `did you mean '${s}'?` : `outputs: ${outputs.join(', ')}`);
    }
    if (o.below.present === o.above.present) throw v.error('a tracker needs exactly one of below or above', 'e.g. { output: ANC, below: 0.5, unit: d }');
    const unit = o.unit.present ? o.unit.unit() : 'd';
    const u = internalUnit(unit, model.timeUnit, o.unit.present ? o.unit.where() : v.pos());
    if (!dimEqual(u.dim, DIM.time)) throw o.unit.error(`'${unit}' is not a time unit (${describeDim(u.dim, model.timeUnit)})`, 'e.g. unit: d');
    return o.below.present
      ? { name, output, kind: 'below', threshold: o.below.num(), unitFactor: u.factor }
      : { name, output, kind: 'above', threshold: o.above.num(), unitFactor: u.factor };
  });
}

/**
 * A `when:` condition as the kernel evaluates it. Without units, values are read in the units the
 * files wrote (outputs in their unit, covariates in the scenario's, trackers in theirs) and plain
 * numbers are in those units. With numbers written with units (`C > 100 ng/mL`), every value is
 * converted to internal units and the condition's dimensions must agree.
 */
function lowerCondition(c: YamlNode, scope: ExprScope, ctx: RuleContext, trackers: RuleTracker[]): Expr {
  const { model } = ctx;
  const parsed = parseExpression(c.str(), c.where(), { ...scope, unitLiterals: { timeUnit: model.timeUnit } });
  const covariate = (ref: string) => ctx.covariates.get(ref.slice(4))!;
  if (!hasUnitLiteral(parsed)) {
    return substitute(parsed, (n) => (n.startsWith('cov:') ? ir.op('/', ir.ref(n.slice(4)), ir.num(covariate(n).factor)) : undefined));
  }
  const output = (ref: string) => model.outputs.find((x) => x.name === ref.slice(4))!;
  const tracker = (ref: string) => trackers.find((x) => x.name === ref.slice(6))!;
  const dimOf = (ref: string): Dim => {
    if (ref.startsWith('out:')) return internalUnit(output(ref).unit, model.timeUnit).dim;
    if (ref.startsWith('cov:')) return covariate(ref).dims;
    return ref.startsWith('track:') ? DIM.time : DIM.none;
  };
  try {
    exprDim(parsed, dimOf, model.timeUnit);
  } catch (e) {
    if (!(e instanceof DimensionMismatch)) throw e;
    throw c.error(`${e.message}`, 'with numbers written with units, write every value that has a unit with it (e.g. Cp > 100 ng/mL and WT < 40 kg)');
  }
  return substitute(parsed, (n) => {
    if (n.startsWith('out:')) return ir.op('/', ir.ref(n), ir.num(output(n).scale));
    if (n.startsWith('cov:')) return ir.ref(n.slice(4));
    if (n.startsWith('track:')) return ir.op('*', ir.ref(n), ir.num(tracker(n).unitFactor));
    return undefined;
  });
}

/** Parses `rules:` (a list) and `track:` (a map) of one regimen; undefined when there are no rules. */
export function parseRules(rulesC: YamlNode, trackC: YamlNode, ctx: RuleContext): RegimenRules | undefined {
  const { model } = ctx;
  if (!rulesC.present) {
    if (trackC.present) throw trackC.error('track: is only used by rules', 'add rules: or remove track:');
    return undefined;
  }
  const trackers = parseTrackers(trackC, model);
  // Written name → IR ref. Outputs, counters and trackers shadow covariates of the same name.
  const names = new Map<string, string>();
  for (const n of ctx.covariates.keys()) names.set(n, `cov:${n}`);
  for (const o of model.outputs) names.set(o.name, `out:${o.name}`);
  for (const k of RULE_COUNTERS) names.set(k, `rule:${k}`);
  for (const t of trackers) names.set(t.name, `track:${t.name}`);
  const scope = { has: (n: string) => names.has(n), names: () => names.keys(), rename: (n: string) => names.get(n)! };

  let reduceTargets: string | undefined;
  const items = rulesC.items();
  if (items.length === 0) throw rulesC.error('needs at least one rule', 'e.g. - { when: "ANC < 1.5", action: delay, by: 7 d, max: 2 }');
  const rules = items.map((it): DoseRule => {
    const o = it.fields(RULE_KEYS);
    if (o.at.present && o.at.oneOf(['dose'] as const) !== 'dose') throw o.at.error('rules are decided at doses');
    const action = o.action.required(`one of ${RULE_ACTIONS.join(', ')}`).oneOf(RULE_ACTIONS);
    if (o.when.present === o.after.present) throw it.error('a rule needs exactly one of when or after', 'e.g. when: "ANC < 1.5", or after: delay');
    let when: Expr;
    if (o.after.present) {
      o.after.oneOf(['delay'] as const);
      if (action === 'delay') throw o.after.error('a delay cannot be triggered by a delay', 'use after: delay with action: reduce or discontinue');
      when = ir.op('>', ir.ref('rule:delayed'), ir.num(0));
    } else {
      when = lowerCondition(o.when, scope, ctx, trackers);
    }
    for (const k of ['by', 'max', 'then'] as const) {
      if (o[k].present && action !== 'delay') throw o[k].error(`'${k}' applies only to action: delay`, `remove '${k}'`);
    }
    let targets: number[] | undefined;
    if (ctx.drugs) {
      const acted = ruleDrugs(o.drugs, action, ctx.drugs);
      if (action === 'reduce') {
        const lacking = acted.find((d) => d.levels < 2);
        if (lacking) throw o.drugs.error(`${lacking.name} has no reduced dose level to step down to`, 'add reductions: ["80%"] to its dose, or leave it out of drugs:');
        const uneven = acted.find((d) => d.levels !== acted[0].levels);
        if (uneven) throw o.drugs.error(`drugs reduced together need the same number of reduced levels (${acted[0].name} ${acted[0].levels - 1}, ${uneven.name} ${uneven.levels - 1})`, 'give them as many reductions each');
        targets = [...new Set(acted.map((d) => d.target))].sort((a, b) => a - b);
        if (reduceTargets === undefined) reduceTargets = targets.join(',');
        else if (reduceTargets !== targets.join(',')) throw o.drugs.error('every reduce rule of a regimen steps down the same drugs (one reduction counter per regimen)', 'name the same drugs in each reduce rule');
      }
    } else {
      if (o.drugs.present) throw o.drugs.error('drugs: applies to regimens with several drugs', 'remove it: a rule of a single-drug regimen acts on its drug');
      if (action === 'reduce' && ctx.levels < 2) {
        throw o.action.error('this regimen has no reduced dose level to step down to', 'add reductions: ["80%", "60%"] to its dose');
      }
    }
    if (action !== 'delay') return targets ? { action, when, targets } : { action, when };
    const q = o.by.required('e.g. by: 7 d').quantity(model.timeUnit);
    const u = internalUnit(q.unit, model.timeUnit, o.by.unitWhere(q));
    if (!dimEqual(u.dim, DIM.time)) throw o.by.error(`by must be a time like '7 d', got '${q.unit}'`);
    if (!(q.value > 0)) throw o.by.error(`by must be > 0, got ${q.value}`);
    const rule: DoseRule = { action, when, by: q.value * u.factor, max: o.max.present ? o.max.int(1, 1000, 'the most delays of one dose, e.g. max: 2') : 1 };
    rule.then = o.then.present ? o.then.oneOf(['give', 'discontinue'] as const) : 'discontinue';
    return rule;
  });
  return { rules, trackers };
}

/**
 * Whether a job needs per-patient dose decisions in the kernel: regimens with rules, per-cycle
 * summary windows (cycle starts move with delays) or dose-delivery columns. A backend that has not
 * implemented docs/KERNEL.md §7 must refuse such a job (the CPU backend implements it).
 */
export function needsDynamicDosing(job: EnsembleJob): boolean {
  return job.regimens.some((r) => r.rules !== undefined)
    || job.summaries.some((s) => ((s.kind === 'min' || s.kind === 'max') && s.cycle !== undefined) || (s.kind === 'value_at' && s.dosing !== undefined));
}
