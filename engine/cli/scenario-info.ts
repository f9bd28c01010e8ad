/**
 * A light, tolerant look at a YAML file's top level (id, title, golden, sizes) with positions —
 * for listing, output naming, golden lookup and the memory check before a run. Full validation is
 * the engine's loaders' job; this never throws on content it does not understand.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export interface FileInfo {
  kind: 'scenario' | 'model' | 'unknown';
  /** The `scenario:`/`model:` id, or the file name without extension. */
  id: string;
  title?: string;
  golden?: string;
  regimens: number;
  summaries: number;
  /** `population.size` with its 1-based position, when present and numeric. */
  populationSize?: { value: number; line: number; col: number };
  /** YAML syntax errors with 1-based positions (the loaders report the same, this is for `validate`). */
  syntaxErrors: { line: number; col: number; message: string }[];
}

/** Reads `path` and describes its top level. Throws only the file-system error when unreadable. */
export async function readFileInfo(path: string): Promise<FileInfo> {
  return describeYaml(await readFile(path, 'utf8'), path);
}

/** Describes YAML `text` (from `path`, used for the fallback id). */
export function describeYaml(text: string, path: string): FileInfo {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const pos = (offset: number) => lc.linePos(offset);
  const info: FileInfo = {
    kind: 'unknown',
    id: basename(path, extname(path)),
    regimens: 0,
    summaries: 0,
    syntaxErrors: doc.errors.map((e) => {
      const p = pos(e.pos[0]);
      return { line: p.line, col: p.col, message: e.message.split('\n')[0] };
    }),
  };
  const root = doc.contents;
  if (!isMap(root)) return info;
  const get = (key: string): YamlNode | undefined => root.get(key, true) as YamlNode | undefined;
  const scalar = (key: string): string | undefined => {
    const v = root.get(key);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  if (root.has('scenario')) info.kind = 'scenario';
  else if (root.has('model')) info.kind = 'model';
  const id = scalar(info.kind === 'unknown' ? '' : info.kind);
  if (id) info.id = id;
  info.title = scalar('title');
  info.golden = scalar('golden');
  const regs = get('regimens');
  if (isSeq(regs)) info.regimens = regs.items.length;
  const sums = get('summaries');
  if (isSeq(sums)) info.summaries = sums.items.length;
  const popNode = get('population');
  if (isMap(popNode)) {
    const size = popNode.get('size', true) as YamlNode | undefined;
    const v = (size as { value?: unknown } | undefined)?.value;
    if (size && typeof v === 'number' && size.range) {
      const p = pos(size.range[0]);
      info.populationSize = { value: v, line: p.line, col: p.col };
    }
  }
  return info;
}
