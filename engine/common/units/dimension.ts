/**
 * Dimension vectors (exponents of mathjs's base dimensions) and their human-readable forms.
 */

/** Exponents in mathjs base-dimension order: mass, length, time, current, temperature, luminous intensity, amount, angle, bit. */
export type Dim = readonly number[];

export const DIM_COUNT = 9;
const MASS = 0, LENGTH = 1, TIME = 2, AMOUNT = 6;

export const DIMENSIONLESS: Dim = Object.freeze(new Array<number>(DIM_COUNT).fill(0));

/** A dimension vector from a partial map of exponents. */
export function dimOf(e: { mass?: number; length?: number; time?: number; amount?: number }): Dim {
  const d = new Array<number>(DIM_COUNT).fill(0);
  d[MASS] = e.mass ?? 0; d[LENGTH] = e.length ?? 0; d[TIME] = e.time ?? 0; d[AMOUNT] = e.amount ?? 0;
  return d;
}

/** Dimensions scenario values are checked against. */
export const DIM = {
  none: dimOf({}),
  mass: dimOf({ mass: 1 }),
  amount: dimOf({ amount: 1 }),
  length: dimOf({ length: 1 }),
  area: dimOf({ length: 2 }),
  volume: dimOf({ length: 3 }),
  time: dimOf({ time: 1 }),
  massPerArea: dimOf({ mass: 1, length: -2 }),
  flow: dimOf({ length: 3, time: -1 }),
  /** mg/mL·min: exposure (AUC) for Calvert dosing. */
  exposure: dimOf({ mass: 1, length: -3, time: 1 }),
  massConcentration: dimOf({ mass: 1, length: -3 }),
  molarConcentration: dimOf({ amount: 1, length: -3 }),
} as const;

// `+ 0` turns -0 into 0 so dimension vectors compare equal with toEqual and in JSON.
export const dimMul = (a: Dim, b: Dim): Dim => a.map((x, i) => x + b[i] + 0);
export const dimDiv = (a: Dim, b: Dim): Dim => a.map((x, i) => x - b[i] + 0);
export const dimPow = (a: Dim, p: number): Dim => a.map((x) => x * p + 0);
export const dimEqual = (a: Dim, b: Dim): boolean => a.every((x, i) => Math.abs(x - b[i]) < 1e-9);
export const isDimensionless = (a: Dim): boolean => dimEqual(a, DIMENSIONLESS);

/** Symbols of the internal unit system, per base dimension (time is the model's time unit). */
function baseSymbols(timeUnit: string): string[] {
  return ['mg', 'dm', timeUnit, 'A', 'K', 'cd', 'µmol', 'rad', 'bit'];
}

function fmtExp(sym: string, e: number): string {
  const r = Math.round(e * 1000) / 1000;
  return r === 1 ? sym : `${sym}^${r}`;
}

/** The dimension written in internal units, e.g. `mg/L`, `L/h`, `1/h`, `1` (dimensionless). */
export function formatDim(d: Dim, timeUnit = 'h'): string {
  const syms = baseSymbols(timeUnit);
  const num: string[] = [];
  const den: string[] = [];
  d.forEach((raw, i) => {
    if (Math.abs(raw) < 1e-9) return;
    let sym = syms[i];
    let e = raw;
    // Volumes read better as litres than as cubic decimetres.
    if (i === LENGTH && Math.abs(e / 3 - Math.round(e / 3)) < 1e-9) { sym = 'L'; e = e / 3; }
    (e > 0 ? num : den).push(fmtExp(sym, Math.abs(e)));
  });
  const top = num.length ? num.join('*') : '1';
  if (!den.length) return top;
  return den.length === 1 ? `${top}/${den[0]}` : `${top}/(${den.join('*')})`;
}

const NAMED: { name: string; dim: Dim }[] = [
  { name: 'dimensionless', dim: DIMENSIONLESS },
  { name: 'mass', dim: dimOf({ mass: 1 }) },
  { name: 'amount of substance', dim: dimOf({ amount: 1 }) },
  { name: 'volume', dim: dimOf({ length: 3 }) },
  { name: 'area', dim: dimOf({ length: 2 }) },
  { name: 'length', dim: dimOf({ length: 1 }) },
  { name: 'time', dim: dimOf({ time: 1 }) },
  { name: 'rate', dim: dimOf({ time: -1 }) },
  { name: 'mass concentration', dim: dimOf({ mass: 1, length: -3 }) },
  { name: 'molar concentration', dim: dimOf({ amount: 1, length: -3 }) },
  { name: 'clearance (volume per time)', dim: dimOf({ length: 3, time: -1 }) },
  { name: 'mass per time', dim: dimOf({ mass: 1, time: -1 }) },
  { name: 'amount per time', dim: dimOf({ amount: 1, time: -1 }) },
  { name: 'number concentration (per volume)', dim: dimOf({ length: -3 }) },
];

/** "a unit of volume (e.g. L)" or "a unit of mg*h/L" for unnamed dimensions. */
export function describeDim(d: Dim, timeUnit = 'h'): string {
  const named = NAMED.find((n) => dimEqual(n.dim, d));
  if (!named) return `a unit of ${formatDim(d, timeUnit)}`;
  if (named.name === 'dimensionless') return 'a dimensionless unit (1)';
  return `a unit of ${named.name} (e.g. ${formatDim(d, timeUnit)})`;
}
