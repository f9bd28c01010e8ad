/**
 * One fuzz case through the engine's loaders, in memory: a mutated model is loaded as a model; a
 * mutated scenario is loaded (with the built-in models beside it) and lowered to a job. The outcome
 * is `ok`, `input` (an InputError whose diagnostics all carry a sane file:line:col and a one-line
 * message) or `internal` (anything else: the defect the fuzzer looks for).
 */
import { InputError, type Diagnostic } from '../../engine/common/errors.js';
import type { FileHost } from '../../engine/common/host.js';
import type { SourcePos } from '../../engine/common/ir.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { buildJob, loadScenario } from '../../engine/common/scenario/index.js';
import type { FuzzCase } from './cases.js';

export type Outcome = { kind: 'ok' | 'input' } | { kind: 'internal'; message: string };

const ROOT = '/fuzz/';

/** Files in a map under /fuzz/, resolved like POSIX paths. */
class MemoryHost implements FileHost {
  constructor(private readonly files: Map<string, string>) {}
  async readText(path: string, from?: SourcePos): Promise<string> {
    const t = this.files.get(path);
    if (t !== undefined) return t;
    const at = from ?? { file: path, line: 1, col: 1 };
    throw InputError.at(at.file, at.line, at.col, `${path}: file not found`);
  }
  resolve(fromFile: string, relative: string): string {
    const parts = (relative.startsWith('/') ? relative : `${fromFile.slice(0, fromFile.lastIndexOf('/') + 1)}${relative}`).split('/');
    const out: string[] = [];
    for (const p of parts) { if (p === '..') out.pop(); else if (p !== '.' && p !== '') out.push(p); }
    return `/${out.join('/')}`;
  }
}

/** Why a diagnostic is not fit to show, or undefined. */
function badDiagnostic(d: Diagnostic): string | undefined {
  if (typeof d.file !== 'string' || !d.file) return 'no file';
  if (!Number.isInteger(d.line) || d.line < 1 || !Number.isInteger(d.col) || d.col < 1) return `position ${d.line}:${d.col}`;
  if (typeof d.message !== 'string' || !d.message.trim()) return 'empty message';
  if (/[\n\r\u2028\u2029\u001b]/.test(d.message)) return `message with a line break or escape: ${JSON.stringify(d.message.slice(0, 80))}`;
  return undefined;
}

/** Runs one case against the built-in files (`models/x.yaml` → text). */
export async function runCase(c: FuzzCase, builtins: Map<string, string>): Promise<Outcome> {
  const files = new Map([...builtins].map(([k, v]) => [ROOT + k, v]));
  const path = ROOT + c.base;
  files.set(path, c.text);
  const host = new MemoryHost(files);
  try {
    if (c.kind === 'model') await loadModel(path, host);
    else buildJob(await loadScenario(path, host, loadModel, { builtinModelsDir: `${ROOT}models` }));
    return { kind: 'ok' };
  } catch (e) {
    if (!(e instanceof InputError)) return { kind: 'internal', message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) };
    const bad = e.diagnostics.map(badDiagnostic).find((x) => x !== undefined);
    if (e.diagnostics.length === 0 || bad) return { kind: 'internal', message: `unfit diagnostic: ${bad ?? 'none'}` };
    return { kind: 'input' };
  }
}
