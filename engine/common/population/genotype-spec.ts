/**
 * The scenario's `population.genotypes`, `phenotypes` and `subgroups` (docs/FORMATS.md
 * "Genotypes, phenotypes and test panels", "Subgroups"), parsed with positions. Meaning that needs
 * the other covariates (the levels of `by`, names of subgroup covariates) is checked when the
 * population is built (./genotype-program.ts, ./subgroup-check.ts).
 */
import type { SourcePos } from '../ir.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { genotypeSchema, phenotypeSchema } from './schema.js';

const GENOTYPE_KEYS = genotypeSchema.keyof().options;
const PHENOTYPE_KEYS = phenotypeSchema.keyof().options;

/** One variant: the patient's value is the number of variant alleles (0, 1, 2). */
export interface GenotypeSpec {
  name: string;
  gene: string;
  variant?: string;
  /** Activity value of the variant allele (CPIC): 0 no function … 1 normal function. */
  function: number;
  /** One allele frequency for everyone, or one per level of `by` (level name → frequency). */
  frequency: number | Map<string, { p: number; pos: SourcePos }>;
  by?: { name: string; pos: SourcePos };
  source?: string;
  pos: SourcePos;
}

/** A test panel: the genotypes it reports (the others stay unknown to the clinician). */
export interface PanelSpec {
  name: string;
  tested: { name: string; pos: SourcePos }[];
  pos: SourcePos;
}

/** An activity score from the genotypes of one gene, true and as each panel reports it. */
export interface PhenotypeSpec {
  name: string;
  gene: string;
  panels: PanelSpec[];
  pos: SourcePos;
}

/** One dimension of a subgroup: a covariate's levels or distinct values, or bands between cuts. */
export interface SubgroupAxis {
  covariate: string;
  /** Band limits in the covariate's declared unit, ascending: bands (−∞, c0), [c0, c1), … [ck, ∞). */
  cuts?: number[];
  pos: SourcePos;
}

/** A subgroup report: one axis, or the cross-classification of several. */
export interface SubgroupSpec {
  axes: SubgroupAxis[];
  pos: SourcePos;
}

function probability(c: YamlNode): number {
  const v = c.num();
  if (!(v >= 0 && v <= 1)) throw c.error(`an allele frequency lies between 0 and 1, got ${v}`, 'a fraction of alleles, e.g. 0.005 for 0.5%');
  return v;
}

export function parseGenotype(name: string, c: YamlNode): GenotypeSpec {
  const o = c.fields(GENOTYPE_KEYS);
  const gene = o.gene.required('e.g. gene: DPYD').str();
  const fn = o.function.present ? o.function.num() : 0;
  if (!(fn >= 0 && fn <= 1)) throw o.function.error(`the activity value lies between 0 (no function) and 1 (normal function), got ${fn}`, 'CPIC activity values: 0, 0.25, 0.5, 1');
  const f = o.frequency.required('e.g. frequency: 0.005, or frequency: { AFR: 0.02, NFE: 0.0001 } with by: ANCESTRY');
  let frequency: GenotypeSpec['frequency'];
  if (f.isMap()) {
    if (!o.by.present) throw f.error('frequencies per level need by: (the covariate whose levels they name)', 'e.g. by: ANCESTRY');
    frequency = new Map(f.entries().map(([level, v]) => [level, { p: probability(v), pos: v.pos() }]));
    if (frequency.size === 0) throw f.error('no frequencies given', 'give one per level of the by: covariate');
  } else {
    if (o.by.present) throw o.by.error('by: needs one frequency per level', `e.g. frequency: { AFR: 0.02, NFE: 0.0001 }`);
    frequency = probability(f);
  }
  const spec: GenotypeSpec = { name, gene, function: fn, frequency, pos: c.pos() };
  if (o.variant.present) spec.variant = o.variant.str();
  if (o.by.present) spec.by = { name: o.by.str(), pos: o.by.pos() };
  if (o.source.present) spec.source = o.source.str();
  return spec;
}

export function parsePhenotype(name: string, c: YamlNode): PhenotypeSpec {
  const o = c.fields(PHENOTYPE_KEYS);
  const panels = o.panels.present
    ? o.panels.entries().map(([panel, list]) => ({ name: panel, tested: list.items().map((x) => ({ name: x.str(), pos: x.pos() })), pos: list.pos() }))
    : [];
  return { name, gene: o.gene.required('e.g. gene: DPYD').str(), panels, pos: c.pos() };
}

function parseAxis(c: YamlNode): SubgroupAxis {
  if (!c.isMap()) return { covariate: c.str(), pos: c.pos() };
  const o = c.fields(['covariate', 'cuts'] as const);
  const cuts = o.cuts.required('e.g. cuts: [65] for < 65 and ≥ 65').items().map((x) => x.num());
  if (cuts.length === 0) throw o.cuts.error('cuts needs at least one limit', 'e.g. cuts: [65]');
  for (let i = 1; i < cuts.length; i++) if (!(cuts[i] > cuts[i - 1])) throw o.cuts.error(`cuts must be ascending, got ${cuts.join(', ')}`);
  return { covariate: o.covariate.required().str(), cuts, pos: c.pos() };
}

export function parseSubgroup(c: YamlNode): SubgroupSpec {
  const axes = Array.isArray(c.value) ? c.items().map(parseAxis) : [parseAxis(c)];
  if (axes.length === 0) throw c.error('a cross-classification needs at least one covariate');
  const names = axes.map((a) => a.covariate);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw c.error(`${twice} appears twice in one subgroup`, 'cross different covariates');
  return { axes, pos: c.pos() };
}
