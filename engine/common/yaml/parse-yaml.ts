/**
 * YAML text → a parsed document with line positions and its plain data, for model and scenario files.
 * Everything a hostile or mistyped file can do to the parser ends as positioned diagnostics instead
 * of an exception: syntax errors, oversized input, aliases that name no anchor, alias expansion
 * beyond a cap ("billion laughs"), and `__proto__` keys (a plain object would turn them into its
 * prototype and the entry would vanish).
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { MAX_ALIAS_EXPANSION, MAX_YAML_BYTES } from '../limits.js';

export interface ParsedYaml {
  doc: Document;
  lines: LineCounter;
  /** The document as plain data (aliases expanded). */
  data: unknown;
}

const SYNTAX_HINT = 'check indentation, colons after keys, and quotes around expressions that start with - [ { or contain ": "';

/** Parses `text` (the file `path`); returns its problems as diagnostics when it cannot be used. */
export function parseYaml(path: string, text: string): ParsedYaml | Diagnostic[] {
  if (text.length > MAX_YAML_BYTES) {
    return [{ file: path, line: 1, col: 1, message: `the file is ${(text.length / 1024).toFixed(0)} KiB; model and scenario files may be at most ${MAX_YAML_BYTES / 1024} KiB`,
      hint: 'large data (patient lists) belongs in a population table: population: { table: patients.csv }' }];
  }
  const lines = new LineCounter();
  // Warnings (unknown tags …) are problems here, reported with positions instead of printed by the library.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: 'silent' });
  const at = (offset: number) => ({ file: path, ...lines.linePos(offset) });
  if (doc.errors.length) {
    return doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML syntax error: ${e.message.split('\n')[0]}`, hint: SYNTAX_HINT }));
  }
  if (doc.warnings.length) {
    return doc.warnings.map((e) => ({ ...at(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}`, hint: 'model and scenario files use plain YAML: no tags (!!…)' }));
  }
  const diags: Diagnostic[] = [];
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      const offset = node.range?.[0] ?? 0;
      firstAlias ??= offset;
      if (!node.resolve(doc)) {
        diags.push({ ...at(offset), message: `alias *${node.source} names no anchor defined before it`, hint: `define &${node.source} earlier in the file, or write the value out` });
      }
    },
    Pair(_key, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const node = pair.key as { range?: [number, number, number] };
        diags.push({ ...at(node.range?.[0] ?? 0), message: 'a key must be a name, not a list or mapping', hint: 'write name: value' });
        return;
      }
      if (!isScalar(pair.key)) return;
      const where = at(pair.key.range?.[0] ?? 0);
      if (pair.key.value === '__proto__') diags.push({ ...where, message: "'__proto__' cannot be used as a key", hint: 'rename it: __proto__ is reserved' });
      // `null:`, `~:` and an empty key all read as the empty name.
      if (pair.key.value === null) diags.push({ ...where, message: `a key must be a name, got ${pair.key.source ? `'${pair.key.source}' (read as nothing)` : 'an empty key'}`, hint: 'write a name such as CL or WT before the colon' });
    },
  });
  if (diags.length) return diags;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (e) {
    // The yaml package throws a ReferenceError when aliases expand past maxAliasCount.
    if (!(e instanceof ReferenceError) || firstAlias === undefined) throw e;
    return [{ ...at(firstAlias), message: `aliases expand to too much data (more than ${MAX_ALIAS_EXPANSION} nodes per alias)`, hint: 'write the values out instead of nesting aliases' }];
  }
  return { doc, lines, data };
}

/** True when the document's top level is a mapping (both file formats are mappings). */
export function isMappingDocument(p: ParsedYaml): boolean {
  return isMap(p.doc.contents) && !isAlias(p.doc.contents);
}
