/**
 * Structure of a survival file (models/survival/*.yaml; docs/MODELS.md "Survival files"), as one zod
 * schema checked by the shared positioned YAML reader (engine/common/yaml): unknown keys, wrong types
 * and missing required keys are reported at once, each at its file:line:col. Meaning (units, outputs,
 * sources, expressions) is checked by load-survival-spec.ts.
 */
import * as z from 'zod';
import { expression, list, name, quantity, text, unit } from '../../yaml/schema-parts.js';

/** A sourced number: { value, unit?, source }. */
const sourced = z.strictObject({ value: z.number(), unit: unit.optional(), source: text, description: text.optional() });

const quantitySchema = z.strictObject({
  output: name.optional(),
  at: quantity.optional(),
  nadir_time: z.boolean().optional(),
  covariate: name.optional(),
  unit: unit.optional(),
  description: text.optional(),
});

const termSchema = z.strictObject({
  coefficient: z.number(),
  source: text,
  expr: z.union([expression, z.number()]).optional(),
  tumour_ratio: z.strictObject({ until: quantity.optional() }).optional(),
  after: name.optional(),
  observed_before: name.optional(),
  progression: z.strictObject({ or_after: name.optional() }).optional(),
  description: text.optional(),
});

const eventSchema = z.strictObject({
  distribution: z.enum(['weibull', 'lognormal']),
  lambda: sourced.optional(),
  shape: sourced.optional(),
  intercept: sourced.optional(),
  sigma: sourced.optional(),
  terms: list(termSchema).optional(),
  description: text.optional(),
});

export const survivalFileSchema = z.strictObject({
  survival: name,
  title: text.optional(),
  description: text.optional(),
  population: text.optional(),
  model: text.optional(),
  time_unit: unit,
  references: z.record(name, text),
  quantities: z.record(name, quantitySchema).optional(),
  tumour: z.strictObject({ output: name, every: quantity }).optional(),
  events: z.record(name, eventSchema),
  overall_survival: name,
  new_lesions: name.optional(),
});

export const SURVIVAL_KEYS = survivalFileSchema.keyof().options;
export const QUANTITY_KEYS = quantitySchema.keyof().options;
export const NUMBER_KEYS = sourced.keyof().options;
export const TERM_KEYS = termSchema.keyof().options;
export const EVENT_KEYS = eventSchema.keyof().options;
