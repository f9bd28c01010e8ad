/**
 * Small unit helpers for scenario values (temporary: to be merged into engine/common/units when it
 * lands). A unit string is evaluated with mathjs; values are converted into the engine's internal
 * unit system (ir.ts): mass mg, length dm (volume L), amount µmol, time = the model's time unit.
 *
 * Accepted spellings besides mathjs's own: `²`/`³`, `d` (day), `wk` (week), `yr` (year),
 * `min` (minute; mathjs would read it as the function min), `h`, a leading factor (`1e9/L`).
 */
import { evaluate, multiply, type Unit } from 'mathjs';

/** mathjs dimension order: mass, length, time, current, temperature, luminous intensity, amount, angle, bit. */
export type Dimensions = number[];

/** A unit resolved against the internal system: internal value = value_in_unit × factor. */
export interface InternalUnit {
  factor: number;
  dims: Dimensions;
}

const ALIASES: Record<string, string> = { d: 'day', wk: 'week', yr: 'year', min: 'minute', h: 'hour', hr: 'hour' };

/** Rewrites a user unit string into one mathjs evaluates as a unit expression. */
export function normalizeUnit(unit: string): string {
  return unit
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/µ|μ/g, 'u')
    .replace(/[A-Za-z_]+/g, (w) => ALIASES[w] ?? w);
}

/** SI value of one unit of the time unit `timeUnit` (e.g. 'h' → 3600). */
function secondsOf(timeUnit: string): number {
  const r = resolveSI(timeUnit);
  if (!r || !sameDims(r.dims, [0, 0, 1, 0, 0, 0, 0, 0, 0])) throw new Error(`'${timeUnit}' is not a time unit`);
  return r.si;
}

function resolveSI(unit: string): { si: number; dims: Dimensions } | undefined {
  const s = unit.trim();
  if (s === '' || s === '1') return { si: 1, dims: [0, 0, 0, 0, 0, 0, 0, 0, 0] };
  let v: unknown;
  try {
    v = evaluate(normalizeUnit(s));
  } catch {
    return undefined;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? { si: v, dims: [0, 0, 0, 0, 0, 0, 0, 0, 0] } : undefined;
  if (!v || typeof v !== 'object' || !('dimensions' in v)) return undefined;
  const u = v as Unit;
  // A unit without a value (e.g. `mg`) gets value 1; a ratio of equal dimensions may collapse to a number.
  const withValue = (u.value === null ? multiply(1, u) : u) as unknown;
  const si = typeof withValue === 'number' ? withValue : (withValue as Unit).value as unknown as number;
  return typeof si === 'number' && Number.isFinite(si) ? { si, dims: [...u.dimensions] } : undefined;
}

/**
 * Resolves `unit` against the internal system for a model whose time unit is `timeUnit`.
 * Returns undefined when the string is not a unit.
 */
export function internalUnit(unit: string, timeUnit: string): InternalUnit | undefined {
  const r = resolveSI(unit);
  if (!r) return undefined;
  // SI value of one internal base unit per dimension: mg, dm, time unit, (A, K, cd), µmol, rad, bit.
  const base = [1e-6, 0.1, secondsOf(timeUnit), 1, 1, 1, 1e-6, 1, 1];
  let div = 1;
  for (let i = 0; i < base.length; i++) div *= Math.pow(base[i], r.dims[i] ?? 0);
  // Snap binary noise of decimal prefixes (0.9999999999999997 → 1) to the short decimal it stands
  // for; factors like 1/60 (min → h) are left exactly as computed.
  const raw = r.si / div;
  const short = Number(raw.toPrecision(12));
  return { factor: Math.abs(short - raw) <= 1e-14 * Math.abs(raw) ? short : raw, dims: r.dims };
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
