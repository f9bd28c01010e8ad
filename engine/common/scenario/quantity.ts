/**
 * Scenario-side quantity helpers: numbers with units as written in scenario files (`126 d`,
 * `2.2 m^2`), resolved into the engine's internal unit system (ir.ts: mass mg, length dm, amount µmol,
 * time = the model's time unit) by the shared parser in engine/common/units, plus the dimension
 * vectors scenario values are checked against.
 */
import { internalScale, parseUnit, type ParsedUnit } from '../units/index.js';

/** mathjs dimension order: mass, length, time, current, temperature, luminous intensity, amount, angle, bit. */
export type Dimensions = number[];

/** A unit resolved against the internal system: internal value = value_in_unit × factor. */
export interface InternalUnit {
  factor: number;
  dims: Dimensions;
}

/**
 * Resolves `unit` against the internal system for a model whose time unit is `timeUnit`, through the
 * shared unit parser (engine/common/units). Returns undefined when the string is not a unit.
 */
export function internalUnit(unit: string, timeUnit: string): InternalUnit | undefined {
  let parsed: ParsedUnit;
  try {
    parsed = parseUnit(unit);
  } catch {
    return undefined;
  }
  return { factor: internalScale(parsed, timeUnit), dims: [...parsed.dim] };
}

/** True when two dimension vectors are equal. */
export function sameDims(a: Dimensions, b: Dimensions): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
  return true;
}

/** Dimension vectors of the kinds scenario values need. */
export const DIMS = {
  none: [0, 0, 0, 0, 0, 0, 0, 0, 0],
  mass: [1, 0, 0, 0, 0, 0, 0, 0, 0],
  amount: [0, 0, 0, 0, 0, 0, 1, 0, 0],
  length: [0, 1, 0, 0, 0, 0, 0, 0, 0],
  area: [0, 2, 0, 0, 0, 0, 0, 0, 0],
  time: [0, 0, 1, 0, 0, 0, 0, 0, 0],
  massPerArea: [1, -2, 0, 0, 0, 0, 0, 0, 0],
  massPerTime: [1, 0, -1, 0, 0, 0, 0, 0, 0],
  flow: [0, 3, -1, 0, 0, 0, 0, 0, 0],
  /** mg/mL·min: exposure (AUC) for Calvert dosing. */
  exposure: [1, -3, 1, 0, 0, 0, 0, 0, 0],
  concentration: [1, -3, 0, 0, 0, 0, 0, 0, 0],
} satisfies Record<string, Dimensions>;

/** Describes a dimension vector for error messages (e.g. "mass/length^2"). */
export function describeDims(d: Dimensions): string {
  const names = ['mass', 'length', 'time', 'current', 'temperature', 'luminosity', 'amount', 'angle', 'bit'];
  const num: string[] = [];
  const den: string[] = [];
  d.forEach((p, i) => {
    if (p > 0) num.push(p === 1 ? names[i] : `${names[i]}^${p}`);
    if (p < 0) den.push(p === -1 ? names[i] : `${names[i]}^${-p}`);
  });
  if (!num.length && !den.length) return 'dimensionless';
  return `${num.join('·') || '1'}${den.length ? '/' + den.join('·') : ''}`;
}

/** A number with a unit, as written (`126 d`, `2.2 m^2`, `50 mg/h`). */
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
