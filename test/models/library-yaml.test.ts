/**
 * Sanity checks of the shipped model and scenario files, independent of the model loader: every file
 * parses and loads, every number has a value, a unit and a source that names a reference key,
 * expressions use only known symbols and allowed functions, and scenarios reference outputs, summaries
 * and covariates that exist; every scenario loads and lowers to a job. Running them is the
 * integration tests' job.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseExpr, type MathNode } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALLOWED_FUNCTIONS } from '../../engine/common/ir.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';
import { buildJob } from '../../engine/common/scenario/build-job.js';
import { loadScenario } from '../../engine/common/scenario/load-scenario.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const modelDir = join(root, 'models');
const scenarioDir = join(root, 'scenarios');
const yamlIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

type Obj = Record<string, any>;
const load = (file: string): Obj => parse(readFileSync(file, 'utf8'), { prettyErrors: true }) as Obj;

/** Symbols a (non-composite) model defines, and what it exposes to composites and scenarios. */
function symbolsOf(m: Obj): { all: Set<string>; outputs: Set<string>; covariates: Set<string> } {
  const all = new Set<string>(['t']);
  for (const k of ['parameters', 'covariates', 'inputs', 'states', 'derived']) for (const n of Object.keys(m[k] ?? {})) all.add(n);
  return { all, outputs: new Set(Object.keys(m.outputs ?? {})), covariates: new Set(Object.keys(m.covariates ?? {})) };
}

/** Symbol names and function names used by an expression. */
function exprRefs(src: string): { symbols: string[]; functions: string[] } {
  const node = parseExpr(String(src));
  const functions: string[] = [];
  const symbols: string[] = [];
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type === 'FunctionNode') functions.push((n as any).fn.name);
    if (n.type === 'AccessorNode') symbols.push(`${(n as any).object.name}.${(n as any).index.dimensions[0].value}`);
    if (n.type === 'SymbolNode' && !(parent?.type === 'FunctionNode' && (parent as any).fn === n) && parent?.type !== 'AccessorNode') {
      symbols.push((n as any).name);
    }
  });
  return { symbols, functions };
}

function checkSourced(where: string, entry: Obj, refs: Set<string>): void {
  expect(typeof entry.source, `${where}: source`).toBe('string');
  const named = [...refs].some((k) => String(entry.source).includes(k));
  expect(named, `${where}: source '${entry.source}' names no key of references (${[...refs].join(', ')})`).toBe(true);
}

function resolveModel(file: string): Obj {
  const m = load(file);
  if (!m.modules) return { ...symbolsOf(m), model: m };
  const covariates = new Set<string>();
  const outputs = new Set(Object.keys(m.outputs ?? {}));
  for (const mod of Object.values<Obj>(m.modules)) for (const c of resolveModel(join(dirname(file), mod.file)).covariates) covariates.add(c);
  return { outputs, covariates, model: m };
}

describe.each(yamlIn(modelDir))('models/%s', (name) => {
  const file = join(modelDir, name);
  const m = load(file);
  const refs = new Set(Object.keys(m.references ?? {}));

  it('loads with the model loader (units and dimensions check)', async () => {
    const ir = await loadModel(file, new NodeFileHost());
    expect(ir.outputs.length).toBeGreaterThan(0);
  });

  it('has a documented header', () => {
    expect(m.model).toBe(name.replace(/\.yaml$/, ''));
    for (const k of ['title', 'description', 'population', 'time_unit']) expect(String(m[k] ?? '').length, k).toBeGreaterThan(0);
    expect(refs.size).toBeGreaterThan(0);
  });

  it('gives every number a value, a unit and a source', () => {
    for (const [p, e] of Object.entries<Obj>(m.parameters ?? {})) {
      expect(Number.isFinite(e.value), `${p}.value`).toBe(true);
      expect(typeof e.unit, `${p}.unit`).toBe('string');
      checkSourced(`parameter ${p}`, e, refs);
    }
    for (const [p, e] of Object.entries<Obj>(m.variability ?? {})) {
      expect(p in (m.parameters ?? {}), `variability on unknown parameter ${p}`).toBe(true);
      expect(['cv', 'omega2', 'sd'].filter((k) => Number.isFinite(e[k])).length, `${p}: one of cv/omega2/sd`).toBe(1);
      checkSourced(`variability ${p}`, e, refs);
    }
    for (const c of m.correlations ?? []) {
      expect(Math.abs(c.r)).toBeLessThan(1);
      checkSourced(`correlation ${c.between}`, c, refs);
    }
    for (const c of m.covariate_effects ?? []) {
      expect(c.parameter in m.parameters && c.covariate in (m.covariates ?? {}), `effect ${c.parameter}~${c.covariate}`).toBe(true);
      checkSourced(`effect ${c.parameter}~${c.covariate}`, c, refs);
    }
  });

  it('uses only defined symbols and allowed functions', () => {
    const allowed = new Set<string>(ALLOWED_FUNCTIONS);
    if (m.modules) {
      const mods: Record<string, Obj> = {};
      for (const [prefix, mod] of Object.entries<Obj>(m.modules)) {
        const f = join(dirname(file), mod.file);
        expect(existsSync(f), `module file ${mod.file}`).toBe(true);
        mods[prefix] = symbolsOf(load(f));
      }
      const own = new Set(Object.keys(m.parameters ?? {}));
      const check = (src: string, where: string) => {
        const { symbols, functions } = exprRefs(src);
        for (const fn of functions) expect(allowed.has(fn), `${where}: function ${fn}`).toBe(true);
        for (const s of symbols) {
          const [prefix, rest] = s.includes('.') ? s.split('.') : [undefined, s];
          const ok = prefix ? mods[prefix]?.all.has(rest) : own.has(s) || s === 't';
          expect(ok, `${where}: unknown symbol ${s}`).toBe(true);
        }
      };
      for (const [target, src] of Object.entries<string>(m.bind ?? {})) {
        const [prefix, input] = target.split('.');
        expect(Object.keys(load(join(dirname(file), m.modules[prefix].file)).inputs ?? {})).toContain(input);
        check(src, `bind ${target}`);
      }
      for (const [o, e] of Object.entries<Obj>(m.outputs ?? {})) { expect(typeof e.unit).toBe('string'); check(e.expr, `output ${o}`); }
      for (const d of Object.values<Obj>(m.dosing ?? {})) expect(Object.keys(load(join(dirname(file), m.modules[d.module].file)).dosing ?? {})).toContain(d.target);
      return;
    }
    const { all } = symbolsOf(m);
    const check = (src: unknown, where: string) => {
      const { symbols, functions } = exprRefs(String(src));
      for (const fn of functions) expect(allowed.has(fn), `${where}: function ${fn}`).toBe(true);
      for (const s of symbols) expect(all.has(s), `${where}: unknown symbol ${s}`).toBe(true);
    };
    expect(Object.keys(m.odes ?? {}).sort()).toEqual(Object.keys(m.states ?? {}).sort());
    for (const [s, e] of Object.entries<Obj>(m.states ?? {})) { expect(typeof e.unit, `${s}.unit`).toBe('string'); check(e.initial, `initial ${s}`); }
    for (const [d, e] of Object.entries<Obj>(m.derived ?? {})) check(e.expr, `derived ${d}`);
    for (const [s, src] of Object.entries<string>(m.odes ?? {})) check(src, `ode ${s}`);
    for (const [o, e] of Object.entries<Obj>(m.outputs ?? {})) { expect(typeof e.unit).toBe('string'); check(e.expr, `output ${o}`); }
    for (const d of Object.values<Obj>(m.dosing ?? {})) expect(m.states).toHaveProperty(d.state);
  });
});

describe.each(yamlIn(scenarioDir))('scenarios/%s', (name) => {
  const file = join(scenarioDir, name);
  const s = load(file);

  it('loads with the scenario loader and lowers to a job', async () => {
    const sc = await loadScenario(file, new NodeFileHost(), loadModel);
    const job = buildJob(sc, { nPatients: 2 });
    expect(job.regimens.length).toBe(s.regimens.length);
    for (const r of job.regimens) expect(r.doses.length).toBeGreaterThan(0);
  });

  it('states its question and references an existing model', () => {
    expect(s.scenario).toBe(name.replace(/\.yaml$/, ''));
    expect(String(s.title ?? '').length).toBeGreaterThan(0);
    expect(String(s.question ?? '').length).toBeGreaterThan(20);
    expect(existsSync(join(scenarioDir, s.model)), s.model).toBe(true);
  });

  it('supplies the covariates the model reads and summarises outputs it has', () => {
    const model = resolveModel(join(scenarioDir, s.model));
    // Genotypes and activity scores are population values too: the score itself and as each panel reports it.
    const phenotypes = Object.entries((s.population.phenotypes ?? {}) as Record<string, Obj>)
      .flatMap(([name, ph]) => [name, ...Object.keys(ph.panels ?? {}).map((panel) => `${name}_${panel}`)]);
    const supplied = new Set([...Object.keys(s.population.covariates ?? {}), ...Object.keys(s.population.derived ?? {}), ...Object.keys(s.population.genotypes ?? {}), ...phenotypes]);
    for (const c of model.covariates) expect(supplied.has(c), `covariate ${c}`).toBe(true);
    const summaries = new Set<string>();
    for (const sum of s.summaries) {
      expect(model.outputs.has(sum.output), `summary ${sum.name}: output ${sum.output}`).toBe(true);
      expect(summaries.has(sum.name), `duplicate summary ${sum.name}`).toBe(false);
      summaries.add(sum.name);
    }
    // Regimens with rules add the dose-delivery columns (docs/FORMATS.md "Protocol rules").
    if (s.regimens.some((r: Obj) => r.rules)) for (const d of ['delivered', 'planned', 'rdi', 'delays', 'reductions', 'discontinued']) summaries.add(`dose.${d}`);
    for (const ev of s.events ?? []) expect(summaries.has(ev.summary), `event ${ev.name}`).toBe(true);
    const names = s.regimens.map((r: Obj) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const c of s.population.correlations ?? []) for (const v of c.between) expect(supplied.has(v)).toBe(true);
  });
});
