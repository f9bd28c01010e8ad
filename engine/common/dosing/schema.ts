/** Structure of a scenario's `regimens:` entries (docs/FORMATS.md), as zod schemas. */
import * as z from 'zod';
import { expression, list, name, quantity, text, unit } from '../yaml/schema-parts.js';

export const ROUTES = ['bolus', 'infusion', 'oral'] as const;
export const RULE_ACTIONS = ['delay', 'reduce', 'discontinue'] as const;
/** At most this many reduced dose levels, rules or trackers per regimen. */
export const MAX_PER_REGIMEN = 100;

export const aucSchema = z.strictObject({
  target: z.number().describe('target AUC in `unit`'),
  unit: unit.describe('e.g. mg/mL*min'),
}).meta({ id: 'auc' });

export const doseSchema = z.strictObject({
  amount: z.number().optional().describe('amount per `unit`'),
  unit: unit.optional().describe('mg (flat), mg/kg (× WT), mg/m^2 (× BSA)'),
  auc: aucSchema.optional().describe('Calvert dosing: AUC × (min(CRCL, 125 mL/min) + 25 mL/min)'),
  route: z.enum(ROUTES).optional(),
  duration: quantity.optional().describe('infusion duration, e.g. 1 h'),
  rate: quantity.optional().describe('infusion rate, e.g. 50 mg/h'),
  target: name.optional().describe('a dose target of the model'),
  bsa_cap: quantity.optional().describe('largest BSA for mg/m^2 doses, e.g. 2.2 m^2'),
  round_to: quantity.optional().describe('round each dose to a multiple of this, e.g. 1 mg'),
  reductions: list(z.union([z.number(), z.string().max(20)]), MAX_PER_REGIMEN).optional().describe('reduced levels: "80%" of the starting amount, or amounts in the dose unit'),
}).meta({ id: 'dose' });

export const scheduleSchema = z.strictObject({
  days: list(z.union([z.number(), z.string().max(40)])).optional().describe('1-based days within each cycle: single days and ranges, e.g. [1, 8] or [1-14]'),
  at: list(z.union([z.number(), z.string().max(40)])).optional().describe('times of day of each dosing day, e.g. ["08:00", "20:00"] (default 00:00)'),
  cycle_length: quantity.optional(),
  cycles: z.number().optional().describe('number of cycles (whole number ≥ 1)'),
  times: list(z.union([z.number(), z.string().max(40)])).optional().describe('explicit dose times in `unit`'),
  unit: unit.optional().describe('unit of `times`'),
  ii: quantity.optional().describe('NONMEM-style repeats: interval between repeats of each dose, e.g. 12 h'),
  addl: z.number().optional().describe('NONMEM-style repeats: number of additional doses after each dose (whole number ≥ 0)'),
  start: quantity.optional().describe('shifts the whole schedule'),
}).meta({ id: 'schedule' });

export const ruleSchema = z.strictObject({
  when: expression.optional().describe('condition over outputs, counters, trackers and covariates'),
  after: z.enum(['delay']).optional().describe('after: delay = when: "delayed > 0"'),
  at: z.enum(['dose']).optional(),
  action: z.enum(RULE_ACTIONS),
  by: quantity.optional().describe('delay: shift of this and later doses'),
  max: z.number().optional().describe('delay: most delays of one dose (1 … 1000)'),
  then: z.enum(['give', 'discontinue']).optional().describe('delay: what happens after max delays'),
  drugs: z.union([z.literal('all'), list(name, MAX_PER_REGIMEN)]).optional().describe('regimens with several drugs: the drugs a reduce rule steps down, or all'),
}).meta({ id: 'rule' });

export const trackerSchema = z.strictObject({
  output: name,
  below: z.number().optional(),
  above: z.number().optional(),
  unit: unit.optional().describe('time unit of the tracker (default d)'),
}).meta({ id: 'tracker' });

/** One drug of a combination regimen: its own dose and schedule (docs/FORMATS.md "Combination regimens"). */
export const drugSchema = z.strictObject({
  drug: name.describe('drug name: labels the drug and names it in rules'),
  dose: doseSchema,
  schedule: scheduleSchema.optional().describe("this drug's days/times; cycle_length, cycles and start default to the regimen's schedule"),
}).meta({ id: 'drug' });

export const regimenSchema = z.strictObject({
  name,
  drug: text.optional().describe('label only (single-drug regimens)'),
  description: text.optional(),
  dose: doseSchema.optional().describe('single-drug regimens; combinations use drugs:'),
  schedule: scheduleSchema.optional().describe('single-drug regimens: the schedule; with drugs: the common cycle (cycle_length, cycles, start)'),
  drugs: list(drugSchema, MAX_PER_REGIMEN).optional().describe('a combination: each drug with its own dose and schedule'),
  rules: list(ruleSchema, MAX_PER_REGIMEN).optional(),
  track: z.record(name, trackerSchema).optional(),
}).meta({ id: 'regimen' });
