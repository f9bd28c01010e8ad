/** Structure of the scenario's `population:` section (docs/FORMATS.md "Scenario file"), as zod schemas. */
import * as z from 'zod';
import { list, name, text, unit } from '../yaml/schema-parts.js';

export const DISTRIBUTIONS = ['normal', 'lognormal', 'uniform', 'categorical', 'fixed'] as const;
export const DERIVED_FORMULAS = ['dubois', 'mosteller', 'cockcroft_gault'] as const;
/** At most this many covariates, derived covariates or correlations. */
export const MAX_COVARIATES = 1000;

export const covariateSchema = z.strictObject({
  distribution: z.enum(DISTRIBUTIONS),
  mean: z.number().optional(),
  sd: z.number().optional(),
  median: z.number().optional(),
  cv: z.number().optional(),
  meanlog: z.number().optional(),
  sdlog: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  value: z.number().optional().describe('fixed: the value in `unit`'),
  levels: z.record(name, z.number()).optional().describe('categorical: level name → probability'),
  unit: unit.optional(),
  truncate: z.array(z.number()).optional().describe('[lower, upper] in `unit`'),
  description: text.optional(),
}).meta({ id: 'covariate' });

export const correlationSchema = z.strictObject({
  between: z.array(name).describe('two covariates'),
  r: z.number().describe('correlation on the normal scale (Gaussian copula)'),
}).meta({ id: 'correlation' });

export const derivedCovariateSchema = z.strictObject({
  formula: z.enum(DERIVED_FORMULAS).optional(),
  expr: text.optional().describe('expression of earlier covariates, in their declared units'),
  unit: unit.optional(),
  description: text.optional(),
}).meta({ id: 'derivedCovariate' });

export const tableSchema = z.union([
  text.describe('CSV file relative to the scenario'),
  z.strictObject({
    file: text.describe('CSV file relative to the scenario'),
    units: z.record(name, unit).optional().describe('unit of each numeric column'),
    levels: z.record(name, list(name)).optional().describe('level names of each categorical column, coded 0, 1, … in this order'),
  }),
]).meta({ id: 'table' });

export const genotypeSchema = z.strictObject({
  gene: name.describe('gene symbol, e.g. DPYD; phenotypes combine the genotypes of one gene'),
  variant: text.optional().describe('the variant as a report names it, e.g. "c.1905+1G>A (rs3918290)"'),
  function: z.number().optional().describe('activity value of the variant allele (CPIC): 0 no function, 0.5 decreased, 1 normal (default 0)'),
  frequency: z.union([z.number(), z.record(name, z.number())]).describe('variant allele frequency, or one per level of `by`'),
  by: name.optional().describe('categorical covariate whose levels have their own frequencies (e.g. an ancestry group)'),
  source: text.optional().describe('where the frequencies come from'),
  description: text.optional(),
}).meta({ id: 'genotype' });

export const phenotypeSchema = z.strictObject({
  gene: name.describe('the gene whose genotypes the activity score sums'),
  panels: z.record(name, list(name)).optional().describe('the score as each test panel reports it: panel name → genotypes tested (untested variants count as normal)'),
  description: text.optional(),
}).meta({ id: 'phenotype' });

const subgroupItem = z.union([
  name.describe('a covariate, genotype or phenotype'),
  z.strictObject({ covariate: name, cuts: list(z.number()).describe('band limits in the covariate\'s unit, ascending') }),
]);

export const subgroupSchema = z.union([subgroupItem, list(subgroupItem, 4).describe('cross-classification of up to 4 covariates')]).meta({ id: 'subgroup' });

export const populationSchema = z.strictObject({
  size: z.number().optional().describe('patients per regimen (whole number, 1 … 10,000,000)'),
  seed: z.number().optional().describe('whole number ≥ 0'),
  mode: z.enum(['random', 'typical']).optional(),
  covariates: z.record(name, covariateSchema).optional(),
  correlations: list(correlationSchema, MAX_COVARIATES).optional(),
  derived: z.record(name, derivedCovariateSchema).optional(),
  genotypes: z.record(name, genotypeSchema).optional().describe('per-variant genotypes (number of variant alleles), Hardy–Weinberg within each group'),
  phenotypes: z.record(name, phenotypeSchema).optional().describe('activity scores from the genotypes of one gene, true and as each panel reports them'),
  subgroups: list(subgroupSchema, 100).optional().describe('covariates whose levels (or bands) every result is also reported for'),
  table: tableSchema.optional().describe('one row per patient: covariates, individual parameter values (e.g. CL, pk.CL) and random effects (eta.CL)'),
}).meta({ id: 'population' });
