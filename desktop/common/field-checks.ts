/**
 * What the form accepts in each field, and why it refuses the rest — as pure functions, so the
 * messages the user reads are tested. A refusal is `{ invalid: why }`; the field shows it and the
 * YAML keeps its previous value.
 */

/** A checked value, or why the typed text was refused. */
export type Checked<T> = T | { invalid: string };

export const invalid = (why: string): { invalid: string } => ({ invalid: why });

export function isInvalid<T>(c: Checked<T>): c is { invalid: string } {
  return typeof c === 'object' && c !== null && !Array.isArray(c) && 'invalid' in c;
}

const notNumber = (v: string): { invalid: string } => invalid(`“${v}” is not a number`);

/** A dose amount: a number ≥ 0 (0 is an untreated arm). */
export function checkDose(v: string): Checked<number> {
  if (v.trim() === '') return invalid('enter a dose');
  const n = Number(v);
  if (!Number.isFinite(n)) return notNumber(v);
  return n < 0 ? invalid('a dose cannot be negative') : n;
}

/** A regimen name: not empty, not another regimen's (results are keyed by name). */
export function checkName(v: string, others: string[]): Checked<string> {
  if (!v.trim()) return invalid('a regimen needs a name');
  return others.includes(v) ? invalid('another regimen already has this name') : v;
}

/** "1, 8, 15" → [1, 8, 15]; undefined unless every entry is a finite number (and ≥ 0). */
export function parseNumberList(s: string): number[] | undefined {
  const parts = s.split(/[,\s]+/).filter(Boolean);
  const v = parts.map(Number);
  return parts.length && v.every((x) => Number.isFinite(x) && x >= 0) ? v : undefined;
}

/**
 * Dosing days of a cycle: whole numbers from 1 and ranges "A-B" (A ≤ B), increasing, each day once
 * ("1-14", "1, 8, 15", "1-5, 8-12"); a range stays text, as the scenario format writes it.
 */
export function checkDays(v: string): Checked<(number | string)[]> {
  const parts = v.split(/\s*,\s*|\s+(?=\d)/).map((p) => p.replace(/\s+/g, '')).filter(Boolean);
  const why = 'dosing days are whole numbers from 1 or ranges like 1-14 (day 1 starts the cycle), increasing, separated by commas';
  if (!parts.length) return invalid(why);
  const out: (number | string)[] = [];
  let last = 0;
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) return invalid(why);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a || a <= last) return invalid(why);
    out.push(m[2] === undefined ? a : p);
    last = b;
  }
  return out;
}

/** Explicit dose times: numbers ≥ 0. */
export function checkTimes(v: string): Checked<number[]> {
  return parseNumberList(v) ?? invalid('dose times are numbers ≥ 0, separated by commas');
}

/** Number of cycles: a whole number ≥ 1, or empty for no `cycles:` key. */
export function checkCycles(v: string): Checked<number | undefined> {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : invalid('the number of cycles is a whole number ≥ 1 (or empty)');
}

/** A length or amount that must be above zero (cycle length). */
export function checkPositive(v: string, what: string): Checked<number> {
  if (v.trim() === '') return invalid(`enter the ${what}`);
  const n = Number(v);
  if (!Number.isFinite(n)) return notNumber(v);
  return n > 0 ? n : invalid(`the ${what} must be above 0`);
}

/** Free text that must not be empty (a rule's condition, a delay). */
export function checkFilled(v: string, what: string): Checked<string> {
  return v.trim() ? v : invalid(`enter ${what}`);
}

/** A whole number ≥ 1 (delays allowed before a rule discontinues). */
export function checkCount(v: string, what: string): Checked<number> {
  const n = Number(v);
  return v.trim() !== '' && Number.isInteger(n) && n >= 1 ? n : invalid(`${what} is a whole number ≥ 1`);
}

/** Population size: a whole number ≥ 1. */
export function checkPatients(v: string): Checked<number> {
  return checkCount(v, 'the number of patients');
}

/** Random seed: a whole number ≥ 0 (the engine's rule). */
export function checkSeed(v: string): Checked<number> {
  const n = Number(v);
  return v.trim() !== '' && Number.isSafeInteger(n) && n >= 0 ? n : invalid('the seed is a whole number ≥ 0');
}
