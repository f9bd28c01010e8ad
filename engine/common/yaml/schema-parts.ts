/**
 * Building blocks of the file schemas (model and scenario): the same declarations validate files and
 * generate the JSON Schemas in schema/ (scripts/generate-schemas.ts), so the two cannot drift.
 */
import * as z from 'zod';
import { MAX_LIST_ITEMS } from '../limits.js';

/** Free text (titles, descriptions). */
export const text = z.string().max(20_000);
/** A name written in a file (symbols, summaries, regimens). */
export const name = z.string().max(200);
/** A unit string; a YAML number such as 1 is accepted as the dimensionless unit. */
export const unit = z.union([z.string().max(200), z.number()]).describe('unit string, e.g. mg, L/h, mg/m^2, 1/day, 1e9/L; 1 = dimensionless');
/** A number with a unit (`21 d`, `2.2 m^2`); a bare number where a default unit exists. */
export const quantity = z.union([z.number(), z.string().max(200)]).describe('a number with a unit, e.g. "21 d", "1 h", "2.2 m^2"; a bare number is in the model\'s time unit where a time is expected');
/** A mathjs expression. */
export const expression = z.string().max(20_000).describe('mathjs expression (see docs/FORMATS.md)');

/** A list of at most MAX_LIST_ITEMS items (docs/FORMATS.md "Limits"). */
export function list<T extends z.ZodType>(item: T, max = MAX_LIST_ITEMS) {
  return z.array(item).max(max);
}
