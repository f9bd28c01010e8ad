/**
 * Is this patient inside the population the model was estimated in? Reads the estimation
 * population each model file declares (`validity:`: covariate ranges and levels, ancestry, n,
 * tumour types; engine/common/validity-domain.ts), and compares the patient's own covariate values
 * (record values and the scenario's derived ones, e.g. BSA) with each range. A covariate the domain
 * names but the patient lacks is "not assessable", never "inside". A model without a declaration
 * gets a note saying the check could not be made, with the free-text `population` it states.
 */
import { describesPopulation } from '../common/validity-domain.js';
import { evalAssigns } from '../common/ir-eval.js';
import { internalUnit } from '../common/units/quantity.js';
import type { TwinProblem } from './problem.js';


export interface DomainCheck {
  /** Patient values outside a declared range or level set. */
  warnings: string[];
  /** Criteria that could not be checked (no declaration, or a covariate the patient lacks). */
  notAssessable: string[];
}

export function checkDomain(problem: TwinProblem): DomainCheck {
  const domains = (problem.model.validity ?? []).filter(describesPopulation);
  const out: DomainCheck = { warnings: [], notAssessable: [] };
  if (!domains.length) {
    out.notAssessable.push(`model ${problem.model.name} declares no estimation population (validity:), so whether this patient lies inside it was not checked${problem.model.description ? ` (model: ${problem.model.description})` : ''}`);
    return out;
  }
  const values = evalAssigns(problem.patient, new Map());
  const levelsOf = problem.levels;
  for (const d of domains) {
    const where = `the population model ${d.model} was estimated in${d.n ? ` (n = ${d.n})` : ''}`;
    for (const c of d.covariates) {
      const v = values.get(c.name);
      if (v === undefined) { out.notAssessable.push(`${c.name}: the patient record has no value (${where} is described by it)`); continue; }
      if (c.levels) {
        const level = levelsOf.get(c.name)?.[v];
        if (level !== undefined && !c.levels.includes(level)) out.warnings.push(`${c.name} = ${level} is not among the levels of ${where} (${c.levels.join(', ')})${c.source ? `; ${c.source}` : ''}`);
        continue;
      }
      let x: number;
      try { x = v / internalUnit(c.unit, problem.model.timeUnit).factor; } catch { out.notAssessable.push(`${c.name}: unit '${c.unit}' of ${where} is not one this check reads`); continue; }
      const shown = `${Number(x.toPrecision(4))} ${c.unit}`;
      if (c.min !== undefined && x < c.min) out.warnings.push(`${c.name} ${shown} is below the range of ${where} (${c.min}–${c.max ?? '…'} ${c.unit})${c.source ? `; ${c.source}` : ''}`);
      if (c.max !== undefined && x > c.max) out.warnings.push(`${c.name} ${shown} is above the range of ${where} (${c.min ?? '…'}–${c.max} ${c.unit})${c.source ? `; ${c.source}` : ''}`);
    }
    if (d.ancestry) {
      const v = values.get(d.ancestry.covariate);
      const level = v === undefined ? undefined : levelsOf.get(d.ancestry.covariate)?.[v];
      if (level === undefined) out.notAssessable.push(`ancestry (${d.ancestry.covariate}): the patient record has no value`);
      else if (!(d.ancestry.composition[level] > 0)) out.warnings.push(`${d.ancestry.covariate} = ${level} is not represented in ${where}${d.ancestry.source ? `; ${d.ancestry.source}` : ''}`);
    }
    if (d.tumourTypes.length) out.notAssessable.push(`tumour type: ${where} had ${d.tumourTypes.join(', ')} (the record does not say)`);
  }
  return out;
}
