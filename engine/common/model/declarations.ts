/**
 * The names one model file declares (covariates, parameters, inputs, states, derived quantities)
 * and those of its modules, with units converted to internal ones; each section reports its own
 * problems so the file's diagnostics all come in one pass.
 */
import { dimEqual } from '../units/dimension.js';
import { internalScale, type parseUnit } from '../units/parse-unit.js';
import type { CovariateInfo, SymbolInfo } from './context.js';
import type { ParamInfo } from './individual.js';
import { declareSymbol, TIME, unitAt, type FileScope } from './file-scope.js';

type Unit = ReturnType<typeof parseUnit>;

/** What later sections need of the declarations, by written (unprefixed) name. */
export interface Declarations {
  covariates: Map<string, CovariateInfo>;
  /** Typical values in internal units. */
  params: Map<string, ParamInfo>;
  stateUnits: Map<string, Unit>;
  /** Only derived quantities that give a unit. */
  derivedUnits: Map<string, Unit>;
}

/** Declares the file's names, then its modules' as `<module>.<name>`. */
export function declareFileSymbols(fs: FileScope, children: Map<string, { symbols: Map<string, SymbolInfo> }>): Declarations {
  fs.ctx.dims.set('t', TIME);
  fs.symbols.set('t', { ref: 't', kind: 'time' });
  const covariates = declareCovariates(fs);
  const params = declareParameters(fs);
  declareInputs(fs);
  const stateUnits = declareStates(fs);
  const derivedUnits = declareDerived(fs);
  for (const [mod, child] of children) for (const [w, info] of child.symbols) if (info.kind !== 'time') fs.symbols.set(`${mod}.${w}`, info);
  return { covariates, params, stateUnits, derivedUnits };
}

/** Covariates are shared by all files of a model: a name must have one dimension everywhere. */
function declareCovariates(fs: FileScope): Map<string, CovariateInfo> {
  const { ctx, f, m } = fs;
  const fileCovs = new Map<string, CovariateInfo>();
  for (const [name, c] of Object.entries(m.covariates ?? {})) {
    const u = unitAt(fs, ['covariates', name, 'unit'], c.unit);
    if (!u) continue;
    const known = ctx.covariates.get(name);
    if (known && !dimEqual(known.dim, u.dim)) {
      ctx.diags.push({ ...f.valuePos(['covariates', name, 'unit']), message: `covariate ${name} has unit ${u.text} here but ${known.unit} in ${known.pos.file}:${known.pos.line}`, hint: 'modules share covariates: use units of the same dimension' });
      continue;
    }
    const info = known ?? { unit: u.text, dim: u.dim, description: c.description, levels: c.levels, pos: f.keyPos(['covariates', name]) };
    if (!known) ctx.covariates.set(name, info);
    fileCovs.set(name, info);
    declareSymbol(fs, 'covariates', name, 'covariate', name, u.dim);
  }
  return fileCovs;
}

/** Each parameter's typical value becomes the model parameter `<prefix>tv.<name>`. */
function declareParameters(fs: FileScope): Map<string, ParamInfo> {
  const { ctx, m, pfx } = fs;
  const params = new Map<string, ParamInfo>();
  for (const [name, p] of Object.entries(m.parameters ?? {})) {
    const u = unitAt(fs, ['parameters', name, 'unit'], p.unit);
    if (!u) continue;
    const value = p.value * internalScale(u, ctx.timeUnit);
    params.set(name, { value, dim: u.dim });
    ctx.params.push({ name: `${pfx}tv.${name}`, value, unit: u.text, description: p.description, source: p.source });
    ctx.dims.set(`${pfx}tv.${name}`, u.dim);
    declareSymbol(fs, 'parameters', name, 'param', `${pfx}${name}`, u.dim);
  }
  return params;
}

/** Inputs are set by the file composing this one (`bind:`) or take their default. */
function declareInputs(fs: FileScope): void {
  const { ctx, f, m, pfx } = fs;
  for (const [name, inp] of Object.entries(m.inputs ?? {})) {
    const u = unitAt(fs, ['inputs', name, 'unit'], inp.unit);
    if (!u) continue;
    const defaultValue = inp.default === undefined ? undefined : inp.default * internalScale(u, ctx.timeUnit);
    ctx.inputs.set(`${pfx}${name}`, { unit: u.text, dim: u.dim, defaultValue, pos: f.keyPos(['inputs', name]), bound: false });
    declareSymbol(fs, 'inputs', name, 'input', `${pfx}${name}`, u.dim);
  }
}

function declareStates(fs: FileScope): Map<string, Unit> {
  const stateUnits = new Map<string, Unit>();
  for (const [name, s] of Object.entries(fs.m.states ?? {})) {
    const u = unitAt(fs, ['states', name, 'unit'], s.unit);
    if (!u) continue;
    stateUnits.set(name, u);
    declareSymbol(fs, 'states', name, 'state', `${fs.pfx}${name}`, u.dim);
  }
  return stateUnits;
}

/** A derived quantity without a unit gets the dimension of its expression (inferred later). */
function declareDerived(fs: FileScope): Map<string, Unit> {
  const derivedUnits = new Map<string, Unit>();
  for (const [name, d] of Object.entries(fs.m.derived ?? {})) {
    const u = d.unit === undefined ? undefined : unitAt(fs, ['derived', name, 'unit'], d.unit);
    if (u) derivedUnits.set(name, u);
    declareSymbol(fs, 'derived', name, 'derived', `${fs.pfx}${name}`, u?.dim);
  }
  return derivedUnits;
}
