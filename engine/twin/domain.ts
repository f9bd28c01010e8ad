/**
 * Is this patient inside the population the model was estimated in? Reads the estimation
 * population a model file declares (its `validity:` section: covariate ranges and levels, n, tumour
 * types; engine/common/validity-domain.ts), and compares the patient's own covariate values
 * (record values and the scenario's derived ones, e.g. BSA) with each range. A covariate the domain
 * names but the patient lacks is "not assessable", never "inside". A model without a declaration
 * gets a note saying the check could not be made, with the free-text `population` it states.
 */
import { evalAssigns } from '../common/ir-eval.js';
import { internalUnit } from '../common/units/quantity.js';
import type { TwinProblem } from './problem.js';

/** The parts of a declared validity domain this check reads (structurally, see the file comment). */
interface DomainLike {
  model: string;
  n?: number;
  tumourTypes?: string[];
  covariates: { name: string; min?: number; max?: number; unit: string; levels?: string[]; source?: string }[];
}

export interface DomainCheck {
  /** Patient values outside a declared range or level set. */
  warnings: string[];
  /** Criteria that could not be checked (no declaration, or a covariate the patient lacks). */
  notAssessable: string[];
}

function declaredDomains(problem: TwinProblem): DomainLike[] {
  const v = (problem.model as { validity?: unknown }).validity;
  return Array.isArray(v) ? (v as DomainLike[]).filter((d) => d && Array.isArray(d.covariates)) : [];
}

export function checkDomain(problem: TwinProblem): DomainCheck {
  const domains = declaredDomains(problem);
  const out: DomainCheck = { warnings: [], notAssessable: [] };
  if (!domains.length) {
    out.notAssessable.push(`model ${problem.model.name} declares no estimation population (validity:), so whether this patient lies inside it was not checked${problem.model.description ? ` (model: ${problem.model.description})` : ''}`);
    return out;
  }
  const values = evalAssigns(problem.patient, new Map());
  const levelsOf = new Map(problem.model.covariates.map((c) => [c.name, c.levels]));
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
      const x = v / internalUnit(c.unit, problem.model.timeUnit).factor;
      const shown = `${Number(x.toPrecision(4))} ${c.unit}`;
      if (c.min !== undefined && x < c.min) out.warnings.push(`${c.name} ${shown} is below the range of ${where} (${c.min}–${c.max ?? '…'} ${c.unit})${c.source ? `; ${c.source}` : ''}`);
      if (c.max !== undefined && x > c.max) out.warnings.push(`${c.name} ${shown} is above the range of ${where} (${c.min ?? '…'}–${c.max} ${c.unit})${c.source ? `; ${c.source}` : ''}`);
    }
  }
  return out;
}
