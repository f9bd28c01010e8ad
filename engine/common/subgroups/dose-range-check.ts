/**
 * Scenario doses against the single-dose ranges a model declares (`validity.dose_ranges`): a dose
 * outside every range for its unit (and drug) is extrapolation, reported beside the population check.
 * Ranges of one unit and drug are read as their union (a q3w and a weekly range together cover both).
 */
import type { WrittenDose } from '../dosing/written-doses.js';
import type { DoseRangeFinding } from '../stats/subgroup-types.js';
import { doseRangeUnit, type ValidityDoseRange } from '../validity-domain.js';

const fmt = (x: number): string => String(Number(x.toPrecision(4)));
const shown = (amount: number, unit: string): string => (unit === 'auc' ? `AUC ${fmt(amount)}` : `${fmt(amount)} ${unit.replace('^2', '²')}`);

/** One finding per written dose that some range of `ranges` speaks about (same unit, same or any drug). */
export function checkDoseRanges(ranges: ValidityDoseRange[], doses: WrittenDose[]): DoseRangeFinding[] {
  return doses.flatMap((d): DoseRangeFinding[] => {
    const unit = doseRangeUnit(d.unit);
    const mine = ranges.filter((r) => r.unit === unit && (r.drug === undefined || d.drug === undefined || r.drug === d.drug));
    if (!mine.length) return [];
    const inside = mine.some((r) => d.amount >= r.min && d.amount <= r.max);
    const range = mine.map((r) => (unit === 'auc' ? `AUC ${fmt(r.min)}–${fmt(r.max)}` : `${fmt(r.min)}–${fmt(r.max)} ${d.unit.replace('^2', '²')}`)).join(' or ');
    return [{ regimen: d.regimen, dose: shown(d.amount, d.unit), inside, range, sources: mine.map((r) => r.source) }];
  });
}
