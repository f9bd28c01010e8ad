/**
 * A model file's `validity:` (the population its numbers were estimated in) → ValidityDomain, checked
 * with positions: covariate ranges in a unit of the covariate's kind, levels the model knows, shares
 * between 0 and 1. Every file of a composed model keeps its own domain (a module estimated in another
 * population keeps that population), so a run can say which part a patient falls outside of.
 */
import { InputError } from '../errors.js';
import { describeDim, dimEqual } from '../units/dimension.js';
import { parseUnit } from '../units/parse-unit.js';
import { doseRangeUnit, type ValidityCovariate, type ValidityDomain } from '../validity-domain.js';
import type { YamlFile } from '../yaml/yaml-file.js';
import type { LoadContext } from './context.js';
import type { ModelFile } from './schema.js';

type Section = NonNullable<ModelFile['validity']>;

/** Adds the file's validity domain (if it declares one) to `ctx.validity`; problems go to ctx.diags. */
export function compileValidity(ctx: LoadContext, f: YamlFile, m: ModelFile, path: string): void {
  const v = m.validity;
  if (!v) return;
  const fail = (p: (string | number)[], message: string, hint?: string): void => {
    ctx.diags.push({ ...f.valuePos(['validity', ...p]), message, hint });
  };
  if (v.n !== undefined && !(Number.isInteger(v.n) && v.n >= 1)) fail(['n'], `validity n must be a whole number ≥ 1, got ${v.n}`, 'the number of patients the parameters were estimated in');
  const covariates = Object.entries(v.covariates ?? {}).flatMap(([name, c]) => {
    const r = ctx.guard(() => validityCovariate(ctx, f, name, c, ctx.timeUnit));
    return r ? [r] : [];
  });
  if (v.ancestry) checkShares(v.ancestry.composition, (level, message) => fail(['ancestry', 'composition', level], message));
  (v.dose_ranges ?? []).forEach((r, k) => {
    if (!(r.min >= 0 && r.min <= r.max)) fail(['dose_ranges', k], `dose range ${r.min}–${r.max} ${r.unit}: need 0 ≤ min ≤ max`, 'the smallest and largest single dose the source studied');
    if (!r.source.trim()) fail(['dose_ranges', k, 'source'], 'a dose range needs its source', 'a key of `references` or a citation (label section, trial)');
  });
  // Folded YAML text (`>`) ends in a line break; reports quote these texts inline.
  const domain: ValidityDomain = {
    model: m.model,
    file: path,
    tumourTypes: (v.tumour_types ?? []).map((t) => t.trim()),
    covariates,
    doseRanges: (v.dose_ranges ?? []).map((r) => ({ ...(r.drug ? { drug: r.drug } : {}), unit: doseRangeUnit(r.unit), min: r.min, max: r.max, source: r.source.trim() })),
    genotypes: Object.entries(v.genotypes ?? {}).map(([gene, coverage]) => ({ gene, coverage: coverage.trim() })),
    notReported: (v.not_reported ?? []).map((t) => t.trim()),
  };
  if (v.n !== undefined) domain.n = v.n;
  if (v.description !== undefined) domain.description = v.description.trim();
  if (v.doses !== undefined) domain.doses = v.doses.trim();
  if (v.source !== undefined) domain.source = v.source.trim();
  if (v.ancestry) domain.ancestry = { covariate: v.ancestry.covariate, composition: { ...v.ancestry.composition }, ...(v.ancestry.source ? { source: v.ancestry.source.trim() } : {}) };
  ctx.validity.push(domain);
}

/** One covariate criterion: a range in a unit of the covariate's kind, or levels the model knows. */
function validityCovariate(ctx: LoadContext, f: YamlFile, name: string, c: NonNullable<Section['covariates']>[string], timeUnit: string): ValidityCovariate {
  const path = ['validity', 'covariates', name];
  const err = (p: (string | number)[], message: string, hint?: string) => {
    const pos = f.valuePos([...path, ...p]);
    return InputError.at(pos.file, pos.line, pos.col, message, hint);
  };
  const model = ctx.covariates.get(name);
  const ranged = c.min !== undefined || c.max !== undefined;
  if (ranged === (c.levels !== undefined)) throw err([], `validity of ${name}: give min and/or max, or levels`, 'e.g. { min: 40, max: 120, unit: kg } or { levels: [F, M] }');
  if (c.levels) {
    if (model?.levels) {
      const unknown = c.levels.find((l) => !model.levels!.includes(l));
      if (unknown !== undefined) throw err(['levels'], `validity of ${name}: level '${unknown}' is not one the model knows (${model.levels.join(', ')})`);
    }
    return { name, levels: [...c.levels], unit: '1', ...(c.source ? { source: c.source.trim() } : {}) };
  }
  if (model?.levels) throw err([], `validity of ${name}: ${name} is categorical in this model; give the levels the estimation population held`, `levels: [${model.levels.join(', ')}]`);
  if (c.min !== undefined && c.max !== undefined && !(c.min <= c.max)) throw err(['max'], `validity of ${name}: min ${c.min} is above max ${c.max}`);
  const unit = c.unit !== undefined ? String(c.unit) : (model?.unit ?? '1');
  const parsed = parseUnit(unit, c.unit !== undefined ? f.where([...path, 'unit']) : f.where(path));
  if (model && !dimEqual(parsed.dim, model.dim)) {
    throw err(c.unit !== undefined ? ['unit'] : [], `validity of ${name}: unit ${parsed.text} is ${describeDim(parsed.dim, timeUnit)}, but the model's ${name} is in ${model.unit}`, `use a unit of the same kind as ${model.unit}`);
  }
  const out: ValidityCovariate = { name, unit: parsed.text };
  if (c.min !== undefined) out.min = c.min;
  if (c.max !== undefined) out.max = c.max;
  if (c.source) out.source = c.source.trim();
  return out;
}

/** Shares lie in [0, 1] and add up to at most 1 (the rest may be unreported). */
function checkShares(composition: Record<string, number>, fail: (level: string, message: string) => void): void {
  let sum = 0;
  for (const [level, share] of Object.entries(composition)) {
    if (!(share >= 0 && share <= 1)) fail(level, `ancestry share of ${level} must lie between 0 and 1, got ${share}`);
    else sum += share;
  }
  if (sum > 1 + 1e-6) fail(Object.keys(composition)[0] ?? '', `ancestry shares add up to ${sum}, more than 1`);
}
