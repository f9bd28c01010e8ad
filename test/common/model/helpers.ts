/** Test helpers: an in-memory FileHost and a small reference evaluator of IR expressions. */
import { InputError } from '../../../engine/common/errors.js';
import type { FileHost } from '../../../engine/common/host.js';
import type { Expr, ModelIR, SourcePos } from '../../../engine/common/ir.js';
import { loadModel } from '../../../engine/common/model/load-model.js';

/** Files held in a map; paths are POSIX-like and resolved against the referencing file's folder. */
export class MemoryHost implements FileHost {
  constructor(private readonly files: Record<string, string>) {}
  async readText(path: string, from?: SourcePos): Promise<string> {
    const t = this.files[path];
    if (t !== undefined) return t;
    const at = from ?? { file: path, line: 1, col: 1 };
    throw InputError.at(at.file, at.line, at.col, `${path}: file not found`);
  }
  resolve(fromFile: string, relative: string): string {
    const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/') + 1) : '';
    return relative.startsWith('/') ? relative : dir + relative;
  }
}

/**
 * A one-compartment IV model file (CL, V, amount A, output Cp in `cpUnit`, dosing target iv) that
 * tests extend: `head` goes before its parameters (e.g. covariates), `tail` at the end.
 */
export function oneCompartmentIv(tail: string, { head = '', cpUnit = 'mg/L' }: { head?: string; cpUnit?: string } = {}): string {
  return `model: x
${head}parameters:
  CL: { value: 5, unit: L/h }
  V: { value: 50, unit: L }
states:
  A: { unit: mg }
odes:
  A: -CL * A / V
outputs:
  Cp: { expr: A / V, unit: ${cpUnit} }
dosing:
  iv: { state: A }
${tail}`;
}

/** Loads `main.yaml` from the given texts. */
export function loadText(text: string, others: Record<string, string> = {}): Promise<ModelIR> {
  return loadModel('main.yaml', new MemoryHost({ 'main.yaml': text, ...others }));
}

/** The first diagnostic of the InputError a load raises, as `file:line:col message`, plus its hint. */
export async function loadError(text: string, others: Record<string, string> = {}): Promise<{ at: string; message: string; hint?: string; count: number }> {
  try {
    await loadText(text, others);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const d = e.diagnostics[0];
    return { at: `${d.file}:${d.line}:${d.col}`, message: d.message, hint: d.hint, count: e.diagnostics.length };
  }
  throw new Error('expected an InputError');
}

/** Every diagnostic of the InputError a load raises, as `file:line:col message | hint`, in report order. */
export async function loadDiagnostics(text: string, others: Record<string, string> = {}): Promise<string[]> {
  try {
    await loadText(text, others);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`);
  }
  throw new Error('expected an InputError');
}

/** Evaluates an IR expression with plain doubles (reference semantics: comparisons give 1/0). */
export function evalExpr(e: Expr, env: Record<string, number>): number {
  const ev = (x: Expr): number => evalExpr(x, env);
  switch (e.k) {
    case 'num': return e.v;
    case 'ref': {
      if (!(e.name in env)) throw new Error(`unbound ref ${e.name}`);
      return env[e.name];
    }
    case 'neg': return -ev(e.a);
    case 'not': return ev(e.a) ? 0 : 1;
    case 'cond': return ev(e.c) ? ev(e.a) : ev(e.b);
    case 'op': {
      const a = ev(e.a), b = ev(e.b);
      switch (e.op) {
        case '+': return a + b; case '-': return a - b; case '*': return a * b; case '/': return a / b; case '^': return a ** b;
        case '<': return +(a < b); case '<=': return +(a <= b); case '>': return +(a > b); case '>=': return +(a >= b);
        case '==': return +(a === b); case '!=': return +(a !== b); case 'and': return +(!!a && !!b); case 'or': return +(!!a || !!b);
      }
      throw new Error(e.op);
    }
    case 'call': {
      const args = e.args.map(ev);
      const f = (Math as unknown as Record<string, (...x: number[]) => number>)[e.fn];
      if (!f) throw new Error(`no reference for ${e.fn}`);
      return f(...args);
    }
    default: throw new Error(`cannot evaluate ${e.k}`);
  }
}

/**
 * Per-patient environment of a model: params, the given covariates and etas (default 0), individual
 * parameters, then (for a state vector) derived quantities.
 */
export function patientEnv(m: ModelIR, values: Record<string, number> = {}): Record<string, number> {
  const env: Record<string, number> = {};
  for (const p of m.params) env[p.name] = p.value;
  for (const e of m.variability.etas) env[e] = 0;
  Object.assign(env, values);
  for (const a of m.individual) env[a.name] = evalExpr(a.expr, env);
  return env;
}

/** Right-hand sides at state vector `x` (time t) in a patient environment. */
export function rhs(m: ModelIR, env: Record<string, number>, x: number[], t = 0): number[] {
  const e: Record<string, number> = { ...env, t };
  m.states.forEach((s, i) => { e[s.name] = x[i]; });
  for (const d of m.derived) e[d.name] = evalExpr(d.expr, e);
  return m.odes.map((o) => evalExpr(o, e));
}
