/**
 * Genotypes and activity-score phenotypes as population-program assignments, so the kernel draws them
 * with the patient's other covariates (patient i carries the same genotype on every backend).
 *
 * - Hardy–Weinberg: with variant allele frequency p, P(0, 1, 2 variant alleles) = (1 − p)², 2p(1 − p),
 *   p². One uniform draw u per variant: genotype = (u > (1 − p)²) + (u > 1 − p²). With `by`, p is the
 *   frequency of the patient's level (a sum of level indicators times constants); variants are drawn
 *   independently (no linkage between them).
 * - Activity score (CPIC): the sum of the two alleles' activity values, 1 for a normal allele. With
 *   variants drawn per site and unphased, a patient's score is 2 − Σ genotype × (1 − function), not
 *   below 0: each variant allele is taken to sit on its own haplotype (compound heterozygotes in
 *   trans), which is what the CPIC table assigns to two different variants.
 * - A panel's score counts only the variants it tests: untested ones are taken as normal, as a report
 *   of that panel does ("assuming nontested variants are functional", Clin Transl Sci 2021;14:1338).
 * - Mode 'typical': each genotype is its most likely value in the patient's group.
 */
import { closest, InputError } from '../errors.js';
import type { Assign, Expr, SourcePos } from '../ir.js';
import { DIM } from '../units/dimension.js';
import type { PopulationSymbol } from './population-symbol.js';
import { add, call, mul, num, ref, sub } from './expr-build.js';
import type { GenotypeSpec, PhenotypeSpec } from './genotype-spec.js';

/** What building the genotype part needs from the population being built. */
export interface GenotypeBuild {
  typical: boolean;
  assigns: Assign[];
  symbols: ReadonlyMap<string, PopulationSymbol>;
  define(s: PopulationSymbol, pos: SourcePos): void;
}

function fail(pos: SourcePos, message: string, hint?: string): never {
  throw InputError.at(pos.file, pos.line, pos.col, message, hint);
}

const gt = (a: Expr, b: Expr): Expr => ({ k: 'op', op: '>', a, b });
const eq = (a: Expr, b: Expr): Expr => ({ k: 'op', op: '==', a, b });

/** The most likely number of variant alleles under Hardy–Weinberg at allele frequency p. */
export function hardyWeinbergMode(p: number): number {
  const probs = [(1 - p) ** 2, 2 * p * (1 - p), p ** 2];
  return probs.indexOf(Math.max(...probs));
}

/**
 * Per-level values as one expression of the group covariate: Σ (G == code) × value[code], or the
 * constant itself without a group.
 */
function byLevel(g: GenotypeSpec, symbols: ReadonlyMap<string, PopulationSymbol>, value: (p: number) => number): Expr {
  if (typeof g.frequency === 'number') return num(value(g.frequency));
  const freq = g.frequency;
  const by = g.by!;
  const s = symbols.get(by.name);
  if (!s) {
    const near = closest(by.name, symbols.keys());
    fail(by.pos, `${g.name}: by names ${by.name}, which the population does not define before the genotypes`, near ? `did you mean '${near}'?` : 'declare the group covariate under population.covariates (categorical)');
  }
  if (!s.levels) fail(by.pos, `${g.name}: by: ${by.name} is not categorical`, 'frequencies by group need a categorical covariate, e.g. ANCESTRY: { distribution: categorical, levels: { … } }');
  for (const [level, f] of freq) {
    if (!s.levels.includes(level)) {
      const near = closest(level, s.levels);
      fail(f.pos, `${g.name}: ${by.name} has no level '${level}' (levels: ${s.levels.join(', ')})`, near ? `did you mean '${near}'?` : undefined);
    }
  }
  const missing = s.levels.filter((l) => !freq.has(l));
  if (missing.length) fail(g.pos, `${g.name}: no frequency for ${missing.map((l) => `${by.name} ${l}`).join(', ')}`, 'give a frequency for every level (0 where the variant is not seen)');
  let e: Expr = num(0);
  s.levels.forEach((level, code) => {
    const v = value(freq.get(level)!.p);
    if (v !== 0) e = add(e, mul(eq(ref(by.name), num(code)), num(v)));
  });
  return e;
}

/** Genotype assignments (one draw each, from `firstDraw`), then phenotypes; returns the draws used. */
export function genotypeAssigns(genotypes: GenotypeSpec[], phenotypes: PhenotypeSpec[], b: GenotypeBuild, firstDraw: number): number {
  let draws = firstDraw;
  for (const g of genotypes) {
    let expr: Expr;
    if (b.typical) expr = byLevel(g, b.symbols, hardyWeinbergMode);
    else {
      const u: Expr = { k: 'rand', index: draws++ };
      expr = add(gt(u, byLevel(g, b.symbols, (p) => (1 - p) ** 2)), gt(u, byLevel(g, b.symbols, (p) => 1 - p * p)));
    }
    b.define({ name: g.name, unit: '1', factor: 1, dims: DIM.none, genotype: { gene: g.gene, variant: g.variant, function: g.function } }, g.pos);
    b.assigns.push({ name: g.name, expr });
  }
  for (const ph of phenotypes) phenotypeAssigns(ph, genotypes, b);
  return draws;
}

/** 2 − Σ genotype × (1 − function), not below 0. */
function activityScore(variants: GenotypeSpec[]): Expr {
  let loss: Expr = num(0);
  for (const v of variants) if (v.function < 1) loss = add(loss, mul(ref(v.name), num(1 - v.function)));
  return call('max', num(0), sub(num(2), loss));
}

function phenotypeAssigns(ph: PhenotypeSpec, genotypes: GenotypeSpec[], b: GenotypeBuild): void {
  const ofGene = genotypes.filter((g) => g.gene === ph.gene);
  if (!ofGene.length) {
    const genes = [...new Set(genotypes.map((g) => g.gene))];
    const near = closest(ph.gene, genes);
    fail(ph.pos, `${ph.name}: no genotype of gene ${ph.gene} is declared`, near ? `did you mean '${near}'?` : 'declare its variants under population.genotypes with gene: ' + ph.gene);
  }
  b.define({ name: ph.name, unit: '1', factor: 1, dims: DIM.none, phenotype: { gene: ph.gene } }, ph.pos);
  b.assigns.push({ name: ph.name, expr: activityScore(ofGene) });
  for (const panel of ph.panels) {
    const tested = panel.tested.map((t) => {
      const g = genotypes.find((x) => x.name === t.name);
      if (!g || g.gene !== ph.gene) {
        const near = closest(t.name, ofGene.map((x) => x.name));
        fail(t.pos, `panel ${panel.name} of ${ph.name}: '${t.name}' is not a ${ph.gene} genotype`, near ? `did you mean '${near}'?` : `${ph.gene} genotypes: ${ofGene.map((x) => x.name).join(', ')}`);
      }
      return g;
    });
    const name = `${ph.name}_${panel.name}`;
    b.define({ name, unit: '1', factor: 1, dims: DIM.none, phenotype: { gene: ph.gene, panel: panel.name, tested: tested.map((g) => g.name) } }, panel.pos);
    b.assigns.push({ name, expr: activityScore(tested) });
  }
}
