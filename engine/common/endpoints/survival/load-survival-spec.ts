/**
 * Survival files (models/survival/*.yaml; format in docs/MODELS.md "Survival files") → a
 * SurvivalSpec checked against the model it reads: outputs and covariates exist, units convert,
 * expressions use only declared quantities and allowed functions, `after:` names an earlier event.
 * Every problem is an InputError at file:line:col with a hint. Every number carries a `source`.
 */
import { closest, InputError } from '../../errors.js';
import type { FileHost } from '../../host.js';
import type { ModelIR } from '../../ir.js';
import { parseExpression, scopeOf } from '../../expr/parse-expression.js';
import { dimEqual, parseUnit } from '../../units/index.js';
import { YamlFile } from '../../yaml/yaml-file.js';
import { YamlNode as YamlCursor } from '../../yaml/yaml-node.js';
import { EVENT_KEYS as EVENT, NUMBER_KEYS as NUMBER, QUANTITY_KEYS as QUANTITY, SURVIVAL_KEYS as TOP, survivalFileSchema, TERM_KEYS as TERM } from './survival-schema.js';
import type { EventModel, FixedTerm, HazardTerm, SurvivalQuantity, SurvivalSpec } from './survival-spec.js';
const TIME_DIM = parseUnit('h').dim;

/** Factor from `from` to `to` (same dimension), or an InputError at `c`. */
function factor(c: YamlCursor, from: string, to: string, what: string): number {
  const a = parseUnit(from);
  const b = parseUnit(to, c.pos());
  if (!dimEqual(a.dim, b.dim)) throw c.error(`${what} is in '${from}', which does not convert to '${to}'`, `declare a unit of the same kind as '${from}'`);
  return a.factor / b.factor;
}

/** A sourced number { value, unit?, source } in `unit` (the value's own unit converted to it). */
function sourced(c: YamlCursor, refs: Set<string>, unit = '1'): number {
  const o = c.required('write { value: …, source: … }').fields(NUMBER);
  const v = o.value.required().num();
  sourceOf(o.source, refs);
  return v * factor(o.unit.present ? o.unit : c, o.unit.present ? o.unit.unit() : '1', unit, 'this value');
}

function sourceOf(c: YamlCursor, refs: Set<string>): void {
  const s = c.required('name the reference key this number comes from, e.g. source: "ddmodel218 THETA(1)"').str();
  if (![...refs].some((k) => s.includes(k))) throw c.error(`source '${s}' names no key of references`, `use one of: ${[...refs].join(', ')}`);
}

function quantities(c: YamlCursor, model: ModelIR): SurvivalQuantity[] {
  if (!c.present) return [];
  return c.entries().map(([name, q]) => {
    const o = q.fields(QUANTITY);
    const unit = o.unit.present ? o.unit.unit() : '1';
    // A covariate is read from the population the scenario builds (the model need not use it, e.g.
    // performance status acting only on survival); its presence is checked when the run starts.
    if (o.covariate.present) return { name, unit, source: { kind: 'covariate', covariate: o.covariate.str() } };
    const output = outputOf(o.output.required('give output: (with at: or nadir_time: true) or covariate:'), model);
    if (o.nadir_time.present && o.nadir_time.bool()) {
      return { name, unit, source: { kind: 'nadir_time', output: output.name, factor: factor(o.unit, model.timeUnit, unit, 'time') } };
    }
    const at = o.at.required('e.g. at: 0 d (the baseline value)').quantity();
    return {
      name, unit,
      source: { kind: 'output_at', output: output.name, time: at.value * factor(o.at, at.unit, model.timeUnit, 'at'), factor: factor(o.unit, output.unit, unit, `output ${output.name}`) },
    };
  });
}

function outputOf(c: YamlCursor, model: ModelIR): { name: string; unit: string } {
  const name = c.str();
  const o = model.outputs.find((x) => x.name === name);
  if (!o) {
    const s = closest(name, model.outputs.map((x) => x.name));
    throw c.error(`model ${model.name} has no output '${name}'`, s ? `did you mean '${s}'?` : `outputs: ${model.outputs.map((x) => x.name).join(', ')}`);
  }
  return o;
}

function terms(c: YamlCursor, refs: Set<string>, names: string[], earlier: string[], timeUnit: string): HazardTerm[] {
  if (!c.present) return [];
  return c.items().map((t): HazardTerm => {
    const o = t.fields(TERM);
    const coefficient = o.coefficient.required().num();
    sourceOf(o.source, refs);
    const kinds = [o.expr, o.tumour_ratio, o.after, o.progression].filter((k) => k.present).length;
    if (kinds !== 1) throw t.error('a term needs exactly one of expr:, tumour_ratio:, after: or progression:', 'e.g. { expr: "SLD0 / 70", coefficient: 0.21, source: … }');
    if (o.observed_before.present && !o.after.present) throw o.observed_before.error('only with after:');
    const earlierEvent = (c: YamlCursor): string => {
      const ev = c.str();
      if (!earlier.includes(ev)) throw c.error(`'${ev}' is not an event listed before this one`, earlier.length ? `earlier events: ${earlier.join(', ')}` : 'list that event first');
      return ev;
    };
    if (o.expr.present) {
      const text = String(o.expr.value);
      return { kind: 'fixed', coefficient, text, expr: parseExpression(text, o.expr.where(), scopeOf(names)) };
    }
    if (o.after.present) {
      return { kind: 'event', coefficient, event: earlierEvent(o.after), observedBefore: o.observed_before.present ? earlierEvent(o.observed_before) : undefined };
    }
    if (o.progression.present) {
      const p = o.progression.fields(['or_after'] as const);
      return { kind: 'progression', coefficient, orEvent: p.or_after.present ? earlierEvent(p.or_after) : undefined };
    }
    const r = o.tumour_ratio.fields(['until'] as const);
    const until = r.until.present ? r.until.quantity() : undefined;
    return { kind: 'tumour_ratio', coefficient, until: until ? until.value * factor(r.until, until.unit, timeUnit, 'until') : Infinity };
  });
}

function eventModel(name: string, c: YamlCursor, refs: Set<string>, names: string[], earlier: string[], timeUnit: string): EventModel {
  const o = c.fields(EVENT);
  const dist = o.distribution.required().oneOf(['weibull', 'lognormal'] as const);
  const ts = terms(o.terms, refs, names, earlier, timeUnit);
  if (dist === 'weibull') {
    for (const k of [o.intercept, o.sigma]) if (k.present) throw k.error('only for distribution: lognormal');
    return { name, distribution: 'weibull', lambda: sourced(o.lambda, refs, `1/${timeUnit}`), shape: sourced(o.shape, refs), terms: ts };
  }
  for (const k of [o.lambda, o.shape]) if (k.present) throw k.error('only for distribution: weibull');
  const bad = ts.find((t) => t.kind !== 'fixed');
  if (bad) throw o.terms.error('a log-normal event takes only expr: terms (time-fixed quantities)');
  const sigma = sourced(o.sigma, refs);
  if (!(sigma > 0)) throw o.sigma.error(`sigma must be > 0, got ${sigma}`);
  return { name, distribution: 'lognormal', intercept: sourced(o.intercept, refs), sigma, terms: ts as FixedTerm[] };
}

/** Parses a survival file's text for `model`; its structure is checked first (every problem at once). */
export function parseSurvivalSpec(text: string, file: string, model: ModelIR): SurvivalSpec {
  const yaml = YamlFile.parse(file, text, 'start the file with `survival: <id>`');
  const structure = yaml.checkStructure(survivalFileSchema);
  if (structure.length) throw new InputError(structure);
  const o = new YamlCursor(yaml).fields(TOP);
  const id = o.survival.required('e.g. survival: zecchin2016-os').str();
  const refs = new Set(o.references.required('list the sources: references: { key: citation }').entries().map(([k]) => k));
  const timeUnit = o.time_unit.required('e.g. time_unit: d').unit();
  if (!dimEqual(parseUnit(timeUnit, o.time_unit.pos()).dim, TIME_DIM)) throw o.time_unit.error(`'${timeUnit}' is not a unit of time`, 'use d or wk');
  const qs = quantities(o.quantities, model);
  const names = qs.map((q) => q.name);
  const events: EventModel[] = [];
  for (const [name, c] of o.events.required().entries()) events.push(eventModel(name, c, refs, names, events.map((e) => e.name), timeUnit));
  const needsTumour = events.some((e) => e.distribution === 'weibull' && e.terms.some((t) => t.kind === 'tumour_ratio' || t.kind === 'progression'));
  let tumour: SurvivalSpec['tumour'];
  if (needsTumour) {
    const t = o.tumour.required('tumour_ratio and progression terms need tumour: { output: SLD, every: 7 d }').fields(['output', 'every'] as const);
    const every = t.every.required().quantity();
    const out = outputOf(t.output.required(), model);
    tumour = { output: out.name, every: every.value * factor(t.every, every.unit, model.timeUnit, 'every'), toMm: factor(t.output, out.unit, 'mm', `output ${out.name}`) };
    if (!(tumour.every > 0)) throw t.every.error('every must be > 0');
  } else if (o.tumour.present) throw o.tumour.error('no term reads the tumour time course', 'remove tumour: or add a tumour_ratio or progression term');
  const eventNamed = (c: YamlCursor): string => {
    const n = c.str();
    if (!events.some((e) => e.name === n)) throw c.error(`no event '${n}'`, `events: ${events.map((e) => e.name).join(', ')}`);
    return n;
  };
  return {
    id, title: o.title.present ? o.title.str() : id, timeUnit, days: parseUnit(timeUnit).factor / 86400, quantities: qs, tumour, events,
    overallSurvival: eventNamed(o.overall_survival.required('name the event that is death')),
    newLesions: o.new_lesions.present ? eventNamed(o.new_lesions) : undefined,
  };
}

/** Reads and parses `file` through `host`. */
export async function loadSurvivalSpec(file: string, host: FileHost, model: ModelIR): Promise<SurvivalSpec> {
  try {
    return parseSurvivalSpec(await host.readText(file), file, model);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw InputError.at(file, 1, 1, `cannot load survival file: ${(e as Error).message}`);
  }
}
