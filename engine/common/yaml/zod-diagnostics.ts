/**
 * zod validation issues → positioned diagnostics with a fix hint each (unknown keys get the closest
 * valid key; a missing field is reported at its parent; a wrong type names what was found).
 */
import type { z } from 'zod';
import { closest, excerpt, type Diagnostic } from '../errors.js';
import type { SourcePos } from '../ir.js';

export type YamlPath = readonly (string | number)[];

/** What the translation needs to know about the file. */
export interface IssueContext {
  keyPos(path: YamlPath): SourcePos;
  valuePos(path: YamlPath): SourcePos;
  get(path: YamlPath): unknown;
}

interface ZodLike {
  def: { type: string; shape?: Record<string, ZodLike>; valueType?: ZodLike; element?: ZodLike; innerType?: ZodLike; items?: ZodLike[]; options?: ZodLike[] };
}

function unwrap(s: ZodLike | undefined): ZodLike | undefined {
  let cur = s;
  while (cur && (cur.def.type === 'optional' || cur.def.type === 'nullable' || cur.def.type === 'default')) cur = cur.def.innerType;
  return cur;
}

/** The sub-schema at a data path (records and arrays step into their element schema; unions into their object member). */
function schemaAt(root: ZodLike, path: YamlPath): ZodLike | undefined {
  let s = unwrap(root);
  for (const seg of path) {
    if (!s) return undefined;
    const d = s.def;
    if (d.type === 'union') s = d.options?.map(unwrap).find((o) => o?.def.type === 'object' && o.def.shape?.[String(seg)]) ?? d.options?.map(unwrap).find((o) => o?.def.type === 'record');
    if (!s) return undefined;
    const e = s.def;
    if (e.type === 'object') s = e.shape?.[String(seg)];
    else if (e.type === 'record') s = e.valueType;
    else if (e.type === 'array') s = e.element;
    else if (e.type === 'tuple') s = e.items?.[Number(seg)];
    else return undefined;
    s = unwrap(s);
  }
  if (s?.def.type === 'union') return s.def.options?.map(unwrap).find((o) => o?.def.type === 'object') ?? s;
  return s;
}

const kindOf = (v: unknown): string => (v === null || v === undefined ? 'nothing' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`);

function expectHint(expected: string): string | undefined {
  if (expected === 'number') return 'write a plain number (no unit; units go in `unit:`)';
  if (expected === 'object') return 'write a mapping: indented key: value lines, or { key: value }';
  if (expected === 'array') return 'write a list: - item lines, or [a, b]';
  if (expected === 'boolean') return 'write true or false without quotes';
  return undefined;
}

/** Diagnostics for `issues` of validating the value at `base` against `schema`. */
export function issueDiagnostics(f: IssueContext, schema: z.ZodType, issues: readonly z.core.$ZodIssue[], base: YamlPath = []): Diagnostic[] {
  const root = schema as unknown as ZodLike;
  const diags: Diagnostic[] = [];
  // A missing field that an unknown key of the same mapping is a misspelling of is one problem, not two.
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const allowed = Object.keys(schemaAt(root, issue.path as YamlPath)?.def.shape ?? {});
    for (const key of issue.keys) {
      const guess = closest(key, allowed);
      if (guess) misspelt.add([...base, ...issue.path, guess].join('\u0000'));
    }
  }
  for (const issue of issues) {
    const rel = issue.path as (string | number)[];
    const path = [...base, ...rel];
    const name = path.join('.') || 'file';
    if (issue.code === 'unrecognized_keys') {
      const allowed = Object.keys(schemaAt(root, rel)?.def.shape ?? {});
      for (const key of issue.keys) {
        const guess = closest(key, allowed);
        // `{ description: a, b }` splits at the comma and makes ` b` a key: say so.
        const split = /\s/.test(key.trim()) || f.get([...path, key]) === null;
        diags.push({ ...f.keyPos([...path, key]), message: `unknown key '${excerpt(key, 40)}'${path.length ? ` in ${name}` : ''}`,
          hint: guess ? `did you mean '${guess}'?` : split ? 'inside { }, a comma ends a value: quote text that contains commas, e.g. description: "a, b"' : `allowed keys: ${allowed.join(', ')}` });
      }
      continue;
    }
    const actual = f.get(path);
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && actual === undefined) {
      if (misspelt.has(path.join('\u0000'))) continue;
      diags.push({ ...f.keyPos(path.slice(0, -1)), message: `missing required field '${path[path.length - 1]}'${path.length > 1 ? ` in ${path.slice(0, -1).join('.')}` : ''}`,
        hint: `add ${String(path[path.length - 1])}: ...` });
    } else if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
      diags.push({ ...f.valuePos(path), message: `${name} must be ${expected}, got ${kindOf(actual)}`, hint: expectHint(issue.expected) });
    } else if (issue.code === 'invalid_union') {
      const described = unwrap(schemaAt(root, rel)) as unknown as { description?: string } | undefined;
      diags.push({ ...f.valuePos(path), message: `${name} must be ${described?.description ?? 'a string or a number'}, got ${kindOf(actual)}`, hint: 'write it as a single value, quoted if it contains ": "' });
    } else if (issue.code === 'invalid_value') {
      const values = issue.values.map(String);
      const guess = typeof actual === 'string' ? closest(actual, values) : undefined;
      diags.push({ ...f.valuePos(path), message: `${name} must be one of ${values.join(', ')}, got '${excerpt(String(actual), 40)}'`,
        hint: guess ? `did you mean '${guess}'?` : undefined });
    } else if (issue.code === 'too_big' || issue.code === 'too_small') {
      diags.push({ ...f.valuePos(path), message: `${name}: ${issue.message}`, hint: issue.origin === 'array' ? 'see docs/FORMATS.md "Limits"' : undefined });
    } else {
      diags.push({ ...f.valuePos(path), message: `${name}: ${issue.message}` });
    }
  }
  return diags;
}
