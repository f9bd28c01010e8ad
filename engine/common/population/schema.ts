/** Structure of the scenario's `population:` section (docs/FORMATS.md "Scenario file"), as zod schemas. */
import { z } from 'zod';
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

export const populationSchema = z.strictObject({
  size: z.number().optional().describe('patients per regimen (whole number, 1 … 10,000,000)'),
  seed: z.number().optional().describe('whole number ≥ 0'),
  mode: z.enum(['random', 'typical']).optional(),
  covariates: z.record(name, covariateSchema).optional(),
  correlations: list(correlationSchema, MAX_COVARIATES).optional(),
  derived: z.record(name, derivedCovariateSchema).optional(),
  table: tableSchema.optional().describe('one row per patient: covariates, individual parameter values (e.g. CL, pk.CL) and random effects (eta.CL)'),
}).meta({ id: 'population' });
