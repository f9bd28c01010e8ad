/**
 * A parsed YAML file that remembers where everything is: every key and value maps back to a
 * 1-based file:line:col, and positions inside scalar values (expressions, units) too. Shared by the
 * model and the scenario loaders; structure is declared as zod schemas and checked here, with every
 * problem reported at once.
 */
import { isMap, isScalar, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import type { TextWhere } from '../text-where.js';
import type { SourcePos } from '../ir.js';
import { isMappingDocument, parseYaml } from './parse-yaml.js';
import { issueDiagnostics, type YamlPath } from './zod-diagnostics.js';

export type { YamlPath } from './zod-diagnostics.js';

/** The outcome of checking one part of a file against a schema. */
export type Checked<T> = { ok: true; data: T } | { ok: false; diagnostics: InputError['diagnostics'] };

export class YamlFile {
  /** Data paths where the structural check found a problem (see `checkStructure`). */
  private readonly issues: string[] = [];

  private constructor(
    readonly path: string,
    readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly data: Record<string, unknown>,
  ) {}

  /**
   * Parses YAML text; syntax errors, oversized input, bad aliases and a non-mapping document become
   * an `InputError`. `topHint` says how such a file starts (for an empty or non-mapping file).
   */
  static parse(path: string, text: string, topHint = 'start the file with `model: <id>`'): YamlFile {
    const parsed = parseYaml(path, text);
    if (Array.isArray(parsed)) throw new InputError(parsed);
    if (!isMappingDocument(parsed)) {
      throw InputError.at(path, 1, 1, 'expected a YAML mapping (key: value lines) at the top level', topHint);
    }
    return new YamlFile(path, text, parsed.doc, parsed.lines, parsed.data as Record<string, unknown>);
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

  /** Checks the value at `path` against a zod schema; every issue becomes a positioned diagnostic. */
  check<S extends z.ZodType>(schema: S, path: YamlPath = []): Checked<z.infer<S>> {
    const r = schema.safeParse(this.get(path));
    if (r.success) return { ok: true, data: r.data };
    return { ok: false, diagnostics: issueDiagnostics(this, schema, r.error.issues, path) };
  }

  /**
   * Checks the whole file against its schema and remembers where the problems are, so the code that
   * gives the file its meaning can skip those parts (`isClean`) instead of reporting them twice.
   */
  checkStructure(schema: z.ZodType): InputError['diagnostics'] {
    const r = schema.safeParse(this.data);
    if (r.success) return [];
    for (const issue of r.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const k of keys) this.issues.push(pathKey(k as YamlPath));
    }
    return issueDiagnostics(this, schema, r.error.issues);
  }

  /** True when `checkStructure` found nothing at `path` or inside it. */
  isClean(path: YamlPath): boolean {
    if (!path.length) return this.issues.length === 0;
    const key = pathKey(path);
    return !this.issues.some((i) => i === key || i.startsWith(`${key}\u0000`));
  }

  /** Validates the whole file against a zod schema; throws an `InputError` with every issue. */
  validate<S extends z.ZodType>(schema: S): z.infer<S> {
    const r = this.check(schema);
    if (!r.ok) throw new InputError(r.diagnostics);
    return r.data;
  }

  /** The plain value at a data path (own properties only). */
  get(path: YamlPath): unknown {
    let cur: unknown = this.data;
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return cur;
  }
}

/** A data path as one string (NUL-separated, so keys with dots cannot collide). */
function pathKey(path: YamlPath): string {
  return path.map(String).join('\u0000');
}
