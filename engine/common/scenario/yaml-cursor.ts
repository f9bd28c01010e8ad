/**
 * A typed walk over a YAML document that knows where every value came from, so each problem is an
 * InputError at `file:line:col` with a fix hint. Unknown keys are rejected with the closest valid key.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { closest, InputError } from '../errors.js';
import type { SourcePos } from '../ir.js';
import { splitQuantity, type Quantity } from './quantity.js';

interface Source {
  file: string;
  lines: LineCounter;
}

/** A YAML node (or a missing value) with its position and a dotted path for messages. */
export class YamlCursor {
  private constructor(
    private readonly src: Source,
    readonly node: Node | null,
    readonly path: string,
    /** Offset used when the node is missing (the parent's key or the map itself). */
    private readonly fallbackOffset: number,
  ) {}

  /** Parses `text`; YAML syntax errors become an InputError at their position. */
  static parse(text: string, file: string): YamlCursor {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const src = { file, lines };
    const err = doc.errors[0];
    if (err) {
      const p = lines.linePos(err.pos[0]);
      throw InputError.at(file, p.line, p.col, `YAML syntax error: ${err.message.split('\n')[0]}`, 'check indentation and quoting near this position');
    }
    return new YamlCursor(src, (doc.contents as Node | null) ?? null, '', 0);
  }

  get file(): string {
    return this.src.file;
  }

  get present(): boolean {
    return this.node !== null && !(isScalar(this.node) && this.node.value === null);
  }

  /** 1-based position of this node (or where it should have been). */
  pos(): SourcePos {
    const off = this.node?.range?.[0] ?? this.fallbackOffset;
    const p = this.src.lines.linePos(off);
    return { file: this.src.file, line: p.line, col: p.col };
  }

  /** An InputError at this node. */
  error(message: string, hint?: string): InputError {
    const p = this.pos();
    return InputError.at(p.file, p.line, p.col, this.path ? `${this.path}: ${message}` : message, hint);
  }

  /** Plain JS value of this node (for hashing and for free-form data). */
  toJS(): unknown {
    return this.node && 'toJSON' in this.node ? (this.node as { toJSON(): unknown }).toJSON() : null;
  }

  /**
   * Opens a mapping whose keys must come from `allowed`; returns one cursor per allowed key
   * (missing keys give cursors with `present` false).
   */
  object<K extends string>(allowed: readonly K[]): Record<K, YamlCursor> {
    if (!isMap(this.node)) throw this.error(`expected a mapping (key: value), got ${this.kind()}`, `write it as { ${allowed.slice(0, 3).join(': …, ')}: … }`);
    const out = {} as Record<K, YamlCursor>;
    const off = this.node.range?.[0] ?? this.fallbackOffset;
    for (const k of allowed) out[k] = new YamlCursor(this.src, null, this.join(k), off);
    for (const pair of this.node.items as Pair<Node, Node | null>[]) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const keyOff = pair.key?.range?.[0] ?? off;
      if (!(allowed as readonly string[]).includes(key)) {
        const p = this.src.lines.linePos(keyOff);
        const s = closest(key, allowed);
        throw InputError.at(this.src.file, p.line, p.col, `unknown key '${key}'${this.path ? ` in ${this.path}` : ''}`,
          s ? `did you mean '${s}'?` : `valid keys: ${allowed.join(', ')}`);
      }
      out[key as K] = new YamlCursor(this.src, pair.value ?? null, this.join(key), keyOff);
    }
    return out;
  }

  /** Entries of a mapping with free keys (names), in file order. */
  entries(): [string, YamlCursor][] {
    if (!isMap(this.node)) throw this.error(`expected a mapping of names, got ${this.kind()}`, 'write it as lines of "name: …" indented under this key');
    return (this.node.items as Pair<Node, Node | null>[]).map((pair) => {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      return [key, new YamlCursor(this.src, pair.value ?? null, this.join(key), pair.key?.range?.[0] ?? 0)];
    });
  }

  /** Items of a list, each with its own position. */
  items(): YamlCursor[] {
    if (!isSeq(this.node)) throw this.error(`expected a list, got ${this.kind()}`, 'write it as [a, b] or as lines starting with "- "');
    const off = this.node.range?.[0] ?? this.fallbackOffset;
    return (this.node.items as (Node | null)[]).map((n, i) => new YamlCursor(this.src, n, `${this.path}[${i}]`, n?.range?.[0] ?? off));
  }

  isMap(): boolean { return isMap(this.node); }
  isSeq(): boolean { return isSeq(this.node); }

  /** A required value: throws "missing" at the parent when absent. */
  required(hint?: string): YamlCursor {
    if (!this.present) throw this.error('is required', hint);
    return this;
  }

  /** A finite number (YAML number scalar). */
  num(): number {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`expected a number, got ${this.kind()}`, 'write a plain number such as 1000 (no quotes, no unit)');
    return v;
  }

  /** A number or the default when absent. */
  numOr(dflt: number): number {
    return this.present ? this.num() : dflt;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number, hint?: string): number {
    const v = this.num();
    if (!Number.isInteger(v)) throw this.error(`expected a whole number, got ${v}`, hint);
    if (v < min || v > max) throw this.error(`must be between ${min} and ${max}, got ${v}`, hint);
    return v;
  }

  /** A string scalar (numbers are not accepted, so `name: 12` is flagged). */
  str(): string {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'string') throw this.error(`expected a text value, got ${this.kind()}`, 'write a single value such as name: my-regimen');
    return v;
  }

  strOr(dflt: string): string {
    return this.present ? this.str() : dflt;
  }

  bool(): boolean {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'boolean') throw this.error(`expected true or false, got ${this.kind()}`, 'write true or false without quotes');
    return v;
  }

  /** One of `choices`, with a suggestion when it is close to one. */
  oneOf<T extends string>(choices: readonly T[]): T {
    const v = this.str();
    if (!(choices as readonly string[]).includes(v)) {
      const s = closest(v, choices);
      throw this.error(`'${v}' is not one of ${choices.join(', ')}`, s ? `did you mean '${s}'?` : undefined);
    }
    return v as T;
  }

  /** A quantity `126 d` / `2.2 m^2`; a bare number gets `defaultUnit` (when one is allowed). */
  quantity(defaultUnit?: string): Quantity {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (defaultUnit === undefined) throw this.error(`a unit is required (e.g. '${v} h')`, `write it as "${v} <unit>"`);
      return { value: v, unit: defaultUnit };
    }
    const q = typeof v === 'string' ? splitQuantity(v) : undefined;
    if (!q) throw this.error(`expected a number with a unit like '21 d', got ${this.kind()}`, "write a number followed by its unit, e.g. '21 d' or '1 h'");
    if (q.unit === '' && defaultUnit !== undefined) q.unit = defaultUnit;
    return q;
  }

  /** Describes the node's type for messages. */
  kind(): string {
    const n = this.node;
    if (n === null) return 'nothing';
    if (isMap(n)) return 'a mapping';
    if (isSeq(n)) return 'a list';
    if (isScalar(n)) {
      const v = n.value;
      if (v === null) return 'nothing';
      return typeof v === 'string' ? `text '${v}'` : `${typeof v} ${String(v)}`;
    }
    return 'an unsupported value';
  }

  private join(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }
}
