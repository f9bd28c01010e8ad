/**
 * A small positioned reader for survival files: each value knows its file:line:col, so every problem
 * is an InputError there with a hint; unknown keys are rejected with the closest valid one. Kept
 * local to the survival loader so it does not depend on the scenario loader's internals (which are
 * being rewritten onto engine/common/yaml); it can move onto that shared reader once it lands.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { closest, InputError } from '../../errors.js';
import type { SourcePos } from '../../ir.js';

const QUANTITY = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/;

export class SurvivalYaml {
  private constructor(private readonly file: string, private readonly lines: LineCounter, readonly node: Node | null,
    readonly path: string, private readonly fallback: number) {}

  static parse(text: string, file: string): SurvivalYaml {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) {
      const p = lines.linePos(err.pos[0]);
      throw InputError.at(file, p.line, p.col, `YAML syntax error: ${err.message.split('\n')[0]}`, 'check indentation and quoting near this position');
    }
    return new SurvivalYaml(file, lines, (doc.contents as Node | null) ?? null, '', 0);
  }

  get present(): boolean {
    return this.node !== null && !(isScalar(this.node) && this.node.value === null);
  }

  pos(): SourcePos {
    const p = this.lines.linePos(this.node?.range?.[0] ?? this.fallback);
    return { file: this.file, line: p.line, col: p.col };
  }

  /** Position of the first character of a scalar's text (after an opening quote). */
  textPos(): SourcePos {
    const p = this.pos();
    const quoted = isScalar(this.node) && (this.node.type === 'QUOTE_DOUBLE' || this.node.type === 'QUOTE_SINGLE');
    return quoted ? { ...p, col: p.col + 1 } : p;
  }

  error(message: string, hint?: string): InputError {
    const p = this.pos();
    return InputError.at(p.file, p.line, p.col, this.path ? `${this.path}: ${message}` : message, hint);
  }

  /** A mapping whose keys must come from `allowed`. */
  object<K extends string>(allowed: readonly K[]): Record<K, SurvivalYaml> {
    if (!isMap(this.node)) throw this.error(`expected a mapping (key: value), got ${this.kind()}`, `e.g. { ${allowed.slice(0, 2).join(': …, ')}: … }`);
    const at = this.node.range?.[0] ?? this.fallback;
    const out = {} as Record<K, SurvivalYaml>;
    for (const k of allowed) out[k] = this.child(null, k, at);
    for (const pair of this.node.items as Pair<Node, Node | null>[]) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const keyAt = pair.key?.range?.[0] ?? at;
      if (!(allowed as readonly string[]).includes(key)) {
        const s = closest(key, allowed);
        throw this.child(null, key, keyAt).error(`unknown key '${key}'`, s ? `did you mean '${s}'?` : `valid keys: ${allowed.join(', ')}`);
      }
      out[key as K] = this.child(pair.value ?? null, key, keyAt);
    }
    return out;
  }

  /** A mapping of free names, in file order. */
  entries(): [string, SurvivalYaml][] {
    if (!isMap(this.node)) throw this.error(`expected a mapping of names, got ${this.kind()}`, 'write lines of "name: …" indented under this key');
    return (this.node.items as Pair<Node, Node | null>[]).map((pair) => {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      return [key, this.child(pair.value ?? null, key, pair.key?.range?.[0] ?? this.fallback)];
    });
  }

  items(): SurvivalYaml[] {
    if (!isSeq(this.node)) throw this.error(`expected a list, got ${this.kind()}`, 'write lines starting with "- "');
    return (this.node.items as (Node | null)[]).map((n, i) => new SurvivalYaml(this.file, this.lines, n, `${this.path}[${i}]`, n?.range?.[0] ?? this.fallback));
  }

  required(hint?: string): SurvivalYaml {
    if (!this.present) throw this.error('is required', hint);
    return this;
  }

  num(): number {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`expected a number, got ${this.kind()}`, 'write a plain number (no quotes, no unit)');
    return v;
  }

  str(): string {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'string') throw this.error(`expected a text value, got ${this.kind()}`);
    return v;
  }

  strOr(dflt: string): string {
    return this.present ? this.str() : dflt;
  }

  bool(): boolean {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'boolean') throw this.error(`expected true or false, got ${this.kind()}`);
    return v;
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    const v = this.str();
    if (!(choices as readonly string[]).includes(v)) {
      const s = closest(v, choices);
      throw this.error(`'${v}' is not one of ${choices.join(', ')}`, s ? `did you mean '${s}'?` : undefined);
    }
    return v as T;
  }

  /** A number with a unit, `84 d`. */
  quantity(): { value: number; unit: string } {
    const v = isScalar(this.node) ? this.node.value : undefined;
    const m = typeof v === 'string' ? QUANTITY.exec(v) : null;
    if (!m || m[2] === '') throw this.error(`expected a number with a unit like '84 d', got ${this.kind()}`, "write e.g. '7 d' or '12 wk'");
    return { value: Number(m[1]), unit: m[2] };
  }

  /** Plain JS value (for expressions written as numbers or text). */
  text(): string {
    const v = isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw this.error(`expected an expression, got ${this.kind()}`);
    return String(v);
  }

  kind(): string {
    const n = this.node;
    if (n === null) return 'nothing';
    if (isMap(n)) return 'a mapping';
    if (isSeq(n)) return 'a list';
    if (isScalar(n)) return n.value === null ? 'nothing' : typeof n.value === 'string' ? `text '${n.value}'` : `${typeof n.value} ${String(n.value)}`;
    return 'an unsupported value';
  }

  private child(node: Node | null, key: string, at: number): SurvivalYaml {
    return new SurvivalYaml(this.file, this.lines, node, this.path ? `${this.path}.${key}` : key, at);
  }
}
