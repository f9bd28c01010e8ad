/**
 * The dose of each regimen as the scenario file writes it (amount and unit, or a Calvert AUC target),
 * for checks that compare doses with what a model was studied at (validity `dose_ranges`). The
 * simulation never reads these: it uses the regimen plans built from them.
 */
export interface WrittenDose {
  regimen: string;
  /** The regimen's `drug:` label, or its dose target when it gives none. */
  drug?: string;
  amount: number;
  /** As written (`mg/m^2`, `mg`, …), or `auc` for a Calvert target. */
  unit: string;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** One `dose:` as written, or nothing when it is neither an amount nor a Calvert target. */
function doseOf(d: Record<string, unknown>, base: Pick<WrittenDose, 'regimen' | 'drug'>): WrittenDose[] {
  if (isObj(d.auc) && typeof d.auc.target === 'number') return [{ ...base, amount: d.auc.target, unit: 'auc' }];
  if (typeof d.amount === 'number' && typeof d.unit === 'string') return [{ ...base, amount: d.amount, unit: d.unit }];
  return [];
}

/**
 * Written doses of a loaded scenario's `regimens:` (`data` is the validated file; see scenario.ts):
 * one per single-drug regimen, one per drug of a combination (`drugs:`, labelled with its `drug`).
 */
export function writtenDoses(data: unknown): WrittenDose[] {
  const regimens = isObj(data) && Array.isArray(data.regimens) ? data.regimens : [];
  return regimens.flatMap((r): WrittenDose[] => {
    if (!isObj(r) || typeof r.name !== 'string') return [];
    const regimen = r.name;
    if (Array.isArray(r.drugs)) {
      return r.drugs.flatMap((x) => (isObj(x) && isObj(x.dose) ? doseOf(x.dose, { regimen, ...(typeof x.drug === 'string' ? { drug: x.drug } : {}) }) : []));
    }
    if (!isObj(r.dose)) return [];
    const d = r.dose;
    const drug = typeof r.drug === 'string' ? r.drug : typeof d.target === 'string' ? d.target : undefined;
    return doseOf(d, { regimen, ...(drug ? { drug } : {}) });
  });
}
