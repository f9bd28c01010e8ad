/**
 * A parsed YAML file that remembers where everything is: every key and value maps back to a
 * 1-based file:line:col, and positions inside scalar values (expressions, units) too.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import { closest, InputError, type Diagnostic } from '../errors.js';
import type { TextWhere } from '../expr/where.js';
import type { SourcePos } from '../ir.js';

export type YamlPath = readonly (string | number)[];

interface ZodLike {
  def: { type: string; shape?: Record<string, ZodLike>; valueType?: ZodLike; element?: ZodLike; innerType?: ZodLike; items?: ZodLike[] };
}

function unwrap(s: ZodLike | undefined): ZodLike | undefined {
  let cur = s;
  while (cur && (cur.def.type === 'optional' || cur.def.type === 'nullable' || cur.def.type === 'default')) cur = cur.def.innerType;
  return cur;
}

/** The sub-schema at a data path (records and arrays step into their element schema). */
function schemaAt(root: ZodLike, path: YamlPath): ZodLike | undefined {
  let s = unwrap(root);
  for (const seg of path) {
    if (!s) return undefined;
    const d = s.def;
    if (d.type === 'object') s = d.shape?.[String(seg)];
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'array') s = d.element;
    else if (d.type === 'tuple') s = d.items?.[Number(seg)];
    else return undefined;
    s = unwrap(s);
  }
  return s;
}

const kindOf = (v: unknown): string => (v === null || v === undefined ? 'nothing' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`);

export class YamlFile {
  readonly data: Record<string, unknown>;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  private constructor(readonly path: string, readonly text: string, doc: Document, lines: LineCounter) {
    this.doc = doc;
    this.lines = lines;
    this.data = doc.toJS() as Record<string, unknown>;
  }

  /** Parses YAML text; syntax errors and a non-mapping document become an `InputError`. */
  static parse(path: string, text: string): YamlFile {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length) {
      throw new InputError(doc.errors.map((e) => {
        const p = lines.linePos(e.pos[0]);
        return { file: path, line: p.line, col: p.col, message: `YAML syntax error: ${e.message.split('\n')[0]}`,
          hint: 'check indentation, colons after keys, and quotes around expressions that start with - [ { or contain ": "' };
      }));
    }
    if (!isMap(doc.contents)) {
      throw InputError.at(path, 1, 1, 'expected a YAML mapping (key: value lines) at the top level', 'start the file with `model: <id>`');
    }
    return new YamlFile(path, text, doc, lines);
  }

  private at(offset: number): SourcePos {
    const p = this.lines.linePos(offset);
    return { file: this.path, line: p.line, col: p.col };
  }

  /** The pair for a key inside the mapping at `parent`. */
  private pairOf(parent: YamlPath, key: string | number): Pair | undefined {
    const node = parent.length ? this.doc.getIn(parent, true) : this.doc.contents;
    if (!isMap(node)) return undefined;
    return node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key)) as Pair | undefined;
  }

  /** Position of the key at `path` (its value when the parent is a list); falls back to the nearest existing ancestor. */
  keyPos(path: YamlPath): SourcePos {
    if (!path.length) return { file: this.path, line: 1, col: 1 };
    const parent = path.slice(0, -1);
    const pair = this.pairOf(parent, path[path.length - 1]);
    const key = pair?.key as Node | undefined;
    if (key?.range) return this.at(key.range[0]);
    const node = this.doc.getIn(path, true) as Node | undefined;
    if (node?.range) return this.at(node.range[0]);
    return this.keyPos(parent);
  }

  /** Position of the value at `path`; the key when the value is empty or missing. */
  valuePos(path: YamlPath): SourcePos {
    const node = (path.length ? this.doc.getIn(path, true) : this.doc.contents) as Node | undefined;
    if (node?.range) return this.at(node.range[0]);
    return this.keyPos(path);
  }

  /** Where the text of the scalar at `path` starts, with a map for offsets inside it (quoted and block scalars too). */
  where(path: YamlPath): TextWhere {
    const node = this.doc.getIn(path, true) as Node | undefined;
    if (!isScalar(node) || !node.range) return this.valuePos(path);
    const start = node.range[0];
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return this.at(start + 1);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      // Content starts on the line after the `|`/`>` header, indented; map line by line.
      const header = this.lines.linePos(start);
      const firstLineStart = this.text.indexOf('\n', start) + 1;
      const indent = /^ */.exec(this.text.slice(firstLineStart))?.[0].length ?? 0;
      const value = String(node.value);
      return {
        file: this.path, line: header.line + 1, col: indent + 1,
        locate: (offset: number) => {
          const before = value.slice(0, offset);
          const nl = before.lastIndexOf('\n');
          return { line: header.line + 1 + (before.match(/\n/g)?.length ?? 0), col: indent + 1 + (offset - nl - 1) };
        },
      };
    }
    return this.at(start);
  }

  /** Validates `data` against a zod schema; every issue becomes a positioned diagnostic. */
  validate<S extends z.ZodType>(schema: S): z.infer<S> {
    const r = schema.safeParse(this.data);
    if (r.success) return r.data;
    const root = schema as unknown as ZodLike;
    const diags: Diagnostic[] = [];
    for (const issue of r.error.issues) {
      const path = issue.path as (string | number)[];
      const name = path.join('.') || 'file';
      if (issue.code === 'unrecognized_keys') {
        const allowed = Object.keys(schemaAt(root, path)?.def.shape ?? {});
        for (const key of issue.keys) {
          const guess = closest(key, allowed);
          // `{ description: a, b }` splits at the comma and makes ` b` a key: say so.
          const split = /\s/.test(key.trim()) || this.get([...path, key]) === null;
          diags.push({ ...this.keyPos([...path, key]), message: `unknown key '${key}'${path.length ? ` in ${name}` : ''}`,
            hint: guess ? `did you mean '${guess}'?` : split ? 'inside { }, a comma ends a value: quote text that contains commas, e.g. description: "a, b"' : `allowed keys: ${allowed.join(', ')}` });
        }
        continue;
      }
      const actual = this.get(path);
      if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && actual === undefined) {
        diags.push({ ...this.keyPos(path.slice(0, -1)), message: `missing required field '${path[path.length - 1]}'${path.length > 1 ? ` in ${path.slice(0, -1).join('.')}` : ''}`,
          hint: `add ${String(path[path.length - 1])}: ...` });
      } else if (issue.code === 'invalid_type') {
        const expected = issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
        diags.push({ ...this.valuePos(path), message: `${name} must be ${expected}, got ${kindOf(actual)}`, hint: expectHint(issue.expected) });
      } else if (issue.code === 'invalid_union') {
        diags.push({ ...this.valuePos(path), message: `${name} must be a string or a number, got ${kindOf(actual)}`, hint: 'write an expression or unit as a single value, quoted if it contains ": "' });
      } else if (issue.code === 'invalid_value') {
        const values = issue.values.map(String);
        const guess = typeof actual === 'string' ? closest(actual, values) : undefined;
        diags.push({ ...this.valuePos(path), message: `${name} must be one of ${values.join(', ')}, got '${String(actual)}'`,
          hint: guess ? `did you mean '${guess}'?` : undefined });
      } else {
        diags.push({ ...this.valuePos(path), message: `${name}: ${issue.message}` });
      }
    }
    throw new InputError(diags);
  }

  /** The plain value at a data path. */
  get(path: YamlPath): unknown {
    let cur: unknown = this.data;
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return cur;
  }
}

function expectHint(expected: string): string | undefined {
  if (expected === 'number') return 'write a plain number (no unit; units go in `unit:`)';
  if (expected === 'object') return 'write a mapping: indented key: value lines, or { key: value }';
  if (expected === 'array') return 'write a list: - item lines, or [a, b]';
  return undefined;
}
