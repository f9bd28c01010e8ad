/**
 * A view of one value of a YamlFile (the file plus a data path), for the code that gives a file its
 * meaning: it reads the value and reports a problem at the value's file:line:col, or at its parent
 * key when the value is missing. Structure (allowed keys, types, list lengths) is checked before, by
 * the file's zod schema, so the typed readers here only re-check what they convert.
 */
import { closest, excerpt, InputError } from '../errors.js';
import type { SourcePos } from '../ir.js';
import type { TextWhere } from '../text-where.js';
import { splitQuantity, type Quantity } from '../units/quantity.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

export class YamlNode {
  constructor(readonly file: YamlFile, readonly path: YamlPath = []) {}

  /** The plain value (undefined when missing). */
  get value(): unknown {
    return this.file.get(this.path);
  }

  /** Present and not null. */
  get present(): boolean {
    const v = this.value;
    return v !== undefined && v !== null;
  }

  /** True when the file's structural check found no problem here (see YamlFile.checkStructure). */
  get clean(): boolean {
    return this.file.isClean(this.path);
  }

  /** The child at `key` (a mapping key or a list index). */
  at(key: string | number): YamlNode {
    return new YamlNode(this.file, [...this.path, key]);
  }

  /** One child per key (the schema has already rejected keys it does not allow). */
  fields<K extends string>(keys: readonly K[]): Record<K, YamlNode> {
    const out = Object.create(null) as Record<K, YamlNode>;
    for (const k of keys) out[k] = this.at(k);
    return out;
  }

  /** Entries of a mapping with free keys (names), in file order. */
  entries(): [string, YamlNode][] {
    const v = this.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.error(`expected a mapping of names, got ${this.kind()}`, 'write it as lines of "name: …" indented under this key');
    return Object.keys(v).map((k) => [k, this.at(k)]);
  }

  /** Items of a list. */
  items(): YamlNode[] {
    const v = this.value;
    if (!Array.isArray(v)) throw this.error(`expected a list, got ${this.kind()}`, 'write it as [a, b] or as lines starting with "- "');
    return v.map((_, i) => this.at(i));
  }

  isMap(): boolean {
    const v = this.value;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  /** Where the value is (its key when it is missing). */
  pos(): SourcePos {
    return this.file.valuePos(this.path);
  }

  /** Where the value's text starts, for problems at an offset inside it (expressions, units). */
  where(): TextWhere {
    return this.file.where(this.path);
  }

  /** An InputError at this value, the message prefixed with its path (`regimens[0].dose: …`). */
  error(message: string, hint?: string): InputError {
    const p = this.pos();
    const name = this.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
    return InputError.at(p.file, p.line, p.col, name ? `${name}: ${message}` : message, hint);
  }

  /** This node when present; "is required" at the parent otherwise. */
  required(hint?: string): YamlNode {
    if (!this.present) throw this.error('is required', hint);
    return this;
  }

  num(): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`expected a number, got ${this.kind()}`, 'write a plain number such as 1000 (no quotes, no unit)');
    return v;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number, hint?: string): number {
    const v = this.num();
    if (!Number.isInteger(v)) throw this.error(`expected a whole number, got ${v}`, hint);
    if (v < min || v > max) throw this.error(`must be between ${min} and ${max}, got ${v}`, hint);
    return v;
  }

  /** A text value (numbers are not accepted, so `name: 12` is flagged). */
  str(): string {
    const v = this.value;
    if (typeof v !== 'string') throw this.error(`expected a text value, got ${this.kind()}`, 'write a single value such as name: my-regimen');
    return v;
  }

  /** A unit: text, or a YAML number such as `unit: 1`. */
  unit(): string {
    const v = this.value;
    return typeof v === 'number' ? String(v) : this.str();
  }

  bool(): boolean {
    const v = this.value;
    if (typeof v !== 'boolean') throw this.error(`expected true or false, got ${this.kind()}`, 'write true or false without quotes');
    return v;
  }

  /** One of `choices`, with a suggestion when it is close to one. */
  oneOf<T extends string>(choices: readonly T[]): T {
    const v = this.str();
    if (!(choices as readonly string[]).includes(v)) {
      const s = closest(v, choices);
      throw this.error(`'${excerpt(v, 40)}' is not one of ${choices.join(', ')}`, s ? `did you mean '${s}'?` : undefined);
    }
    return v as T;
  }

  /** A quantity `126 d` / `2.2 m^2`; a bare number gets `defaultUnit` (when one is allowed). */
  quantity(defaultUnit?: string): Quantity {
    const v = this.value;
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (defaultUnit === undefined) throw this.error(`a unit is required (e.g. '${v} h')`, `write it as "${v} <unit>"`);
      return { value: v, unit: defaultUnit };
    }
    const q = typeof v === 'string' ? splitQuantity(v) : undefined;
    if (!q) throw this.error(`expected a number with a unit like '21 d', got ${this.kind()}`, "write a number followed by its unit, e.g. '21 d' or '1 h'");
    if (q.unit === '' && defaultUnit !== undefined) q.unit = defaultUnit;
    return q;
  }

  /** Where the unit part of a quantity's text starts (for unit errors at their column). */
  unitWhere(q: Quantity): TextWhere {
    const v = this.value;
    const w = this.where();
    const at = typeof v === 'string' && q.unit !== '' ? v.lastIndexOf(q.unit) : -1;
    return at > 0 && !w.locate ? { file: w.file, line: w.line, col: w.col + at } : w;
  }

  /** Describes the value's type for messages. */
  kind(): string {
    const v = this.value;
    if (v === undefined || v === null) return 'nothing';
    if (Array.isArray(v)) return 'a list';
    if (typeof v === 'object') return 'a mapping';
    if (typeof v === 'string') return `text '${excerpt(v, 40)}'`;
    return `${typeof v} ${String(v)}`;
  }
}
