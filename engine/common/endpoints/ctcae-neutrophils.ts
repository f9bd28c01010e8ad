/**
 * CTCAE v5.0 "Neutrophil count decreased" grade from an absolute neutrophil count (ANC, 10⁹/L).
 *
 * Grade 1: < LLN – 1.5; grade 2: < 1.5 – 1.0; grade 3: < 1.0 – 0.5; grade 4: < 0.5 (×10⁹/L).
 * A value exactly on a cut-off belongs to the milder grade (1.5 → grade 1, 1.0 → 2, 0.5 → 3), because
 * each grade is defined by "<". The lower limit of normal (LLN) is laboratory-specific; the default
 * 2.0 ×10⁹/L is the convention of InsightRX clinPK and older NCI-CTC tables. Sources: CTCAE v5.0
 * (NCI, 2017) as summarised in research/models.md §6 (R39-R41).
 */

/** Default lower limit of normal for ANC, 10⁹/L (see the file comment). */
export const ANC_LLN_DEFAULT = 2.0;

/** CTCAE grade 0-4 for one ANC value; NaN for a non-finite ANC (a failed patient stays visible). */
export function neutrophilGrade(anc: number, lln: number = ANC_LLN_DEFAULT): number {
  if (!(lln > 0) || !Number.isFinite(lln)) throw new RangeError(`ANC lower limit of normal must be a positive number, got ${lln}`);
  if (!Number.isFinite(anc)) return NaN;
  if (anc < 0.5) return 4;
  if (anc < 1.0) return 3;
  if (anc < 1.5) return 2;
  if (anc < lln) return 1;
  return 0;
}

/** Grades of many values (e.g. one per patient, from per-cycle nadir summaries). */
export function neutrophilGrades(anc: ArrayLike<number>, lln: number = ANC_LLN_DEFAULT): Float64Array {
  const out = new Float64Array(anc.length);
  for (let i = 0; i < anc.length; i++) out[i] = neutrophilGrade(anc[i], lln);
  return out;
}

/**
 * Worst grade per patient over several cycles: `perCycle[c][i]` is patient i's grade in cycle c.
 * NaN if any cycle is NaN for that patient (a failed integration must not read as "no toxicity").
 */
export function worstGrade(perCycle: ArrayLike<number>[]): Float64Array {
  if (perCycle.length === 0) return new Float64Array(0);
  const n = perCycle[0].length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let worst = 0;
    for (const cycle of perCycle) {
      if (cycle.length !== n) throw new RangeError('per-cycle grade arrays differ in length');
      const g = cycle[i];
      if (Number.isNaN(g)) { worst = NaN; break; }
      worst = Math.max(worst, g);
    }
    out[i] = worst;
  }
  return out;
}
