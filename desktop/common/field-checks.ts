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

/** Dosing days of a cycle: whole numbers from 1. */
export function checkDays(v: string): Checked<number[]> {
  const l = parseNumberList(v);
  return l?.every((d) => Number.isInteger(d) && d >= 1) ? l : invalid('dosing days are whole numbers from 1 (day 1 starts the cycle), separated by commas');
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
