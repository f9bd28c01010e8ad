/**
 * Unit strings → (SI factor, dimension), and conversion into the engine's internal unit system:
 * mass mg, length dm (so volume L), amount µmol, time = the model's time unit.
 *
 * A small recursive-descent parser handles the unit grammar (numbers, unit names, `*`, `/`, `·`,
 * spaces, `^`, parentheses) and asks mathjs only for single unit names: `math.evaluate` would read
 * `min` in `mL/min` as the function min(), and unit strings need no other syntax.
 */
import { closest, excerpt, InputError } from '../errors.js';
import { posAt, type TextWhere } from '../text-where.js';
import { DIM_COUNT, DIMENSIONLESS, describeDim, dimDiv, dimEqual, dimMul, dimPow, type Dim } from './dimension.js';
import { math } from './math-instance.js';

/** A parsed unit: multiply a value by `factor` to get SI base units of dimension `dim`. */
export interface ParsedUnit {
  text: string;
  factor: number;
  dim: Dim;
}

/** Range of the numbers a unit may contain (`1e9/L`); beyond it a number is a value, not a scale. */
const MIN_UNIT_NUMBER = 1e-15;
const MAX_UNIT_NUMBER = 1e15;

/** Suggestions for misspelt unit names. */
const COMMON_UNITS = ['mg', 'g', 'kg', 'ug', 'ng', 'L', 'mL', 'dL', 'uL', 'm', 'cm', 'mm', 'mol', 'mmol', 'umol', 'nmol',
  'h', 'min', 's', 'd', 'day', 'wk', 'week', 'yr', 'year'];

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[*/^()%-]|\+))/y;

/** Writes the Unicode forms people type (`²`, `³`, `⁻¹`, `µ`, `·`) in the ASCII grammar, keeping offsets where possible. */
function normalise(s: string): string {
  return s.replace(/⁻¹/g, '^-1').replace(/²/g, '^2').replace(/³/g, '^3').replace(/[µμ]/g, 'u').replace(/·/g, '*');
}

class UnitParser {
  private pos = 0;
  private tok: { kind: 'num' | 'id' | 'op' | 'end'; text: string; at: number } = { kind: 'end', text: '', at: 0 };
  /** Whether the unit names at least one unit (a bare number is not a unit). */
  named = false;
  /** The unit as quoted in messages (short, no control characters). */
  private readonly shown: string;
  constructor(private readonly src: string, private readonly original: string, private readonly where?: TextWhere) {
    this.shown = excerpt(original, 40);
    this.next();
  }

  fail(at: number, message: string, hint?: string): never {
    const p = this.where ? posAt(this.where, Math.min(at, this.original.length)) : { file: '<unit>', line: 1, col: at + 1 };
    throw InputError.at(p.file, p.line, p.col, message, hint ?? 'write units like mg, L/h, mg/m^2, 1/day, (ng/mL)^-1/day, 1e9/L');
  }

  private next(): void {
    TOKEN.lastIndex = this.pos;
    const rest = this.src.slice(this.pos);
    if (/^\s*$/.test(rest)) { this.tok = { kind: 'end', text: '', at: this.src.length }; this.pos = this.src.length; return; }
    const m = TOKEN.exec(this.src);
    if (!m) {
      const at = this.pos + (rest.length - rest.trimStart().length);
      this.fail(at, `unexpected character '${excerpt(this.src[at])}' in unit '${this.shown}'`);
    }
    const at = this.pos + m[0].length - m[0].trimStart().length;
    this.pos = TOKEN.lastIndex;
    this.tok = m[1] !== undefined ? { kind: 'num', text: m[1], at } : m[2] !== undefined ? { kind: 'id', text: m[2], at } : { kind: 'op', text: m[3], at };
  }

  parse(): { factor: number; dim: Dim } {
    const r = this.product();
    if (this.tok.kind !== 'end') this.fail(this.tok.at, `unexpected '${this.tok.text}' in unit '${this.shown}'`);
    return r;
  }

  private product(): { factor: number; dim: Dim } {
    let acc = this.power();
    for (;;) {
      const t = this.tok;
      if (t.kind === 'op' && (t.text === '*' || t.text === '/')) {
        this.next();
        const rhs = this.power();
        acc = t.text === '*' ? { factor: acc.factor * rhs.factor, dim: dimMul(acc.dim, rhs.dim) } : { factor: acc.factor / rhs.factor, dim: dimDiv(acc.dim, rhs.dim) };
      } else if (t.kind === 'num' || t.kind === 'id' || (t.kind === 'op' && t.text === '(')) {
        // Juxtaposition (`mg h`) multiplies, as in mathjs.
        const rhs = this.power();
        acc = { factor: acc.factor * rhs.factor, dim: dimMul(acc.dim, rhs.dim) };
      } else return acc;
    }
  }

  private power(): { factor: number; dim: Dim } {
    const base = this.atom();
    if (this.tok.kind === 'op' && (this.tok.text === '^' || this.tok.text === '**')) {
      this.next();
      const p = this.exponent();
      return { factor: base.factor ** p, dim: dimPow(base.dim, p) };
    }
    return base;
  }

  private exponent(): number {
    let sign = 1;
    let paren = false;
    if (this.tok.kind === 'op' && this.tok.text === '(') { paren = true; this.next(); }
    if (this.tok.kind === 'op' && (this.tok.text === '-' || this.tok.text === '+')) { sign = this.tok.text === '-' ? -1 : 1; this.next(); }
    if (this.tok.kind !== 'num') this.fail(this.tok.at, `expected a number as exponent in unit '${this.shown}'`);
    const v = sign * Number(this.tok.text);
    this.next();
    if (paren) this.expect(')');
    return v;
  }

  private expect(op: string): void {
    if (this.tok.kind !== 'op' || this.tok.text !== op) this.fail(this.tok.at, `expected '${op}' in unit '${this.shown}'`);
    this.next();
  }

  private atom(): { factor: number; dim: Dim } {
    const t = this.tok;
    if (t.kind === 'num') {
      const v = Number(t.text);
      if (!(v >= MIN_UNIT_NUMBER && v <= MAX_UNIT_NUMBER)) {
        this.fail(t.at, `the number ${t.text} in unit '${this.shown}' is outside ${MIN_UNIT_NUMBER}…${MAX_UNIT_NUMBER}`, 'numbers in units scale a unit, e.g. 1e9/L; write the value itself in value:');
      }
      this.next();
      return { factor: v, dim: DIMENSIONLESS };
    }
    if (t.kind === 'op' && t.text === '%') { this.next(); return { factor: 0.01, dim: DIMENSIONLESS }; }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      const inner = this.product();
      this.expect(')');
      return inner;
    }
    if (t.kind === 'id') {
      this.named = true;
      this.next();
      return lookupUnit(t.text, () => {
        const guess = closest(t.text, COMMON_UNITS);
        this.fail(t.at, `unknown unit '${t.text}' in '${this.shown}'`, guess ? `did you mean '${guess}'?` : undefined);
      });
    }
    return this.fail(t.at, t.kind === 'end' ? `unit '${this.shown}' ends too early` : `unexpected '${t.text}' in unit '${this.shown}'`);
  }
}

const unitCache = new Map<string, { factor: number; dim: Dim }>();

function lookupUnit(name: string, onUnknown: () => never): { factor: number; dim: Dim } {
  const hit = unitCache.get(name);
  if (hit) return hit;
  let u;
  try {
    u = math.unit(1, name);
  } catch {
    return onUnknown();
  }
  const dims = u.dimensions as number[];
  const r = { factor: u.value as number, dim: dims.slice(0, DIM_COUNT) as Dim };
  unitCache.set(name, r);
  return r;
}

/** A single unit name (`mg`, `L`, `h`, `min`) as SI factor and dimension; undefined when it is none. */
export function unitNamed(name: string): { factor: number; dim: Dim } | undefined {
  let known = true;
  const r = lookupUnit(name, () => { known = false; return undefined as never; });
  return known ? r : undefined;
}

/**
 * Parses a unit string (`mg`, `L/h`, `mg/m^2`, `(ng/mL)^-1/day`, `1e9/L`, `µmol/L`, `m²`; `1`, empty
 * or undefined = dimensionless). Throws `InputError` at `where` (plus the offending offset) when bad.
 */
export function parseUnit(unit: string | number | undefined, where?: TextWhere): ParsedUnit {
  const text = unit === undefined ? '1' : String(unit).trim();
  if (text === '' || text === '1') return { text: '1', factor: 1, dim: DIMENSIONLESS };
  const parser = new UnitParser(normalise(text), text, where);
  const r = parser.parse();
  // A bare number such as '4294967296' would silently scale a value (a transit count NTR of 3 would
  // become 1.3e10 and the model would run for hours); dimensionless values are written with 1 or %.
  if (!parser.named && r.factor !== 1 && text !== '%') {
    parser.fail(0, `unit '${excerpt(text, 40)}' is a bare number, not a unit`, 'write unit: 1 for a dimensionless value (or %), and the value itself in value:');
  }
  if (!Number.isFinite(r.factor) || r.factor <= 0) {
    throw InputError.at(where?.file ?? '<unit>', where?.line ?? 1, where?.col ?? 1, `unit '${text}' has no positive finite scale`);
  }
  return { text, ...r };
}

/** Seconds per internal time unit, i.e. per model `time_unit`. */
function timeSeconds(timeUnit: string): number {
  const t = parseUnit(timeUnit);
  if (!dimEqual(t.dim, [0, 0, 1, 0, 0, 0, 0, 0, 0])) {
    throw InputError.at('<time_unit>', 1, 1, `time_unit '${timeUnit}' is not a unit of time`, 'use h, min, d, day or wk');
  }
  return t.factor;
}

/** SI value of one internal base unit, per base dimension (mg, dm, time unit, A, K, cd, µmol, rad, bit). */
function internalBases(timeUnit: string): number[] {
  return [1e-6, 0.1, timeSeconds(timeUnit), 1, 1, 1, 1e-6, 1, 1];
}

/** Multiply a value in `unit` by this to get internal units. */
export function internalScale(unit: ParsedUnit | string, timeUnit: string): number {
  const u = typeof unit === 'string' ? parseUnit(unit) : unit;
  const bases = internalBases(timeUnit);
  let s = u.factor;
  u.dim.forEach((e, i) => { if (e !== 0) s /= bases[i] ** e; });
  // The SI round trip adds binary noise (5 L/h → 4.999999999999998); snap to a short decimal when
  // one lies within that noise, and keep values such as 1/60 exact otherwise.
  const short = Number(s.toPrecision(12));
  return Math.abs(short - s) <= 1e-13 * Math.abs(s) ? short : s;
}

/** `value` in `unit` expressed in internal units (mg, L, µmol, `timeUnit`). */
export function toInternal(value: number, unit: ParsedUnit | string, timeUnit: string): number {
  return value * internalScale(unit, timeUnit);
}

/** Multiply an internal value by this to express it in `unit`. */
export function fromInternalScale(unit: ParsedUnit | string, timeUnit: string): number {
  return 1 / internalScale(unit, timeUnit);
}

/**
 * Throws an `InputError` at `where` unless `unit` has dimension `expected`, e.g.
 * "V1: expected a unit of volume (e.g. L), got mg/L".
 */
export function expectDim(unit: ParsedUnit, expected: Dim, where: TextWhere, what: string, timeUnit = 'h'): void {
  if (dimEqual(unit.dim, expected)) return;
  throw InputError.at(where.file, where.line, where.col, `${what}: expected ${describeDim(expected, timeUnit)}, got ${unit.text}`,
    `write ${what} in ${describeDim(expected, timeUnit)}`);
}
