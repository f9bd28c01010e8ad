/**
 * Structure of a model file (docs/FORMATS.md "Model file" and "Composition"), as a zod schema.
 * It checks shapes and types only; meaning (units, symbols, dimensions) is checked by the loader
 * with positions. `schema/model.schema.json` is generated from this schema (see its test).
 */
import * as z from 'zod';
import { validitySchema } from './validity-schema.js';

const text = z.string();
const expr = z.union([z.string(), z.number()]).describe('mathjs expression (see docs/FORMATS.md)');
const unit = z.union([z.string(), z.number()]).describe('unit string, e.g. mg, L/h, mg/m^2, 1/day, 1e9/L; 1 = dimensionless');
const source = text.describe('where the number comes from (a key of `references` or a citation)');
const description = text.describe('free text');

export const parameterSchema = z.strictObject({
  value: z.number().describe('typical value in `unit`'),
  unit: unit.optional(),
  description: description.optional(),
  source: source.optional(),
});

export const covariateSchema = z.strictObject({
  unit: unit.optional(),
  description: description.optional(),
  levels: z.array(text).optional().describe('categorical covariate: level names; the value is the 0-based level index'),
});

export const covariateEffectSchema = z.strictObject({
  parameter: text.describe('parameter the effect applies to'),
  covariate: text.describe('covariate name'),
  model: z.enum(['power', 'exponential', 'linear', 'categorical']),
  exponent: z.number().optional().describe('power model: TV * (cov/ref)^exponent'),
  coefficient: z.number().optional().describe('exponential/linear models, in 1/(covariate unit)'),
  reference: z.union([z.string(), z.number()]).optional().describe('a parameter name or a number in the covariate unit'),
  levels: z.record(text, z.number()).optional().describe('categorical model: factor per level'),
  description: description.optional(),
  source: source.optional(),
});

export const variabilitySchema = z.strictObject({
  distribution: z.enum(['lognormal', 'normal', 'logitnormal']),
  cv: z.number().optional().describe('lognormal only: omega2 = log(1 + cv^2)'),
  omega2: z.number().optional().describe('variance of eta'),
  sd: z.number().optional().describe('standard deviation of eta (normal: in `unit`)'),
  unit: unit.optional().describe('normal only: unit of sd (defaults to the parameter unit)'),
  description: description.optional(),
  source: source.optional(),
});

export const correlationSchema = z.strictObject({
  between: z.tuple([text, text]),
  r: z.number().describe('correlation coefficient of the two etas'),
  source: source.optional(),
});

export const omegaBlockSchema = z.strictObject({
  parameters: z.array(text),
  lower: z.array(z.number()).describe('lower triangle of the covariance, row by row, variances on the diagonal'),
  source: source.optional(),
});

export const inputSchema = z.strictObject({
  unit: unit.optional(),
  description: description.optional(),
  default: z.number().optional().describe('value (in `unit`) when nothing is bound to the input'),
});

export const stateSchema = z.strictObject({
  unit: unit.optional(),
  initial: expr.optional().describe('initial value (expression), default 0'),
  description: description.optional(),
  atol: z.number().optional().describe('absolute tolerance in the state unit'),
});

export const derivedSchema = z.strictObject({
  expr,
  unit: unit.optional(),
  description: description.optional(),
});

const outputSchema = derivedSchema;

export const dosingSchema = z.strictObject({
  state: text.optional().describe('state receiving the dose'),
  bioavailability: expr.optional(),
  lag: expr.optional().describe('lag time in time_unit'),
  module: text.optional().describe('composition: module that defines the target'),
  target: text.optional().describe('composition: dosing target name inside the module'),
  description: description.optional(),
});

const residualValue = parameterSchema.describe('a residual-error value with its unit and source');

export const observationSchema = z.strictObject({
  error: z.enum(['additive', 'proportional', 'combined', 'log_additive', 'exponential'])
    .describe('additive: y = f + ε·sd; proportional: y = f·(1 + ε·cv); combined: variance sd² + (cv·f)²; log_additive (= exponential): ln y = ln f + ε·sd'),
  sd: residualValue.optional().describe('additive SD in a unit of the output (additive, combined), or SD of ln y (log_additive, unit 1)'),
  cv: residualValue.optional().describe('proportional SD as a fraction of the prediction (proportional, combined; unit 1 or %)'),
  lloq: residualValue.optional().describe('lower limit of quantification (unit of the output): reported values below it use the M3 likelihood'),
  description: description.optional(),
});

export const moduleSchema = z.strictObject({
  file: text.describe('model file, relative to this file'),
  description: description.optional(),
});

/** The whole model file. */
export const modelFileSchema = z.strictObject({
  model: text.describe('model id (file name without .yaml by convention)'),
  title: text.optional(),
  description: description.optional(),
  population: text.optional().describe('where the numbers were estimated'),
  time_unit: text.optional().describe('unit of t and of ODE rates (default h)'),
  references: z.record(text, text).optional(),
  covariates: z.record(text, covariateSchema).optional(),
  parameters: z.record(text, parameterSchema).optional(),
  covariate_effects: z.array(covariateEffectSchema).optional(),
  variability: z.record(text, variabilitySchema).optional(),
  correlations: z.array(correlationSchema).optional(),
  omega_blocks: z.array(omegaBlockSchema).optional(),
  inputs: z.record(text, inputSchema).optional(),
  states: z.record(text, stateSchema).optional(),
  derived: z.record(text, derivedSchema).optional(),
  odes: z.record(text, expr).optional(),
  outputs: z.record(text, outputSchema).optional(),
  dosing: z.record(text, dosingSchema).optional(),
  modules: z.record(text, moduleSchema).optional(),
  bind: z.record(text, expr).optional(),
  validity: validitySchema.optional(),
  observations: z.record(text, observationSchema).optional().describe('residual error of measured outputs, by output name (patient twins, fitting)'),
});

export type ModelFile = z.infer<typeof modelFileSchema>;

/** JSON Schema (draft-07) of the model file, for editors; `schema/model.schema.json` holds this. */
export function modelJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(modelFileSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return { ...s, $id: 'https://oncotwin.dev/schema/model.schema.json', title: 'oncotwin model file' };
}
