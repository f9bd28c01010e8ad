/**
 * `--set PATH=V1,V2,…`: a path into the scenario YAML (keys joined by dots, sequence items by [i],
 * e.g. `regimens[0].dose.amount`, `population.size`) and the values it takes, each a YAML value
 * (`50`, `2 h`, `[1, 8, 15]`). Commas inside brackets or braces belong to the value.
 */

export type PathStep = string | number;

export interface SetSpec {
  /** The argument as given (error messages quote it). */
  arg: string;
  /** The path as written, e.g. regimens[0].dose.amount. */
  pathText: string;
  path: PathStep[];
  /** Each value's YAML text. */
  values: string[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Parses `regimens[0].dose.amount` into steps, or returns why it is not a path. */
export function parsePath(text: string): PathStep[] | string {
  const steps: PathStep[] = [];
  for (const part of text.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m || (m[1] === '' && m[2] === '') || (m[1] !== '' && !KEY.test(m[1]))) {
      return `"${text}" is not a scenario path: write keys joined by dots and list items as [i], e.g. regimens[0].dose.amount`;
    }
    if (m[1] !== '') steps.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(idx[1]));
  }
  return steps;
}

/** Splits on commas outside [] and {} and quotes. */
function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = '', cur = '';
  for (const c of text) {
    if (quote) { if (c === quote) quote = ''; cur += c; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Parses one `--set` argument, or returns the reason it is not one. */
export function parseSetSpec(arg: string): SetSpec | string {
  const eq = arg.indexOf('=');
  if (eq < 0) return `--set ${arg}: expected PATH=VALUES, e.g. --set 'regimens[0].dose.amount=50,60,75'`;
  const pathText = arg.slice(0, eq).trim();
  const path = parsePath(pathText);
  if (typeof path === 'string') return `--set ${arg}: ${path}`;
  const values = splitValues(arg.slice(eq + 1));
  if (values.some((v) => v === '')) return `--set ${arg}: an empty value; separate values by single commas, e.g. ${pathText}=50,60,75`;
  if (new Set(values).size !== values.length) return `--set ${arg}: a value is listed twice`;
  return { arg, pathText, path, values };
}

/** Every combination of the sets' values (the first --set varies slowest). */
export function sweepGrid(sets: SetSpec[]): string[][] {
  return sets.reduce<string[][]>((points, s) => points.flatMap((p) => s.values.map((v) => [...p, v])), [[]]);
}
