/**
 * Words for per-patient summary columns on screens and reports: a clinical label built from what the
 * summary computes ("ANC nadir", "Time with ANC < 0.5 ×10⁹/L", "AUC of Cp"), and the unit as a
 * clinician writes it (×10⁹/L; times in days rather than hours). The column's id stays in files.
 */
import type { ModelIR } from '../ir.js';
import type { SummarySpec } from '../job.js';
import { toInternal } from '../units/index.js';

/** Clinical name of one summary column of `model` (extremum times get their own `.time` label). */
export function summaryLabel(s: SummarySpec, model: ModelIR): string {
  const out = model.outputs.find((o) => o.name === s.output);
  const name = clinicalOutputName(s.output, out?.unit ?? '');
  // Thresholds are in the output's own unit (docs/FORMATS.md "Summaries").
  const inUser = (x: number): string => String(Number(x.toPrecision(4)));
  const unit = out ? ` ${clinicalUnit(out.unit)}` : '';
  switch (s.kind) {
    case 'min': return (/^anc$/i.test(name) ? 'ANC nadir' : `Smallest ${name}`) + windowWords(s, model);
    case 'max': return (/^(cp|c|conc)$/i.test(name) ? `Cmax (${name})` : `Maximum ${name}`) + windowWords(s, model);
    case 'auc': return `AUC of ${name}` + windowWords(s, model);
    case 'time_below': return `Time with ${name} < ${inUser(s.threshold)}${unit}`;
    case 'time_above': return `Time with ${name} > ${inUser(s.threshold)}${unit}`;
    case 'first_below': return `Time to ${name} < ${inUser(s.threshold)}${unit}`;
    case 'first_above': return `Time to ${name} > ${inUser(s.threshold)}${unit}`;
    case 'value_at': {
      if (s.dosing) return `Dose delivery: ${s.dosing}`;
      const days = s.time / toInternal(1, 'd', model.timeUnit);
      return days === 0 ? `Baseline ${name}` : `${name[0].toUpperCase()}${name.slice(1)} on day ${Number(days.toPrecision(4))}`;
    }
  }
}

/**
 * The window of a windowed extremum or AUC, in days or cycles (", days 0–21", ", cycle 1"), so that
 * it does not read like the whole-course column beside it; "" for the whole course.
 */
function windowWords(s: Extract<SummarySpec, { kind: 'min' | 'max' | 'auc' }>, model: ModelIR): string {
  if ('cycle' in s && s.cycle !== undefined) return `, cycle ${s.cycle}`;
  const day = (x: number): string => String(Number((x / toInternal(1, 'd', model.timeUnit)).toPrecision(4)));
  if (s.from !== undefined && s.to !== undefined) return `, days ${day(s.from)}–${day(s.to)}`;
  if (s.from !== undefined) return `, from day ${day(s.from)}`;
  if (s.to !== undefined) return `, days 0–${day(s.to)}`;
  return '';
}

/** Short clinical name of an output: a tumour size in mm is the RECIST sum of diameters. */
function clinicalOutputName(name: string, unit: string): string {
  if (/^(ts|sld|tumou?r)$/i.test(name) && /^(mm|cm)$/.test(unit)) return 'sum of diameters';
  if (/^(ts|tumou?r)$/i.test(name) && /^(g|mg|mL|L|mm\^3|cm\^3)$/.test(unit)) return 'tumour size';
  return name;
}

/** A unit as clinicians write it (`1e9/L` → `×10⁹/L`, `m^2` → `m²`). */
export function clinicalUnit(unit: string): string {
  return unit.replace(/^1e9\/L$/, '×10⁹/L').replace(/^10\^9\/L$/, '×10⁹/L').replace(/\^2/g, '²').replace(/\^3/g, '³').replace(/\bug\b/g, 'µg');
}

/**
 * Display unit and scale of a column in `unit` for a model in `timeUnit`: a pure time in hours over
 * a run of days or longer is shown in days; everything else as written (with clinicalUnit).
 */
export function displayUnit(unit: string, timeUnit: string, horizonDays: number): { unit: string; scale: number } {
  if (/^(h|hr|hour|hours)$/.test(unit) && horizonDays >= 3) return { unit: 'days', scale: 1 / 24 };
  if (unit === 'd') return { unit: 'days', scale: 1 };
  if (unit === timeUnit && unit === 'h') return { unit: 'h', scale: 1 };
  return { unit: clinicalUnit(unit), scale: 1 };
}
