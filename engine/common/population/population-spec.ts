/**
 * The scenario's `population:` section, parsed and checked (positions kept for later errors).
 * Values stay in the units written; conversion to internal units happens in build-population.ts.
 */
import type { Problems } from '../errors.js';
import type { SourcePos } from '../ir.js';
import type { TextWhere } from '../text-where.js';
import { parseUnit } from '../units/parse-unit.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { parseGenotype, parsePhenotype, parseSubgroup, type GenotypeSpec, type PhenotypeSpec, type SubgroupSpec } from './genotype-spec.js';
import { correlationSchema, covariateSchema, DERIVED_FORMULAS, derivedCovariateSchema, DISTRIBUTIONS, populationSchema } from './schema.js';

const POPULATION_KEYS = populationSchema.keyof().options;
const COVARIATE_KEYS = covariateSchema.keyof().options;
const CORRELATION_KEYS = correlationSchema.keyof().options;
const DERIVED_KEYS = derivedCovariateSchema.keyof().options;

/** A covariate's marginal distribution. Continuous values are in `unit`. */
export type CovariateDist =
  | { kind: 'normal'; mean: number; sd: number; truncate?: [number, number] }
  /** log(X) ~ N(meanlog, sdlog²); median + cv gives meanlog = log(median), sdlog² = log(1 + cv²). */
  | { kind: 'lognormal'; meanlog: number; sdlog: number; truncate?: [number, number] }
  | { kind: 'uniform'; min: number; max: number }
  /** Level names in file order; the covariate's value is the level index 0..k-1. */
  | { kind: 'categorical'; levels: string[]; probs: number[] }
  | { kind: 'fixed'; value: number };

export interface CovariateSpec {
  name: string;
  unit: string;
  dist: CovariateDist;
  pos: SourcePos;
}

export interface DerivedSpec {
  name: string;
  formula?: (typeof DERIVED_FORMULAS)[number];
  expr?: string;
  /** Unit of an `expr` result (formulas have fixed units: m², mL/min). */
  unit: string;
  pos: SourcePos;
  /** Where the text of `expr` is, for errors at a column inside it. */
  where?: TextWhere;
}

export interface CorrelationSpec {
  between: [string, string];
  r: number;
  pos: SourcePos;
}

export interface TableSpec {
  file: string;
  /** Units of numeric columns (default: the model's unit for that covariate). */
  units: Map<string, string>;
  /** Level names of categorical columns, coded 0..k-1 in this order. */
  levels: Map<string, string[]>;
  pos: SourcePos;
}

export interface PopulationSpec {
  size?: number;
  sizePos: SourcePos;
  seed: number;
  mode: 'random' | 'typical';
  covariates: CovariateSpec[];
  correlations: CorrelationSpec[];
  derived: DerivedSpec[];
  genotypes: GenotypeSpec[];
  phenotypes: PhenotypeSpec[];
  subgroups: SubgroupSpec[];
  table?: TableSpec;
  pos: SourcePos;
}

/** Largest population a run accepts (memory for per-patient results grows linearly). */
export const MAX_POPULATION = 10_000_000;
/** Seed used when the scenario gives none (runs stay reproducible). */
export const DEFAULT_SEED = 1;

/**
 * Parses the `population:` mapping (see docs/FORMATS.md "Scenario file"); each covariate,
 * correlation and derived covariate is checked on its own, so one pass reports every problem.
 * Returns undefined when anything was wrong (the problems are in `problems`).
 */
export function parsePopulation(c: YamlNode, problems: Problems): PopulationSpec | undefined {
  const o = c.fields(POPULATION_KEYS);
  const before = problems.list.length;
  const each = <T>(items: [string, YamlNode][], parse: (name: string, v: YamlNode) => T): T[] =>
    items.flatMap(([n, v]) => { const r = problems.guard(() => parse(n, v)); return r === undefined ? [] : [r]; });
  const spec: PopulationSpec = {
    sizePos: o.size.present ? o.size.pos() : c.pos(),
    seed: (o.seed.present ? problems.guard(() => o.seed.int(0, Number.MAX_SAFE_INTEGER, 'use a whole number ≥ 0')) : undefined) ?? DEFAULT_SEED,
    mode: o.mode.present ? o.mode.oneOf(['random', 'typical'] as const) : 'random',
    covariates: o.covariates.present ? each(o.covariates.entries(), parseCovariate) : [],
    correlations: o.correlations.present ? each(o.correlations.items().map((v) => ['', v]), (_, v) => parseCorrelation(v)) : [],
    derived: o.derived.present ? each(o.derived.entries(), parseDerived) : [],
    genotypes: o.genotypes.present ? each(o.genotypes.entries(), parseGenotype) : [],
    phenotypes: o.phenotypes.present ? each(o.phenotypes.entries(), parsePhenotype) : [],
    subgroups: o.subgroups.present ? each(o.subgroups.items().map((v) => ['', v]), (_, v) => parseSubgroup(v)) : [],
    pos: c.pos(),
  };
  if (o.size.present) spec.size = problems.guard(() => parseSize(o.size));
  if (o.table.present) spec.table = problems.guard(() => parseTable(o.table));
  return problems.list.length === before ? spec : undefined;
}

/** Population size: a whole number in 1..MAX_POPULATION; absurd sizes say the memory they would need. */
function parseSize(c: YamlNode): number {
  const n = c.num();
  if (!Number.isInteger(n) || n < 1) throw c.error(`population size must be a whole number ≥ 1, got ${n}`, 'e.g. size: 1000');
  if (n > MAX_POPULATION) {
    // Per patient and regimen at least: failure code, step count, ~8 summaries × 8 bytes, plus
    // ~10 reported covariates × 8 bytes: about 150 bytes.
    const gb = (n * 150) / 1e9;
    throw c.error(`population size ${n.toLocaleString('en-US')} is too large: per-patient results alone would need about ${gb.toFixed(gb < 10 ? 1 : 0)} GB per regimen`,
      `use at most ${MAX_POPULATION.toLocaleString('en-US')} patients; 10,000 already give event rates to within ±1%`);
  }
  return n;
}

function positive(c: YamlNode, what: string): number {
  const v = c.required().num();
  if (!(v > 0)) throw c.error(`${what} must be > 0, got ${v}`);
  return v;
}

function parseTruncate(c: YamlNode): [number, number] | undefined {
  if (!c.present) return undefined;
  const it = c.items();
  if (it.length !== 2) throw c.error('truncate needs two bounds [lower, upper]', 'e.g. truncate: [40, 150]');
  const lo = it[0].num();
  const hi = it[1].num();
  if (!(lo < hi)) throw c.error(`truncate bounds must satisfy lower < upper, got [${lo}, ${hi}]`);
  return [lo, hi];
}

function parseCovariate(name: string, c: YamlNode): CovariateSpec {
  const o = c.fields(COVARIATE_KEYS);
  const kind = o.distribution.required(`one of ${DISTRIBUTIONS.join(', ')}`).oneOf(DISTRIBUTIONS);
  const unit = o.unit.present ? o.unit.unit() : '1';
  if (o.unit.present) parseUnit(unit, o.unit.where());
  const used = new Set<string>(['distribution', 'unit', 'description']);
  const take = (k: (typeof COVARIATE_KEYS)[number]): YamlNode => { used.add(k); return o[k]; };
  let dist: CovariateDist;
  switch (kind) {
    case 'normal': {
      const mean = take('mean').required().num();
      const sd = positive(take('sd'), 'sd');
      dist = { kind, mean, sd, truncate: parseTruncate(take('truncate')) };
      break;
    }
    case 'lognormal': {
      let meanlog: number;
      let sdlog: number;
      if (o.median.present || o.cv.present) {
        meanlog = Math.log(positive(take('median'), 'median'));
        sdlog = Math.sqrt(Math.log(1 + positive(take('cv'), 'cv') ** 2));
      } else {
        meanlog = take('meanlog').required('give median + cv, or meanlog + sdlog').num();
        sdlog = positive(take('sdlog'), 'sdlog');
      }
      const truncate = parseTruncate(take('truncate'));
      if (truncate && truncate[0] < 0) throw o.truncate.error('a lognormal covariate is positive: use a lower bound ≥ 0');
      dist = { kind, meanlog, sdlog, truncate };
      break;
    }
    case 'uniform': {
      const min = take('min').required().num();
      const max = take('max').required().num();
      if (!(min < max)) throw o.max.error(`max must be greater than min (${min})`);
      dist = { kind, min, max };
      break;
    }
    case 'categorical': {
      const entries = take('levels').required('e.g. levels: { F: 0.5, M: 0.5 }').entries();
      if (entries.length < 1) throw o.levels.error('needs at least one level');
      const probs = entries.map(([lv, p]) => {
        const v = p.num();
        if (!(v >= 0)) throw p.error(`probability of level ${lv} must be ≥ 0`);
        return v;
      });
      const sum = probs.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-6) throw o.levels.error(`level probabilities sum to ${sum}, not 1`, 'make them add up to 1');
      dist = { kind, levels: entries.map(([lv]) => lv), probs };
      break;
    }
    case 'fixed':
      dist = { kind, value: take('value').required().num() };
      break;
  }
  for (const k of COVARIATE_KEYS) {
    if (o[k].present && !used.has(k)) throw o[k].error(`'${k}' does not apply to a ${kind} distribution`, `remove '${k}'`);
  }
  return { name, unit, dist, pos: c.pos() };
}

function parseCorrelation(c: YamlNode): CorrelationSpec {
  const o = c.fields(CORRELATION_KEYS);
  const names = o.between.required('e.g. between: [WT, HT]').items().map((x) => x.str());
  if (names.length !== 2 || names[0] === names[1]) throw o.between.error('between needs two different covariates');
  const r = o.r.required().num();
  if (!(r > -1 && r < 1)) throw o.r.error(`correlation must be strictly between -1 and 1, got ${r}`);
  return { between: [names[0], names[1]], r, pos: c.pos() };
}

function parseDerived(name: string, c: YamlNode): DerivedSpec {
  const o = c.fields(DERIVED_KEYS);
  if (o.formula.present === o.expr.present) throw c.error('give exactly one of formula or expr', `formula: ${DERIVED_FORMULAS.join(' | ')}, or expr: "…"`);
  if (o.formula.present) {
    if (o.unit.present) throw o.unit.error('a formula has a fixed unit (BSA m^2, CRCL mL/min)', 'remove unit');
    const formula = o.formula.oneOf(DERIVED_FORMULAS);
    return { name, formula, unit: formula === 'cockcroft_gault' ? 'mL/min' : 'm^2', pos: c.pos() };
  }
  const unit = o.unit.present ? o.unit.unit() : '1';
  if (o.unit.present) parseUnit(unit, o.unit.where());
  return { name, expr: o.expr.str(), unit, pos: o.expr.pos(), where: o.expr.where() };
}

function parseTable(c: YamlNode): TableSpec {
  if (!c.isMap()) return { file: c.str(), units: new Map(), levels: new Map(), pos: c.pos() };
  const o = c.fields(['file', 'units', 'levels'] as const);
  const units = new Map<string, string>();
  const levels = new Map<string, string[]>();
  if (o.units.present) for (const [k, v] of o.units.entries()) units.set(k, v.unit());
  if (o.levels.present) for (const [k, v] of o.levels.entries()) levels.set(k, v.items().map((x) => x.str()));
  return { file: o.file.required().str(), units, levels, pos: o.file.pos() };
}
