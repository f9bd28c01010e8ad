/**
 * The CSV patient file: one row per item, `kind` saying what it is (docs/TWIN.md "Patient files").
 *
 *   kind,time,date,name,value,unit,duration,target,bql,lloq
 *   covariate,,,SEX,F,,,,,
 *   covariate,,,WT,68,kg,,,,
 *   dose,0 h,,docetaxel,130,mg,1 h,iv,,
 *   observation,7 d,,ANC,1.2,1e9/L,,,,
 *   observation,,2026-03-12T08:30,Cp,,mg/L,,,true,0.0005
 *
 * `time` is a time since time zero ("7 d"; a plain number is hours) or `date` an ISO date; a
 * dose's `name` is its drug label and `target` the model's dose target. Columns other than these
 * are errors at the header; every row is checked with its line and column.
 */
import { closest, excerpt, InputError, type Diagnostic } from '../errors.js';
import { cellOf, readCsvRows, type Cell, type CsvRows } from './csv-cells.js';
import type { PatientRecord, RecordCovariate, RecordDose, RecordObservation } from './record.js';
import { resolveTimes } from './read-yaml.js';
import { parseDate, parseFlag, parseHours, parseNumber } from './values.js';

export const CSV_COLUMNS = ['kind', 'time', 'date', 'name', 'value', 'unit', 'duration', 'target', 'bql', 'lloq'];

/** True when the header looks like the CSV patient file (a `kind` column). */
export function isCsvPatientFile(rows: CsvRows): boolean {
  return rows.header.some((h) => h.text.toLowerCase() === 'kind');
}

export function readCsvRecord(file: string, text: string, id: string): PatientRecord {
  const rows = readCsvRows(file, text);
  const diags: Diagnostic[] = [];
  for (const h of rows.header) {
    if (!CSV_COLUMNS.includes(h.text.toLowerCase())) {
      const g = closest(h.text.toLowerCase(), CSV_COLUMNS);
      diags.push({ ...h.pos, message: `unknown column '${excerpt(h.text)}'`, hint: g ? `did you mean '${g}'? ` : `columns: ${CSV_COLUMNS.join(', ')}` });
    }
  }
  if (diags.length) throw new InputError(diags);
  const guard = <T>(fn: () => T): T | undefined => {
    try { return fn(); } catch (e) { if (e instanceof InputError) { diags.push(...e.diagnostics); return undefined; } throw e; }
  };
  const covariates: RecordCovariate[] = [];
  const doses: Parameters<typeof resolveTimes>[4] = [];
  const observations: Parameters<typeof resolveTimes>[5] = [];
  for (const row of rows.rows) {
    const get = (name: string): Cell | undefined => { const c = cellOf(rows, row, name); return c && c.text !== '' ? c : undefined; };
    const kind = get('kind');
    const need = (name: string, what: string): Cell | undefined => {
      const c = get(name);
      if (!c) diags.push({ ...(kind ?? row[0]).pos, message: `a ${kind?.text ?? ''} row needs ${name} (${what})`, hint: `fill the ${name} column` });
      return c;
    };
    const timed = () => {
      const t = get('time'), d = get('date');
      if (!t === !d) { diags.push({ ...row[0].pos, message: 'give either time (since time zero) or date', hint: 'e.g. 7 d, or 2026-03-09T08:00' }); return undefined; }
      return t ? guard(() => ({ hours: parseHours(t.text, t.pos, 'time'), pos: t.pos })) : guard(() => ({ dateMs: parseDate(d!.text, d!.pos, 'date'), pos: d!.pos }));
    };
    switch (kind?.text.toLowerCase()) {
      case 'covariate': {
        const name = need('name', 'the covariate'), value = need('value', 'its value');
        if (!name || !value) break;
        const num = Number(value.text);
        const unit = get('unit')?.text;
        covariates.push({ name: name.text, value: Number.isFinite(num) && value.text.trim() !== '' ? num : value.text, ...(unit ? { unit } : {}), pos: value.pos });
        break;
      }
      case 'dose': {
        const t = timed(), value = need('value', 'the amount'), unit = need('unit', 'of the amount');
        const amount = value && guard(() => parseNumber(value.text, value.pos, 'amount'));
        const dur = get('duration');
        const duration = dur ? guard(() => parseHours(dur.text, dur.pos, 'duration')) : 0;
        if (t && amount !== undefined && unit && duration !== undefined) {
          doses.push({ ...t, amount, unit: unit.text, duration, ...(get('target') ? { target: get('target')!.text } : {}), ...(get('name') ? { drug: get('name')!.text } : {}) });
        }
        break;
      }
      case 'observation': {
        const t = timed(), name = need('name', 'the model output measured'), unit = need('unit', 'of the value');
        const b = get('bql');
        const bql = b ? guard(() => parseFlag(b.text, b.pos, 'bql')) ?? false : false;
        const v = bql ? get('value') : need('value', 'the measured value; or bql true with lloq');
        const value = v ? guard(() => parseNumber(v.text, v.pos, 'value')) : undefined;
        const l = get('lloq');
        const lloq = l ? guard(() => parseNumber(l.text, l.pos, 'lloq')) : undefined;
        if (t && name && unit && (bql || value !== undefined)) {
          observations.push({ ...t, output: name.text, ...(value === undefined ? {} : { value }), unit: unit.text, bql, ...(lloq === undefined ? {} : { lloq }) });
        }
        break;
      }
      default:
        diags.push({ ...(kind ?? row[0]).pos, message: `kind must be covariate, dose or observation, got '${excerpt(kind?.text ?? '')}'`, hint: 'one row per item, its kind in the first column' });
    }
  }
  if (diags.length) throw new InputError(diags);
  return resolveTimes(file, id, undefined, covariates, doses, observations);
}
