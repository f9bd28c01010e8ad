/**
 * Implausible doses, said before and after a run. A model is only evidence for doses near those its
 * parameters were estimated from; far outside them the equations still give numbers (or fail, see
 * failure-summary.ts), and those numbers are extrapolation.
 *
 * Two checks, each saying which it is:
 * 1. The model's studied range, when its file (or any module file it composes) declares one in its
 *    validity domain, every entry with its source (docs/FORMATS.md "Validity domain"):
 *
 *        validity:
 *          dose_ranges:
 *            - { drug: docetaxel, unit: mg/m^2, min: 60, max: 100, source: "Taxotere label §2.1" }
 *
 *    `unit` is the dose unit as scenarios write it (mg/m^2, mg/kg, mg, or auc for a Calvert target);
 *    `drug` (optional) matches a regimen's `drug:`. A dose outside [min, max] is flagged.
 * 2. Without a declared range: a dose more than FAR_FROM_ORIGINAL times away from the doses the
 *    scenario was opened with (in the same unit) is flagged as a probable typing slip — labelled as a
 *    check of the edit, not a clinical limit.
 */
import { parse } from 'yaml';
import { validityDoseRangeSchema } from '../../engine/common/model/validity-schema.js';
import { checkDoseRanges } from '../../engine/common/subgroups/dose-range-check.js';
import { doseRangeUnit } from '../../engine/common/validity-domain.js';
import { readAt } from './yaml-splice.js';
import { readRegimens, type RegimenForm } from './scenario-doc.js';

/** One declared range: doses of `drug` (any drug when absent) in `unit`, from `file`. */
export interface StudiedDose {
  drug?: string;
  unit: string;
  min: number;
  max: number;
  source: string;
  file: string;
}

/** How far (as a factor) an edited dose may move from the scenario's own doses before it is questioned. */
export const FAR_FROM_ORIGINAL = 4;


const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The `validity.dose_ranges` of a model file's text (the engine's own declaration,
 * engine/common/model/validity-schema.ts), and what is wrong with any entry that is unusable — the
 * engine's validate reports those at file:line:col; here they only leave the check out.
 */
export function studiedDosesOf(text: string, file: string): { ranges: StudiedDose[]; problems: string[] } {
  let doc: unknown;
  try { doc = parse(text); } catch { return { ranges: [], problems: [] }; }
  const validity = isObj(doc) ? doc.validity : undefined;
  const list = isObj(validity) ? validity.dose_ranges : undefined;
  if (list === undefined) return { ranges: [], problems: [] };
  if (!Array.isArray(list)) return { ranges: [], problems: [`${file}: validity.dose_ranges must be a list`] };
  const ranges: StudiedDose[] = [];
  const problems: string[] = [];
  list.forEach((e, k) => {
    const r = validityDoseRangeSchema.safeParse(e);
    if (!r.success || !(r.data.min <= r.data.max) || !r.data.source.trim()) {
      problems.push(`${file}: validity.dose_ranges[${k}] needs unit, min ≤ max and source (drug optional); ignored`);
      return;
    }
    ranges.push({ ...(r.data.drug ? { drug: r.data.drug } : {}), unit: doseRangeUnit(r.data.unit), min: r.data.min, max: r.data.max, source: r.data.source, file });
  });
  return { ranges, problems };
}

/** The module files a model file composes (`modules: name: { file }`), as written. */
export function moduleFiles(text: string): string[] {
  let doc: unknown;
  try { doc = parse(text); } catch { return []; }
  const modules = isObj(doc) && isObj(doc.modules) ? Object.values(doc.modules) : [];
  return modules.filter(isObj).map((m) => m.file).filter((f): f is string => typeof f === 'string');
}

const unitOf = (r: RegimenForm): string => (r.doseKind === 'auc' ? 'auc' : doseRangeUnit(r.unit));
const shown = (r: RegimenForm, amount: number): string => (r.doseKind === 'auc' ? `AUC ${amount}` : `${amount} ${r.unit.replace('^2', '²')}`);
const fmt = (x: number): string => (x >= 10 ? x.toFixed(0) : Number(x.toPrecision(2)).toString());

/** Why regimen `r`'s dose is implausible against a declared range, or undefined (the engine's check, dose-range-check.ts). */
function outsideRange(r: RegimenForm, drug: string | undefined, ranges: StudiedDose[]): string | undefined {
  if (r.amount === undefined) return undefined;
  const [finding] = checkDoseRanges(ranges, [{ regimen: '', ...(drug ? { drug } : {}), amount: r.amount, unit: unitOf(r) === 'auc' ? 'auc' : r.unit }]);
  if (!finding || finding.inside) return undefined;
  return `${finding.dose} is outside the doses this model was studied at (${finding.range}; ${finding.sources.join('; ')}): its results are extrapolation.`;
}

/** Why regimen `r`'s dose looks like a typing slip against the scenario's original doses, or undefined. */
function farFromOriginal(r: RegimenForm, i: number, originals: RegimenForm[]): string | undefined {
  if (r.amount === undefined || r.amount <= 0) return undefined;
  const same = originals.filter((o) => unitOf(o) === unitOf(r) && o.amount !== undefined && o.amount > 0);
  if (!same.length) return undefined;
  const byIndex = originals[i] && unitOf(originals[i]) === unitOf(r) && (originals[i].amount ?? 0) > 0 ? originals[i] : undefined;
  const ref = byIndex ?? same.reduce((a, b) => (Math.abs(Math.log(r.amount! / a.amount!)) <= Math.abs(Math.log(r.amount! / b.amount!)) ? a : b));
  const factor = r.amount / ref.amount!;
  if (factor <= FAR_FROM_ORIGINAL && factor >= 1 / FAR_FROM_ORIGINAL) return undefined;
  const times = factor > 1 ? `${fmt(factor)}×` : `1/${fmt(1 / factor)} of`;
  return `${shown(r, r.amount)} is ${times} the ${shown(ref, ref.amount!)} this scenario was written with — check for a typing slip (a check of the edit, not a clinical limit: this model declares no studied dose range).`;
}

/** A warning per regimen of `text` (undefined where its dose is plausible). */
export function doseWarnings(text: string, originalText: string, ranges: StudiedDose[]): (string | undefined)[] {
  const originals = readRegimens(originalText);
  return readRegimens(text).map((r, i) => {
    const drug = readAt(text, ['regimens', i, 'drug']);
    return outsideRange(r, typeof drug === 'string' ? drug : undefined, ranges) ?? (ranges.some((x) => x.unit === unitOf(r)) ? undefined : farFromOriginal(r, i, originals));
  });
}
