/**
 * A light, tolerant look at a YAML file's top level (kind, id, title, golden, sizes) with positions —
 * for listing, telling model files from scenario files, output naming and golden lookup. It parses
 * with the loaders' own YAML helper (same size and alias limits); full validation is the loaders'
 * job, and this never throws on content it does not understand.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { InputError, type Diagnostic } from '../common/errors.js';
import { MAX_YAML_BYTES } from '../common/limits.js';
import { parseYaml } from '../common/yaml/parse-yaml.js';
import { errnoCode, systemReason } from './output/output-error.js';

/**
 * Top-level keys only a model file has (engine/common/model/schema.ts; test/cli/file-args.test.ts
 * checks these lists against the loaders'). Kept here so telling the kinds apart loads no loader.
 */
export const MODEL_ONLY_KEYS = ['time_unit', 'references', 'covariates', 'parameters', 'covariate_effects', 'variability', 'correlations',
  'omega_blocks', 'inputs', 'states', 'derived', 'odes', 'outputs', 'dosing', 'modules', 'bind', 'observations', 'validity'];
/** Top-level keys only a scenario file has (`model:`, `title:`, `description:`, `population:` are in both). */
export const SCENARIO_ONLY_KEYS = ['scenario', 'question', 'horizon', 'output_grid', 'solver', 'regimens', 'summaries', 'endpoints',
  'events', 'quantiles', 'golden'];

export interface Position {
  line: number;
  col: number;
}

export interface FileInfo {
  /**
   * By the top-level keys: `scenario` (a `scenario:` key, or scenario-only keys), `model` (model-only
   * keys, or only a `model:` id), `mixed` (keys of both kinds), `unknown` (neither).
   */
  kind: 'scenario' | 'model' | 'mixed' | 'unknown';
  /** The model-only and scenario-only top-level keys found, for messages. */
  modelKeys: string[];
  scenarioKeys: string[];
  /** The `scenario:`/`model:` id, or the file name without extension. */
  id: string;
  title?: string;
  golden?: { value: string } & Position;
  regimens: number;
  summaries: number;
  /** `population.size` with its 1-based position, when present and numeric. */
  populationSize?: { value: number } & Position;
  /**
   * Why the file could not be parsed at all (YAML syntax, size, aliases), as the loaders report it;
   * `kind` is then `unknown`.
   */
  yamlProblems: Diagnostic[];
}

/**
 * Reads `path` and describes its top level.
 * @throws InputError when it cannot be read, is not a regular file (a FIFO or device would block or
 *   never end) or is far too large.
 */
export async function readFileInfo(path: string): Promise<FileInfo> {
  const unreadable = (e: unknown): never => {
    const message = errnoCode(e) === 'ENOENT' ? 'file not found' : `cannot read the file: ${systemReason(e)}`;
    throw InputError.at(path, 1, 1, message, 'check the path and its permissions, or give the id of a built-in (`oncotwin scenarios`, `oncotwin models`)');
  };
  // stat before open: opening a FIFO for reading blocks until a writer appears.
  const st = await stat(path).catch(unreadable);
  if (!st.isFile()) throw InputError.at(path, 1, 1, 'not a regular file', 'give the path of a YAML file (not a directory, pipe or device)');
  // Far over the loaders' limit (in characters; a character is at most 4 bytes): not worth reading.
  if (st.size > 4 * MAX_YAML_BYTES) {
    throw InputError.at(path, 1, 1, `the file is ${(st.size / 2 ** 20).toFixed(1)} MiB; model and scenario files may be at most ${MAX_YAML_BYTES / 1024} KiB`, 'give a model or scenario YAML file');
  }
  return describeYaml(await readFile(path, 'utf8').catch(unreadable), path);
}

/** Describes YAML `text` (from `path`, used for the fallback id), parsed as the loaders parse it. */
export function describeYaml(text: string, path: string): FileInfo {
  const info: FileInfo = { kind: 'unknown', modelKeys: [], scenarioKeys: [], id: basename(path, extname(path)), regimens: 0, summaries: 0, yamlProblems: [] };
  const parsed = parseYaml(path, text);
  if (Array.isArray(parsed)) {
    info.yamlProblems = parsed;
    return info;
  }
  const root = parsed.doc.contents;
  if (!isMap(root)) return info;
  const pos = (node: YamlNode): Position => parsed.lines.linePos(node.range?.[0] ?? 0);
  const keys = root.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key));
  info.modelKeys = keys.filter((k) => MODEL_ONLY_KEYS.includes(k));
  info.scenarioKeys = keys.filter((k) => SCENARIO_ONLY_KEYS.includes(k));
  info.kind = classify(info.modelKeys, info.scenarioKeys, keys.includes('model'));
  const get = (key: string): YamlNode | undefined => root.get(key, true) as YamlNode | undefined;
  const scalar = (key: string): string | undefined => {
    const v = (get(key) as { value?: unknown } | undefined)?.value;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  const id = scalar(info.kind === 'model' ? 'model' : 'scenario');
  if (id) info.id = id;
  info.title = scalar('title');
  const golden = get('golden');
  const gv = scalar('golden');
  if (golden && gv !== undefined) info.golden = { value: gv, ...pos(golden) };
  const regs = get('regimens');
  if (isSeq(regs)) info.regimens = regs.items.length;
  const sums = get('summaries');
  if (isSeq(sums)) info.summaries = sums.items.length;
  const popNode = get('population');
  if (isMap(popNode)) {
    const size = popNode.get('size', true) as YamlNode | undefined;
    const v = (size as { value?: unknown } | undefined)?.value;
    if (size && typeof v === 'number') info.populationSize = { value: v, ...pos(size) };
  }
  return info;
}

function classify(modelKeys: string[], scenarioKeys: string[], hasModelKey: boolean): FileInfo['kind'] {
  if (modelKeys.length > 0 && scenarioKeys.length > 0) return 'mixed';
  if (scenarioKeys.length > 0) return 'scenario';
  if (modelKeys.length > 0 || hasModelKey) return 'model';
  return 'unknown';
}

/** "time_unit, states, odes" (at most four keys, for messages). */
export function keyList(keys: string[]): string {
  return keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', …' : '');
}
