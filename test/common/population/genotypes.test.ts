/**
 * Reference tests for genotype covariates: Hardy–Weinberg sampling reproduces the declared allele
 * frequencies per group within binomial error on 10⁵ patients; the activity score and a panel's view
 * of it follow CPIC's arithmetic; problems are reported at their positions.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { hardyWeinbergMode } from '../../../engine/common/population/genotype-program.js';
import { splitSeed } from '../../../engine/common/rng/uniform.js';
import { populationSpec } from '../yaml/yaml-helpers.js';
import { evalPatient, testModel } from '../scenario/test-model.js';

const BASE = `
covariates:
  WT:  { distribution: lognormal, median: 75, cv: 0.2, unit: kg }
  SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }
  GROUP: { distribution: categorical, levels: { A: 0.5, B: 0.3, C: 0.2 } }
`;

const GENOTYPES = `${BASE}
genotypes:
  V1: { gene: G, variant: "c.1A>T", function: 0, frequency: { A: 0.3, B: 0.02, C: 0 }, by: GROUP, source: test }
  V2: { gene: G, function: 0.5, frequency: 0.1 }
  W:  { gene: H, frequency: 0.45 }
phenotypes:
  G_AS:
    gene: G
    panels:
      P1: [V1]
`;

function build(yaml: string) {
  return buildPopulation(populationSpec(yaml), testModel());
}

function buildError(yaml: string): { at: string; message: string; hint?: string } {
  try {
    build(yaml);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const d = e.diagnostics[0];
    return { at: `${d.file}:${d.line}:${d.col}`, message: d.message, hint: d.hint };
  }
  throw new Error('expected an InputError');
}

describe('Hardy–Weinberg genotypes on 10⁵ patients (reference interpreter)', () => {
  const { program, symbols } = build(GENOTYPES);
  const seed = splitSeed(20261122);
  const n = 100_000;
  const rows: { group: number; v1: number; v2: number; w: number; as: number; p1: number }[] = [];
  for (let i = 0; i < n; i++) {
    const v = evalPatient(program, seed, i);
    rows.push({ group: v.get('GROUP')!, v1: v.get('V1')!, v2: v.get('V2')!, w: v.get('W')!, as: v.get('G_AS')!, p1: v.get('G_AS_P1')! });
  }
  /** |observed − expected| within 4.5 binomial standard errors (false failure < 1e-5 per check). */
  const withinBinomial = (count: number, total: number, p: number): void => {
    const se = Math.sqrt(p * (1 - p) / total);
    expect(Math.abs(count / total - p), `${count}/${total} vs ${p}`).toBeLessThanOrEqual(4.5 * se + 1e-12);
  };
  const hw = (p: number) => [(1 - p) ** 2, 2 * p * (1 - p), p * p];

  it('draws once per genotype, after the covariates and before the etas; reports genotypes and phenotypes', () => {
    expect(program.draws).toBe(3 + 3 + 2);
    expect(program.report).toEqual(['WT', 'SEX', 'GROUP', 'V1', 'V2', 'W', 'G_AS', 'G_AS_P1']);
    expect(symbols.get('V1')!.genotype).toEqual({ gene: 'G', variant: 'c.1A>T', function: 0 });
    expect(symbols.get('G_AS_P1')!.phenotype).toEqual({ gene: 'G', panel: 'P1', tested: ['V1'] });
  });

  it('reproduces the genotype frequencies of every group (0, 1 and 2 variant alleles)', () => {
    const freq: Record<number, number> = { 0: 0.3, 1: 0.02, 2: 0 };
    for (const group of [0, 1, 2]) {
      const inGroup = rows.filter((r) => r.group === group);
      expect(inGroup.length).toBeGreaterThan(15_000);
      const expected = hw(freq[group]);
      for (const k of [0, 1, 2]) withinBinomial(inGroup.filter((r) => r.v1 === k).length, inGroup.length, expected[k]);
    }
    for (const [key, p] of [['v2', 0.1], ['w', 0.45]] as const) {
      const expected = hw(p);
      for (const k of [0, 1, 2]) withinBinomial(rows.filter((r) => r[key] === k).length, n, expected[k]);
    }
  });

  it('allele frequencies: 2·hom + het over 2N alleles', () => {
    const inA = rows.filter((r) => r.group === 0);
    const alleles = inA.reduce((s, r) => s + r.v1, 0);
    // Under HW the allele count is Binomial(2N, p).
    withinBinomial(alleles, 2 * inA.length, 0.3);
    expect(rows.filter((r) => r.group === 2).every((r) => r.v1 === 0)).toBe(true);
  });

  it('the activity score is 2 − Σ genotype × (1 − function), not below 0; the panel counts only what it tests', () => {
    const wrong = rows.filter((r) => r.as !== Math.max(0, 2 - r.v1 * 1 - r.v2 * 0.5) || r.p1 !== Math.max(0, 2 - r.v1) || r.p1 < r.as);
    expect(wrong).toEqual([]);
    expect(rows.some((r) => r.as === 0) && rows.some((r) => r.as === 0.5)).toBe(true);
    // P(AS = 1.5) = P(V1 = 0)·P(V2 = 1), averaged over groups.
    const pGroup = [0.5, 0.3, 0.2];
    const pV1zero = pGroup.reduce((s, g, i) => s + g * hw([0.3, 0.02, 0][i])[0], 0);
    withinBinomial(rows.filter((r) => r.as === 1.5).length, n, pV1zero * hw(0.1)[1]);
    // What the panel misses: V2 carriers whose tested score reads normal.
    withinBinomial(rows.filter((r) => r.p1 === 2 && r.as < 2).length, n, pV1zero * (1 - hw(0.1)[0]));
  });
});

describe('typical mode and the Hardy–Weinberg mode', () => {
  it('most likely genotype: 0 below p = 1/3, 1 up to 2/3, 2 above', () => {
    expect([0, 0.3, 0.34, 0.6, 0.7, 1].map(hardyWeinbergMode)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('a typical patient carries the most likely genotype of the most likely group, and no draws', () => {
    const { program } = build(`mode: typical\n${GENOTYPES}`);
    expect(program.draws).toBe(0);
    const v = evalPatient(program, splitSeed(1), 0);
    expect([v.get('GROUP'), v.get('V1'), v.get('V2'), v.get('W'), v.get('G_AS')]).toEqual([0, 0, 0, 1, 2]);
  });
});

describe('genotype problems are reported at their positions', () => {
  it('frequencies, groups, genes and panels', () => {
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: { A: 0.1, B: 0.1 }, by: GROUP }\n`))
      .toMatchObject({ message: 'V: no frequency for GROUP C', hint: 'give a frequency for every level (0 where the variant is not seen)' });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: { A: 0.1, B: 0.1, D: 0 }, by: GROUP }\n`))
      .toMatchObject({ at: 'pop.yaml:7:49', message: "V: GROUP has no level 'D' (levels: A, B, C)" });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: { A: 0.1 }, by: WT }\n`)).toMatchObject({ message: 'V: by: WT is not categorical' });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: { A: 0.1 }, by: ANCESTRY }\n`)).toMatchObject({ message: 'V: by names ANCESTRY, which the population does not define before the genotypes' });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: 1.5 }\n`)).toMatchObject({ at: 'pop.yaml:7:28', message: 'genotypes.V.frequency: an allele frequency lies between 0 and 1, got 1.5' });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: 0.1, function: 2 }\n`)).toMatchObject({ message: 'genotypes.V.function: the activity value lies between 0 (no function) and 1 (normal function), got 2' });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: { A: 0.1 } }\n`)).toMatchObject({ message: 'genotypes.V.frequency: frequencies per level need by: (the covariate whose levels they name)' });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: 0.1 }\nphenotypes:\n  X: { gene: GG }\n`)).toMatchObject({ message: 'X: no genotype of gene GG is declared', hint: "did you mean 'G'?" });
    expect(buildError(`${BASE}genotypes:\n  V: { gene: G, frequency: 0.1 }\n  U: { gene: H, frequency: 0.1 }\nphenotypes:\n  X: { gene: G, panels: { P: [V, U] } }\n`))
      .toMatchObject({ at: 'pop.yaml:10:34', message: "panel P of X: 'U' is not a G genotype" });
    expect(buildError(`${BASE}genotypes:\n  WT: { gene: G, frequency: 0.1 }\n`)).toMatchObject({ message: 'WT is defined twice' });
  });

  it('subgroups name known values; continuous ones need cuts; categorical ones take none', () => {
    expect(buildError(`${BASE}subgroups: [GROUPS]\n`)).toMatchObject({ at: 'pop.yaml:6:13', message: 'subgroup: GROUPS is not a covariate, genotype or phenotype of the population', hint: "did you mean 'GROUP'?" });
    expect(buildError(`${BASE}subgroups: [WT]\n`)).toMatchObject({ message: 'subgroup: WT is continuous (lognormal); give the band limits' });
    expect(buildError(`${BASE}subgroups: [{ covariate: SEX, cuts: [1] }]\n`)).toMatchObject({ message: 'subgroup: SEX is categorical; its levels are the groups' });
    expect(buildError(`${BASE}subgroups: [{ covariate: WT, cuts: [80, 60] }]\n`)).toMatchObject({ message: 'subgroups[0].cuts: cuts must be ascending, got 80, 60' });
    expect(buildError(`${BASE}subgroups: [[SEX, SEX]]\n`)).toMatchObject({ message: 'subgroups[0]: SEX appears twice in one subgroup' });
    expect(() => build(`${BASE}subgroups: [SEX, [GROUP, SEX], { covariate: WT, cuts: [60, 90] }]\n`)).not.toThrow();
  });
});
