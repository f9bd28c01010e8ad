/**
 * JSON with positions: the parsed value plus, for any path into it, the file:line:col where it was
 * written and the path as text (`entry[3].resource.valueQuantity.value`), so FHIR problems name
 * both. JSON is YAML 1.2, so the `yaml` parser (with a LineCounter) gives the ranges.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { excerpt, InputError } from '../errors.js';
import { MAX_RECORD_BYTES } from './csv-cells.js';
import type { RecordPos } from './record.js';

export type JsonPath = readonly (string | number)[];

export class JsonFile {
  private constructor(readonly file: string, readonly value: unknown, private readonly doc: ReturnType<typeof parseDocument>, private readonly lines: LineCounter) {}

  static parse(file: string, text: string): JsonFile {
    if (text.length > MAX_RECORD_BYTES) throw InputError.at(file, 1, 1, `the file is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB: not one patient's record`, 'export one patient');
    try {
      JSON.parse(text);
    } catch (e) {
      // Node's message gives a character position for some errors only; the YAML parser (JSON is
      // YAML) locates the first syntax error itself.
      const m = /position (\d+)/.exec(String((e as Error).message));
      const lines = new LineCounter();
      const parsed = parseDocument(text, { lineCounter: lines });
      const p = m ? lines.linePos(Number(m[1])) : parsed.errors[0]?.linePos?.[0] ?? { line: 1, col: 1 };
      throw InputError.at(file, p.line, p.col, `not valid JSON: ${excerpt(String((e as Error).message), 120)}`, 'a FHIR Bundle is a JSON object');
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
    return new JsonFile(file, doc.toJS({ maxAliasCount: 0 }), doc, lines);
  }

  /** The value at `path`, or undefined. */
  get(path: JsonPath): unknown {
    let v: unknown = this.value;
    for (const k of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[k];
    }
    return v;
  }

  /** Where `path` was written (its value, else its nearest written ancestor). */
  pos(path: JsonPath): RecordPos {
    for (let n = path.length; n >= 0; n--) {
      const node = (n ? this.doc.getIn(path.slice(0, n), true) : this.doc.contents) as Node | undefined;
      if ((isScalar(node) || isMap(node) || node) && node?.range) {
        const p = this.lines.linePos(node.range[0]);
        return { file: this.file, line: p.line, col: p.col, path: pathText(path) };
      }
    }
    return { file: this.file, line: 1, col: 1, path: pathText(path) };
  }
}

export function pathText(path: JsonPath): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '') || '(top level)';
}
