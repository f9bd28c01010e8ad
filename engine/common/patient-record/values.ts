/**
 * Cell and field values of patient records: times ("7 d", "36 h", a number of hours), dates
 * (ISO 8601), numbers with units ("68 kg"), flags. Each parser throws an InputError at the
 * value's position with what it expected.
 */
import { excerpt, InputError } from '../errors.js';
import { DIM, dimEqual } from '../units/dimension.js';
import { splitQuantity } from '../units/quantity.js';
import { internalScale, parseUnit } from '../units/parse-unit.js';
import type { RecordPos } from './record.js';

function fail(pos: RecordPos, message: string, hint: string): never {
  throw InputError.at(pos.file, pos.line, pos.col, pos.path ? `${message} (at ${pos.path})` : message, hint);
}

/** A finite number (a JSON/YAML number or its text). */
export function parseNumber(v: unknown, pos: RecordPos, what: string): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(x)) fail(pos, `${what} must be a number, got '${excerpt(String(v ?? ''))}'`, 'write a plain number such as 1.25');
  return x;
}

/** A duration or relative time in hours: "7 d", "90 min", "2 wk", or a plain number of hours. */
export function parseHours(v: unknown, pos: RecordPos, what: string): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(pos, `${what} must be a finite time`, 'e.g. 7 d, 36 h, 90 min');
    return v;
  }
  const q = typeof v === 'string' ? splitQuantity(v) : undefined;
  if (!q) return fail(pos, `${what} must be a time such as '7 d' or '36 h', got '${excerpt(String(v ?? ''))}'`, 'a number with a time unit (h, d, wk, min); a plain number is hours');
  if (!q.unit) return q.value;
  let u;
  try { u = parseUnit(q.unit); } catch { return fail(pos, `'${excerpt(q.unit)}' is not a time unit`, 'use h, d, wk or min'); }
  if (!dimEqual(u.dim, DIM.time)) fail(pos, `'${excerpt(q.unit)}' is not a time unit`, 'use h, d, wk or min');
  return q.value * internalScale(u, 'h');
}

/** An ISO 8601 date or date-time as milliseconds since the epoch (no zone = UTC: only differences matter). */
export function parseDate(v: unknown, pos: RecordPos, what: string): number {
  const s = v instanceof Date ? v.toISOString() : String(v ?? '').trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  const t = m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ? (m[7] === 'Z' ? 'Z' : m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7]) : 'Z'}`) : NaN;
  if (!Number.isFinite(t)) fail(pos, `${what} must be a date such as 2026-03-02 or 2026-03-02T09:30, got '${excerpt(s)}'`, 'ISO 8601: YYYY-MM-DD, optionally Thh:mm[:ss] and a zone (Z, +01:00)');
  return t;
}

/** "68 kg" → { value: 68, unit: 'kg' }; a plain number has no unit. */
export function parseQuantity(v: unknown, pos: RecordPos, what: string): { value: number; unit?: string } {
  if (typeof v === 'number') return { value: parseNumber(v, pos, what) };
  const q = typeof v === 'string' ? splitQuantity(v) : undefined;
  if (!q || !Number.isFinite(q.value)) return fail(pos, `${what} must be a number with its unit, got '${excerpt(String(v ?? ''))}'`, 'e.g. 68 kg, 130 mg, 1.2 1e9/L');
  return q.unit ? { value: q.value, unit: q.unit } : { value: q.value };
}

/** true/false, yes/no, 1/0 (empty = false). */
export function parseFlag(v: unknown, pos: RecordPos, what: string): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'n'].includes(s)) return false;
  if (['1', 'true', 'yes', 'y'].includes(s)) return true;
  return fail(pos, `${what} must be true or false, got '${excerpt(s)}'`, 'write true/false, yes/no or 1/0');
}
