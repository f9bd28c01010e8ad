/**
 * Individual parameters of one file: typical value × covariate effects (in file order), then the
 * IIV transform with eta refs `<prefix>eta.<param>`.
 *
 *   power        TV * (cov/ref)^exponent
 *   exponential  TV * exp(coefficient * (cov - ref))
 *   linear       TV * (1 + coefficient * (cov - ref))
 *   categorical  TV * factor[level]     (cov holds the 0-based level index)
 *   lognormal    P = TVc * exp(eta);  normal  P = TVc + eta;  logitnormal  logit(P) = logit(TVc) + eta
 */
import { closest, type Diagnostic } from '../errors.js';
import { ir, type Expr } from '../ir.js';
import { simplify } from '../expr/simplify.js';
import { formatDim, isDimensionless, dimEqual, type Dim } from '../units/dimension.js';
import { internalScale, parseUnit } from '../units/parse-unit.js';
import type { CovariateInfo, LoadContext } from './context.js';
import type { ModelFile } from './schema.js';
import type { Distribution, FileVariability } from './variability.js';
import type { YamlFile, YamlPath } from '../yaml/yaml-file.js';

export interface ParamInfo {
  /** Typical value, internal units. */
  value: number;
  dim: Dim;
}

type CovariateEffect = NonNullable<ModelFile['covariate_effects']>[number];

/** What the steps building one file's individual parameters share. */
interface IndividualScope {
  f: YamlFile;
  ctx: LoadContext;
  pfx: string;
  params: Map<string, ParamInfo>;
  diags: Diagnostic[];
}

/** Pushes one `individual` assignment per parameter of the file, in declaration order. */
export function buildIndividual(
  f: YamlFile, m: ModelFile, ctx: LoadContext, pfx: string,
  params: Map<string, ParamInfo>, covs: Map<string, CovariateInfo>, iiv: FileVariability,
): void {
  const s: IndividualScope = { f, ctx, pfx, params, diags: [] };
  const typical = new Map<string, Expr>([...params.keys()].map((n) => [n, typicalRef(s, n)]));
  (m.covariate_effects ?? []).forEach((e, i) => {
    const path = ['covariate_effects', i];
    const base = typical.get(e.parameter);
    if (!base) {
      const guess = closest(e.parameter, params.keys());
      s.diags.push({ ...f.valuePos([...path, 'parameter']), message: `covariate effect on unknown parameter '${e.parameter}'`, hint: guess ? `did you mean '${guess}'?` : 'declare it under parameters' });
      return;
    }
    const cov = covs.get(e.covariate);
    if (!cov) {
      const guess = closest(e.covariate, covs.keys());
      s.diags.push({ ...f.valuePos([...path, 'covariate']), message: `unknown covariate '${e.covariate}'`, hint: guess ? `did you mean '${guess}'?` : 'declare it under covariates' });
      return;
    }
    const factor = covariateFactor(s, e, path, cov);
    if (factor) typical.set(e.parameter, ir.op('*', base, factor));
  });
  for (const [name, tvc] of typical) ctx.individual.push({ name: `${pfx}${name}`, expr: simplify(withEta(s, name, tvc, iiv.distribution.get(name))) });
  ctx.diags.push(...s.diags);
}

const typicalRef = (s: IndividualScope, name: string): Expr => ir.ref(`${s.pfx}tv.${name}`);

/** The multiplicative factor of one covariate effect; undefined (with diagnostics) when it is incomplete. */
function covariateFactor(s: IndividualScope, e: CovariateEffect, path: YamlPath, cov: CovariateInfo): Expr | undefined {
  const c = ir.ref(e.covariate);
  const need = (key: 'exponent' | 'coefficient' | 'levels' | 'reference'): boolean => {
    if (e[key] !== undefined) return true;
    s.diags.push({ ...s.f.keyPos(path), message: `a ${e.model} covariate effect needs '${key}'`, hint: `add ${key}: ...` });
    return false;
  };
  let factor: Expr | undefined;
  switch (e.model) {
    case 'power': {
      const ref = need('reference') ? effectReference(s, e, path, cov) : undefined;
      if (need('exponent') && ref) factor = ir.op('^', ir.op('/', c, ref), ir.num(e.exponent as number));
      break;
    }
    case 'exponential': case 'linear': {
      const ref = need('reference') ? effectReference(s, e, path, cov) : undefined;
      if (need('coefficient') && ref) {
        // Coefficients are per covariate unit; converting the covariate to internal units divides them by its scale.
        const lin = ir.op('*', ir.num((e.coefficient as number) / internalScale(parseUnit(cov.unit), s.ctx.timeUnit)), ir.op('-', c, ref));
        factor = e.model === 'exponential' ? ir.call('exp', lin) : ir.op('+', ir.num(1), lin);
      }
      break;
    }
    case 'categorical': {
      if (need('levels')) factor = categoricalFactor(s, e, path, cov);
      break;
    }
  }
  if (!isDimensionless(cov.dim) && e.model === 'categorical') {
    s.diags.push({ ...s.f.valuePos([...path, 'covariate']), message: `categorical covariate ${e.covariate} must be dimensionless (a level index)`, hint: `set unit: 1 on covariate ${e.covariate}` });
  }
  return factor;
}

/** The reference value: a number in the covariate's unit, or a parameter of this file of the covariate's dimension. */
function effectReference(s: IndividualScope, e: CovariateEffect, path: YamlPath, cov: CovariateInfo): Expr | undefined {
  const { f, ctx, params } = s;
  const r = e.reference as string | number;
  if (typeof r === 'number') return ir.num(r * internalScale(parseUnit(cov.unit), ctx.timeUnit));
  const p = params.get(r);
  if (!p) {
    const guess = closest(r, params.keys());
    s.diags.push({ ...f.valuePos([...path, 'reference']), message: `reference '${r}' is not a parameter of this file`, hint: guess ? `did you mean '${guess}'?` : 'give a parameter name or a number in the covariate unit' });
    return undefined;
  }
  if (!dimEqual(p.dim, cov.dim)) {
    s.diags.push({ ...f.valuePos([...path, 'reference']), message: `reference '${r}' has unit ${formatDim(p.dim, ctx.timeUnit)} but covariate ${e.covariate} has ${formatDim(cov.dim, ctx.timeUnit)}`,
      hint: 'give the reference in the covariate\'s unit' });
    return undefined;
  }
  return typicalRef(s, r);
}

/**
 * factor[level] as nested conditionals on the level index; levels the table omits keep the typical
 * value. The covariate's levels are the ones it declares, else (and from then on) the table's.
 */
function categoricalFactor(s: IndividualScope, e: CovariateEffect, path: YamlPath, cov: CovariateInfo): Expr {
  const c = ir.ref(e.covariate);
  const table = e.levels as Record<string, number>;
  const levels = cov.levels ?? Object.keys(table);
  if (!cov.levels) cov.levels = levels;
  for (const name of Object.keys(table)) {
    if (!levels.includes(name)) {
      s.diags.push({ ...s.f.keyPos([...path, 'levels', name]), message: `'${name}' is not a level of covariate ${e.covariate}`, hint: `levels: ${levels.join(', ')}` });
    }
  }
  return levels.reduceRight<Expr>((rest, name, idx) => {
    const v = ir.num(Object.hasOwn(table, name) ? table[name] : 1);
    return idx === levels.length - 1 ? v : ir.cond(ir.op('==', c, ir.num(idx)), v, rest);
  }, ir.num(1));
}

/** The IIV transform of the covariate-adjusted typical value `tvc` (none without a distribution). */
function withEta(s: IndividualScope, name: string, tvc: Expr, dist: Distribution | undefined): Expr {
  const eta = ir.ref(`${s.pfx}eta.${name}`);
  if (dist === 'lognormal') return ir.op('*', tvc, ir.call('exp', eta));
  if (dist === 'normal') return ir.op('+', tvc, eta);
  if (dist !== 'logitnormal') return tvc;
  const v = s.params.get(name)?.value ?? NaN;
  if (!(v > 0 && v < 1)) {
    s.diags.push({ ...s.f.valuePos(['parameters', name, 'value']), message: `logitnormal parameter '${name}' needs a typical value strictly between 0 and 1, got ${v}`, hint: 'use lognormal or normal variability instead' });
  }
  const logit = ir.call('log', ir.op('/', tvc, ir.op('-', ir.num(1), tvc)));
  return ir.op('/', ir.num(1), ir.op('+', ir.num(1), ir.call('exp', ir.neg(ir.op('+', logit, eta)))));
}
