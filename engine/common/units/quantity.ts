/**
 * Numbers with units as scenario files write them (`126 d`, `2.2 m^2`, `50 mg/h`), resolved into
 * the engine's internal unit system (mass mg, volume L, amount µmol, time = the model's time unit)
 * by the one unit parser (./parse-unit.ts).
 */
import type { TextWhere } from '../text-where.js';
import type { Dim } from './dimension.js';
import { internalScale, parseUnit } from './parse-unit.js';

/** A number with a unit, as written. */
export interface Quantity {
  value: number;
  unit: string;
}

/** Splits `"126 d"` into { value: 126, unit: 'd' }; undefined when it does not start with a number. */
export function splitQuantity(text: string): Quantity | undefined {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(text);
  if (!m) return undefined;
  return { value: Number(m[1]), unit: m[2] };
}

/** A unit resolved against the internal system: internal value = value in `text` × `factor`. */
export interface InternalUnit {
  text: string;
  factor: number;
  dim: Dim;
}

/**
 * Resolves `unit` for a model whose time unit is `timeUnit`; an unknown or malformed unit is an
 * InputError at `where` (at the offending character when `where` locates the unit's text).
 */
export function internalUnit(unit: string, timeUnit: string, where?: TextWhere): InternalUnit {
  const parsed = parseUnit(unit, where);
  return { text: parsed.text, factor: internalScale(parsed, timeUnit), dim: parsed.dim };
}
