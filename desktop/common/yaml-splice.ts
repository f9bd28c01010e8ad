/**
 * Minimal-diff edits of a YAML text: each edit locates the node with the `yaml` Document API (source
 * ranges from its CST-backed parser) and splices new text into exactly that range, so comments, key
 * order, quoting and line layout everywhere else are untouched — `Document.toString()` would reflow
 * the whole file.
 *
 * Interface rules: every edit returns the new text, or the input unchanged when the text does not
 * parse or the path does not exist. Each splice is checked by re-parsing: the result must parse
 * without errors to exactly the intended data; if it does not (an unusual layout the splice does not
 * handle), the edit falls back to the Document API, which keeps comments but may reflow lines.
 */
import { isCollection, isMap, isScalar, isSeq, parse, parseDocument, Scalar, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

/** A path into the document: map keys and sequence indices. */
export type YamlPath = (string | number)[];

function load(text: string): Document | undefined {
  const doc = parseDocument(text);
  return doc.errors.length ? undefined : doc;
}

const PLAIN = /^[\p{L}\p{N}_.\/^*+%()µ²³ -]+$/u;

/** A string as a YAML scalar: plain when that reads back as the same string, else quoted. */
function scalarText(s: string, style?: Scalar.Type): string {
  if (style === Scalar.QUOTE_SINGLE && !s.includes('\n')) return `'${s.replace(/'/g, "''")}'`;
  if (style !== Scalar.QUOTE_DOUBLE && PLAIN.test(s) && !/^[ -]|\s$/.test(s) && parse(s) === s) return s;
  return JSON.stringify(s);
}

/** Renders a JSON-like value as single-line flow YAML (`{ a: 1, b: [1, 2] }`). */
export function flowYaml(v: unknown, style?: Scalar.Type): string {
  if (typeof v === 'string') return scalarText(v, style);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => flowYaml(x)).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return entries.length ? `{ ${entries.map(([k, x]) => `${scalarText(k)}: ${flowYaml(x)}`).join(', ')} }` : '{}';
}

/** Plain data at `path` of the text's document (undefined when absent or the text has errors). */
export function readAt(text: string, path: YamlPath): unknown {
  const doc = load(text);
  if (!doc) return undefined;
  let v: unknown = doc.toJS();
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The new text when it parses to `expected`; otherwise the Document API's rendering of `mutate`. */
function checked(text: string, spliced: string | undefined, expected: unknown, mutate: (doc: Document) => void): string {
  if (spliced !== undefined) {
    const doc = load(spliced);
    if (doc && same(doc.toJS(), expected)) return spliced;
  }
  const doc = load(text)!;
  mutate(doc);
  return doc.toString();
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Position just after the newline ending the line that contains `pos - 1` (a node's end). */
function lineEndAfter(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const nl = text.indexOf('\n', end);
  return nl < 0 ? text.length : nl + 1;
}

/** End of a node's own text, without trailing whitespace (block collections end after a newline). */
function contentEnd(text: string, node: Node): number {
  let end = node.range![1];
  while (end > node.range![0] && /\s/.test(text[end - 1])) end--;
  return end;
}

function spliceNode(text: string, node: Node, value: unknown): string {
  const style = isScalar(node) ? node.type : undefined;
  return text.slice(0, node.range![0]) + flowYaml(value, style) + text.slice(contentEnd(text, node));
}

function insertKey(text: string, map: YAMLMap, key: string, value: unknown): string | undefined {
  if (!map.range) return undefined;
  const entry = `${scalarText(key)}: ${flowYaml(value)}`;
  if (map.flow) {
    const close = contentEnd(text, map as unknown as Node) - 1;
    if (text[close] !== '}') return undefined;
    const last = map.items[map.items.length - 1]?.value as Node | undefined;
    if (!map.items.length) return `${text.slice(0, close)} ${entry} ${text.slice(close)}`;
    if (!last?.range) return undefined;
    const at = contentEnd(text, last);
    return `${text.slice(0, at)}, ${entry}${text.slice(at)}`;
  }
  const firstKey = map.items[0]?.key as Node | undefined;
  if (!firstKey?.range) return undefined;
  const indent = firstKey.range[0] - lineStart(text, firstKey.range[0]);
  const at = lineEndAfter(text, map.range[1]);
  const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return `${text.slice(0, at)}${nl}${' '.repeat(indent)}${entry}\n${text.slice(at)}`;
}

/** Sets the value at `path` (creating the last key of an existing map when absent). */
export function setAt(text: string, path: YamlPath, value: unknown): string {
  const doc = load(text);
  if (!doc || path.length === 0) return text;
  const expected = doc.toJS() as unknown;
  let parent: unknown = expected;
  for (const k of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[k] : undefined;
  if (parent === null || typeof parent !== 'object') return text;
  const last = path[path.length - 1];
  if (Array.isArray(parent) && (typeof last !== 'number' || last < 0 || last >= parent.length)) return text;
  (parent as Record<string | number, unknown>)[last] = value;
  const node = doc.getIn(path, true) as Node | undefined;
  let spliced: string | undefined;
  if (node?.range) spliced = spliceNode(text, node, value);
  else if (node === undefined) {
    const p = doc.getIn(path.slice(0, -1), true);
    if (isMap(p) && typeof last === 'string') spliced = insertKey(text, p, last, value);
  }
  return checked(text, spliced, expected, (d) => d.setIn(path, flowNode(d, value)));
}

/** Removes the key or sequence item at `path`. */
export function deleteAt(text: string, path: YamlPath): string {
  const doc = load(text);
  if (!doc || path.length === 0) return text;
  const coll = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (!isCollection(coll) || !coll.has(last)) return text;
  const expected = doc.toJS() as unknown;
  let parent: unknown = expected;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete (parent as Record<string, unknown>)[last as string];
  return checked(text, removeEntry(text, coll as YAMLMap | YAMLSeq, last), expected, (d) => d.deleteIn(path));
}

function entryStart(e: unknown): number | undefined {
  const n = e as { key?: Node; range?: [number, number, number] };
  return n.key?.range?.[0] ?? n.range?.[0];
}

function entryEnd(text: string, e: unknown): number | undefined {
  const n = e as { value?: Node | null; key?: Node; range?: [number, number, number] };
  const node = (n.key ? (n.value ?? n.key) : n) as Node;
  return node?.range ? contentEnd(text, node) : undefined;
}

function removeEntry(text: string, coll: YAMLMap | YAMLSeq, key: string | number): string | undefined {
  const i = isSeq(coll) ? (key as number) : coll.items.findIndex((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  const items = coll.items as unknown[];
  const start = entryStart(items[i]);
  const end = entryEnd(text, items[i]);
  if (start === undefined || end === undefined) return undefined;
  if (coll.flow) {
    if (items.length === 1) return text.slice(0, start) + text.slice(end);
    if (i + 1 < items.length) return text.slice(0, start) + text.slice(entryStart(items[i + 1])!);
    return text.slice(0, entryEnd(text, items[i - 1])!) + text.slice(end);
  }
  if (items.length === 1) return undefined;
  const from = lineStart(text, start);
  const to = i + 1 < items.length ? lineStart(text, entryStart(items[i + 1])!) : lineEndAfter(text, end);
  return text.slice(0, from) + text.slice(to);
}

/**
 * Appends a copy of the block- or flow-sequence item `from` to the sequence at `seqPath`, then sets
 * `changes` (paths relative to the new item) in the copy; the copy keeps the original's layout.
 */
export function appendCopy(text: string, seqPath: YamlPath, from: number, changes: [YamlPath, unknown][] = []): string {
  const doc = load(text);
  const seq = doc?.getIn(seqPath, true);
  if (!doc || !isSeq(seq) || from < 0 || from >= seq.items.length) return text;
  const n = seq.items.length;
  const item = seq.items[from] as Node;
  const lastItem = seq.items[n - 1] as Node;
  const data = readAt(text, [...seqPath, from]);
  const expected = doc.toJS() as unknown;
  let list: unknown = expected;
  for (const k of seqPath) list = (list as Record<string | number, unknown>)[k];
  (list as unknown[]).push(JSON.parse(JSON.stringify(data)) as unknown);
  let spliced: string | undefined;
  if (item.range && lastItem.range) {
    if (seq.flow) {
      const at = contentEnd(text, lastItem);
      spliced = `${text.slice(0, at)}, ${text.slice(item.range[0], contentEnd(text, item))}${text.slice(at)}`;
    } else {
      const from0 = lineStart(text, item.range[0]);
      if (/^\s*-\s+$/.test(text.slice(from0, item.range[0]))) {
        const copy = text.slice(from0, lineEndAfter(text, contentEnd(text, item)));
        const at = lineEndAfter(text, contentEnd(text, lastItem));
        const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
        spliced = text.slice(0, at) + nl + copy + (copy.endsWith('\n') ? '' : '\n') + text.slice(at);
      }
    }
  }
  let out = checked(text, spliced, expected, (d) => (d.getIn(seqPath, true) as YAMLSeq).add(d.createNode(data)));
  for (const [p, v] of changes) out = setAt(out, [...seqPath, n, ...p], v);
  return out;
}

/** Appends `value` (rendered as flow YAML) to the sequence at `seqPath`, creating the key if absent. */
export function appendItem(text: string, seqPath: YamlPath, value: unknown): string {
  const doc = load(text);
  if (!doc) return text;
  const seq = doc.getIn(seqPath, true);
  if (seq === undefined) return setAt(text, seqPath, [value]);
  if (!isSeq(seq)) return text;
  const expected = doc.toJS() as unknown;
  let list: unknown = expected;
  for (const k of seqPath) list = (list as Record<string | number, unknown>)[k];
  (list as unknown[]).push(value);
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  let spliced: string | undefined;
  if (last?.range && seq.flow) {
    const at = contentEnd(text, last);
    spliced = `${text.slice(0, at)}, ${flowYaml(value)}${text.slice(at)}`;
  } else if (last?.range) {
    const start = lineStart(text, last.range[0]);
    const prefix = text.slice(start, last.range[0]);
    if (/^\s*-\s+$/.test(prefix)) {
      const at = lineEndAfter(text, contentEnd(text, last));
      spliced = `${text.slice(0, at)}${prefix}${flowYaml(value)}\n${text.slice(at)}`;
    }
  }
  return checked(text, spliced, expected, (d) => (d.getIn(seqPath, true) as YAMLSeq).add(flowNode(d, value)));
}

function flowNode(doc: Document, value: unknown): unknown {
  const node = doc.createNode(value);
  if (isCollection(node)) node.flow = true;
  return node;
}
