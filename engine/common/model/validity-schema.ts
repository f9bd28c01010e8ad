/**
 * Structure of a model file's `validity:` section — the population the model's numbers were
 * estimated in (docs/FORMATS.md "Validity domain"). Meaning is checked in ./validity.ts.
 */
import * as z from 'zod';

const text = z.string();
const source = text.describe('where the statement comes from (a key of `references` or a citation)');

export const validityCovariateSchema = z.strictObject({
  min: z.number().optional().describe('lowest value in the estimation population, in `unit`'),
  max: z.number().optional().describe('highest value in the estimation population, in `unit`'),
  unit: z.union([z.string(), z.number()]).optional().describe('unit of min/max (default: the model covariate\'s unit)'),
  levels: z.array(text).optional().describe('categorical covariate: the levels the estimation population held'),
  description: text.optional(),
  source: source.optional(),
});

/**
 * One range of single doses the model is evidence for. `unit` is the dose unit as scenarios write it
 * (mg/m^2, mg/kg, mg, or auc for a Calvert target); a scenario dose outside [min, max] is reported as
 * extrapolation (docs/FORMATS.md "Validity domain").
 */
export const validityDoseRangeSchema = z.strictObject({
  drug: text.optional().describe('the dose target or drug name a regimen gives (any drug when absent)'),
  unit: text.describe('dose unit as scenarios write it: mg/m^2, mg/kg, mg, or auc'),
  min: z.number().describe('smallest single dose studied, in `unit`'),
  max: z.number().describe('largest single dose studied, in `unit`'),
  source: source,
});

export const validitySchema = z.strictObject({
  n: z.number().optional().describe('number of patients the parameters were estimated in'),
  description: text.optional(),
  tumour_types: z.array(text).optional(),
  doses: text.optional().describe('doses and schedules studied'),
  dose_ranges: z.array(validityDoseRangeSchema).optional().describe('single-dose ranges studied, per drug and unit; doses outside are flagged as extrapolation'),
  covariates: z.record(text, validityCovariateSchema).optional().describe('covariate ranges (or levels) of the estimation population'),
  ancestry: z.strictObject({
    covariate: text.describe('the population covariate holding ancestry groups'),
    composition: z.record(text, z.number()).describe('share of each group in the estimation population'),
    source: source.optional(),
  }).optional(),
  genotypes: z.record(text, text).optional().describe('per gene: how the estimation population covers it'),
  not_reported: z.array(text).optional().describe('what the source does not report'),
  source: source.optional(),
}).describe('the population the model was estimated in; runs report the share of virtual patients outside it');
