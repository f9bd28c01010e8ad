/**
 * Structure of a scenario file (docs/FORMATS.md "Scenario file"), as one zod schema: it checks
 * shapes, types and list lengths, and every issue is reported at once with its position; meaning
 * (units, names, references to the model) is checked by the loader. `schema/scenario.schema.json` is
 * generated from this declaration (scripts/generate-schemas.ts; test/common/schemas.test.ts).
 */
import * as z from 'zod';
import { regimenSchema } from '../dosing/schema.js';
import { populationSchema } from '../population/schema.js';
import { list, name, quantity, text, unit } from '../yaml/schema-parts.js';

export const SUMMARY_KINDS = ['max', 'min', 'auc', 'time_below', 'time_above', 'value_at'] as const;
export const RECIST_MEASURES = ['volume', 'diameter'] as const;
/** At most this many regimens, summaries, events or quantiles (docs/FORMATS.md "Limits"). */
export const MAX_REGIMENS = 100;
export const MAX_SUMMARIES = 1000;
export const MAX_QUANTILES = 99;

export const gridSchema = z.strictObject({
  every: quantity.optional(),
  times: list(z.number()).optional(),
  unit: unit.optional().describe('unit of `times`'),
}).meta({ id: 'outputGrid' });

export const solverSchema = z.strictObject({
  method: z.enum(['dopri5', 'rosenbrock', 'auto', 'rk4']).optional(),
  rtol: z.number().optional(),
  atol: z.union([z.number(), z.record(name, z.number())]).optional().describe("in each state's own unit; a map gives it per state"),
  hmax: quantity.optional(),
  h0: quantity.optional().describe('initial step, or auto'),
  hmin: quantity.optional(),
  max_steps: z.number().optional().describe('steps per patient before it counts as failed (1 … 1e9)'),
  closed_form_linear: z.boolean().optional(),
}).meta({ id: 'solver' });

export const summarySchema = z.strictObject({
  name,
  kind: z.enum(SUMMARY_KINDS),
  output: name,
  from: quantity.optional(),
  to: quantity.optional(),
  threshold: z.number().optional().describe("in the output's unit"),
  time: quantity.optional(),
}).meta({ id: 'summary' });

export const eventSchema = z.strictObject({
  name,
  summary: name,
  below: z.number().optional(),
  above: z.number().optional(),
}).meta({ id: 'event' });

export const neutropeniaSchema = z.strictObject({
  output: name,
  lln: z.number().optional().describe('lower limit of normal, ×10⁹/L (default 2.0)'),
  per_cycle: z.boolean().optional(),
}).meta({ id: 'neutropenia' });

export const recistSchema = z.strictObject({
  output: name,
  every: quantity,
  measure: z.enum(RECIST_MEASURES).optional(),
  confirm: z.boolean().optional(),
  sd_min: quantity.optional(),
}).meta({ id: 'recist' });

export const survivalEndpointSchema = z.strictObject({
  model: text.describe('survival file (models/survival/*.yaml), relative to this file'),
  follow_up: quantity.optional().describe('administrative censoring after the first dose, e.g. 5 yr (default: none)'),
  at_risk_every: quantity.optional().describe('spacing of the number-at-risk table (default 3 months = 91.3125 d)'),
}).meta({ id: 'survivalEndpoint' });

export const endpointsSchema = z.strictObject({
  neutropenia: neutropeniaSchema.optional(),
  recist: recistSchema.optional(),
  survival: survivalEndpointSchema.optional(),
}).meta({ id: 'endpoints' });

/** The whole scenario file. */
export const scenarioFileSchema = z.strictObject({
  scenario: name.optional().describe('scenario id (defaults to the file name)'),
  title: text.optional(),
  question: text.optional(),
  description: text.optional(),
  model: text.describe('model file relative to this file, or a built-in model id'),
  horizon: quantity,
  output_grid: gridSchema.optional(),
  solver: solverSchema.optional(),
  population: populationSchema,
  regimens: list(regimenSchema, MAX_REGIMENS).min(1),
  summaries: list(summarySchema, MAX_SUMMARIES).optional(),
  endpoints: endpointsSchema.optional(),
  events: list(eventSchema, MAX_SUMMARIES).optional(),
  quantiles: list(z.number(), MAX_QUANTILES).min(1).optional(),
  golden: text.optional().describe('regression reference JSON (CLI `regress`), relative to this file'),
});

/** JSON Schema (draft-07) of the scenario file, for editors; `schema/scenario.schema.json` holds this. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(scenarioFileSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return { ...s, $id: 'https://oncotwin.dev/schema/scenario.schema.json', title: 'oncotwin scenario file' };
}
