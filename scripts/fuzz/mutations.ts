/**
 * Deterministic mutations of model and scenario files for the file fuzzer (scripts/fuzz-files.ts):
 * text edits (lines deleted, duplicated, swapped, re-indented, truncated), hostile values in place of
 * numbers, names, units and expressions, YAML constructs (aliases, anchors, tags, documents), and
 * structural edits of the parsed data (types swapped, keys removed or invented, lists multiplied).
 * The same seed gives the same cases on every machine.
 */
import { parse, stringify } from 'yaml';

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const NUMBERS = ['0', '-1', '-0', '1e308', '-1e308', '1e-320', '4294967296', '9007199254740993', '.nan', '.inf', '-.inf', 'NaN', '0x10', '1_000', '"12"', '~', 'null', '[]', '{}', 'true', '3.5e+', "''"];
const NAMES = ['true', 'false', 'null', 'undefined', 'NaN', 'Infinity', '__proto__', 'constructor', 'toString', 'prototype', 'mod', 'in', 'to', 't', 'eta', 'tv', 'pi', 'a.b', '1x', "'x y'", '"\\u2028"', 'x'.repeat(300)];
const UNITS = ['"4294967296"', '"1e300 mg"', 'mg/0', 'kg^1e9', '"((("', 'µ', 'm^2^3', '"1/0"', 'furlong', '"mg mg mg"', '""', '0', '-1', '"%"', '"1e-20 L"'];
const EXPRESSIONS = ['"1/0"', '"x ? y"', `"${'('.repeat(400)}1${')'.repeat(400)}"`, `"${Array(2000).fill('A').join('+')}"`, '"C > 0.1 mg/L"', '"2 h * 3 kg"',
  '"true"', '"[1,2]"', '"a = 1"', '"f(x) = x"', '"\'s\'"', '"1 mg + 1 h"', '"sqrt(-1)"', '"exp(1000)"', '"10^400"', '"0.1 furlong"', '"C to mg"', '"e"'];
const YAML_BITS = [
  'bomb: &a [x, x, x, x, x, x, x, x, x]\nbomb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nbomb3: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'x: *undefined_anchor', '__proto__: { polluted: 1 }', 'a: &__proto__ {y: 1}\nb: *__proto__', '? [complex, key]\n: value', '---\nmodel: second', 'x: !!binary aGVsbG8=',
  'x: !!js/function "function () {}"', '<<: { merged: 1 }', '\t\ttabbed: 1', 'x: "unterminated', 'x: [1, 2', '\u2028: sep', '\ufeffbom: 1', 'x: |\n  block\n   scalar', '~: null key', 'x: &a 1\nx: 2',
];

/** Replaces one match of `re` (chosen at random) in `text` with `by`. */
function replaceOne(r: Rand, text: string, re: RegExp, by: string): string {
  const all = [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))];
  if (!all.length) return text;
  const m = pick(r, all);
  const start = m.index! + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
  const len = m[1] !== undefined ? m[1].length : m[0].length;
  return text.slice(0, start) + by + text.slice(start + len);
}

/** One structural edit of the parsed data at a random place. */
function structural(r: Rand, text: string): string {
  let data: unknown;
  try { data = parse(text, { logLevel: 'silent' }); } catch { return text; }
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { nodes.push({ parent: v, key: i }); walk(x); });
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) { nodes.push({ parent: v as Record<string, unknown>, key: k }); walk((v as Record<string, unknown>)[k]); }
  };
  walk(data);
  if (!nodes.length) return text;
  const { parent, key } = pick(r, nodes);
  const p = parent as Record<string | number, unknown>;
  const edits = [
    () => { if (Array.isArray(parent)) parent.splice(key as number, 1); else delete p[key]; },
    () => { p[key] = pick(r, [0, -5, 1e300, 'text', true, null, [], {}, [1, 2, 3], { unexpected: 1 }]); },
    () => { if (!Array.isArray(parent)) p[`${String(key)}x`] = p[key]; },
    () => { if (Array.isArray(parent)) for (let i = 0; i < 50; i++) parent.push(structuredClone(parent[key as number])); },
    () => { p[key] = [p[key], p[key]]; },
    () => { const v = p[key]; if (v && typeof v === 'object' && !Array.isArray(v)) p[key] = Object.values(v); },
  ];
  pick(r, edits)();
  return stringify(data, { aliasDuplicateObjects: false });
}

/** The text operators: name → edit. */
const OPERATORS: Record<string, (r: Rand, text: string) => string> = {
  'delete line': (r, t) => { const l = t.split('\n'); l.splice(Math.floor(r() * l.length), 1); return l.join('\n'); },
  'duplicate line': (r, t) => { const l = t.split('\n'); const i = Math.floor(r() * l.length); l.splice(i, 0, l[i]); return l.join('\n'); },
  'swap lines': (r, t) => { const l = t.split('\n'); const i = Math.floor(r() * l.length), j = Math.floor(r() * l.length); [l[i], l[j]] = [l[j], l[i]]; return l.join('\n'); },
  'reindent line': (r, t) => { const l = t.split('\n'); const i = Math.floor(r() * l.length); l[i] = ' '.repeat(Math.floor(r() * 7)) + l[i].trimStart(); return l.join('\n'); },
  truncate: (r, t) => t.slice(0, Math.floor(r() * t.length)),
  'number → hostile value': (r, t) => replaceOne(r, t, /(?<=[:\[,]\s*)(-?\d+(?:\.\d+)?(?:e-?\d+)?)(?=\s*[,\]}\n])/, pick(r, NUMBERS)),
  'name → reserved word': (r, t) => replaceOne(r, t, /^\s+([A-Za-z_][A-Za-z0-9_]*)(?=:)/m, pick(r, NAMES)),
  'value name → reserved word': (r, t) => replaceOne(r, t, /(?<=(?:output|summary|parameter|covariate|state|name|target|module): )([A-Za-z_][\w.]*)/, pick(r, NAMES)),
  'unit → hostile unit': (r, t) => replaceOne(r, t, /(?<=unit: )([^,}\n]+)/, pick(r, UNITS)),
  'expression → hostile expression': (r, t) => replaceOne(r, t, /(?<=(?:expr|when|initial|bioavailability|lag): )([^,}\n]+)/, pick(r, EXPRESSIONS)),
  'ode → hostile expression': (r, t) => replaceOne(r, t, /(?<=^ {2}[A-Za-z_]\w*: )([^{\n][^\n]*)$/m, pick(r, EXPRESSIONS)),
  'quantity → hostile quantity': (r, t) => replaceOne(r, t, /(?<=(?:horizon|every|duration|cycle_length|time|by|from|to|bsa_cap|round_to|start): )([^,}\n]+)/, pick(r, ['0 d', '-1 d', '1e308 d', '4294967296 d', '1 kg', 'd', '1e-300 h', '"1 furlong"', '[]', '.nan d'])),
  'count → huge': (r, t) => replaceOne(r, t, /(?<=(?:cycles|size|max_steps|max|seed): )(\d+)/, pick(r, ['4294967296', '1e15', '-3', '0', '2.5', '1e308'])),
  'insert YAML construct': (r, t) => { const l = t.split('\n'); l.splice(Math.floor(r() * l.length), 0, pick(r, YAML_BITS)); return l.join('\n'); },
  'control characters': (r, t) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + pick(r, ['\u0000', '\u001b[2J', '\r', '\u2028', '\u202e', '\t', '\ud800']) + t.slice(i); },
  'table reference': (r, t) => t.replace(/^population:\n/m, `population:\n  table: ${pick(r, ['/etc/passwd', '/dev/null', 'missing.csv', '.', '../models/x.yaml', '""'])}\n`),
  structural,
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

/** One to three mutations of `text`; returns the new text and what was done. */
export function mutate(r: Rand, text: string): { text: string; mutation: string } {
  const n = 1 + Math.floor(r() * 3);
  const done: string[] = [];
  let out = text;
  for (let k = 0; k < n; k++) {
    const name = pick(r, OPERATOR_NAMES);
    out = OPERATORS[name](r, out);
    done.push(name);
  }
  return { text: out, mutation: done.join(' + ') };
}
