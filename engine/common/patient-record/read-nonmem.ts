/**
 * A NONMEM-style data set (ID, TIME, AMT, RATE, DUR, ADDL, II, DV, EVID, MDV, CMT, BLQ/CENS,
 * LLOQ/LOQ, covariate columns) → one patient's record. A data set has no units and numbers its
 * compartments, so the patient file says what they mean (docs/TWIN.md):
 *
 *   nonmem:
 *     file: pk.csv
 *     id: 12                              # the subject (optional when the file has one)
 *     time_unit: h                        # TIME (default h)
 *     amount_unit: mg                     # AMT (RATE is AMT per time_unit)
 *     compartments: { 1: { dose: iv }, 2: { output: Cp, unit: mg/L } }
 *     # or, with one kind of measurement: dv: { output: ANC, unit: 1e9/L }
 *     covariates: { WT: kg, SEX: { 1: M, 2: F } }
 *
 * Rows: EVID 1 (or AMT > 0 without an EVID column) is a dose, expanded by ADDL/II; EVID 0 with
 * MDV ≠ 1 is a measurement; MDV = 1 measurements and EVID 2 rows are listed in the record's notes.
 * EVID 3/4 (resets), SS doses and modelled rates (RATE −1/−2) are errors: the twin cannot honour them.
 */
import { excerpt, InputError, type Diagnostic } from '../errors.js';
import { cellOf, readCsvRows, type Cell } from './csv-cells.js';
import type { PatientRecord, RecordCovariate, RecordDose, RecordObservation, RecordPos } from './record.js';
import { parseHours } from './values.js';

const KNOWN = ['ID', 'TIME', 'AMT', 'RATE', 'DUR', 'ADDL', 'II', 'DV', 'EVID', 'MDV', 'CMT', 'BLQ', 'CENS', 'LLOQ', 'LOQ', 'SS'];

export interface NonmemSpec {
  id?: number;
  timeUnit: string;
  amountUnit: string;
  compartments: Map<number, { dose?: string; output?: string; unit?: string }>;
  dv?: { output: string; unit: string };
  covariates: Map<string, { unit?: string; levels?: Map<number, string> }>;
  /** Where the spec was written (errors about the spec itself). */
  pos: RecordPos;
}

const num = (c: Cell | undefined): number | undefined => (c === undefined || c.text === '' || c.text === '.' ? undefined : Number(c.text));

export function readNonmemRecord(file: string, text: string, spec: NonmemSpec, id: string): PatientRecord {
  const rows = readCsvRows(file, text);
  const diags: Diagnostic[] = [];
  const err = (pos: RecordPos, message: string, hint?: string) => diags.push({ ...pos, message, hint });
  for (const req of ['TIME', 'DV']) if (!rows.header.some((h) => h.text.toUpperCase() === req)) err(rows.header[0].pos, `the data set has no ${req} column`, `NONMEM-style data sets need ID, TIME, AMT, DV (and EVID, MDV, CMT …)`);
  if (diags.length) throw new InputError(diags);
  const ids = [...new Set(rows.rows.map((r) => num(cellOf(rows, r, 'ID'))))];
  const subject = spec.id ?? (ids.length === 1 ? ids[0] : undefined);
  if (subject === undefined && ids.length > 1) throw InputError.at(spec.pos.file, spec.pos.line, spec.pos.col, `the data set holds ${ids.length} subjects; say which one is this patient`, `add id: <ID> (IDs: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ' …' : ''})`);
  const mine = rows.rows.filter((r) => num(cellOf(rows, r, 'ID')) === subject);
  if (!mine.length) throw InputError.at(spec.pos.file, spec.pos.line, spec.pos.col, `the data set has no rows with ID ${subject}`, `IDs: ${ids.slice(0, 10).join(', ')}`);
  const notes: string[] = [];
  const unused = rows.header.filter((h) => !KNOWN.includes(h.text.toUpperCase()) && !spec.covariates.has(h.text)).map((h) => h.text);
  if (unused.length) notes.push(`${file}: columns not read (not NONMEM items and not declared covariates): ${unused.join(', ')}`);
  const hours = (c: Cell, what: string): number => parseHours(`${c.text} ${spec.timeUnit}`, c.pos, what);
  const doses: RecordDose[] = [];
  const observations: RecordObservation[] = [];
  for (const r of mine) {
    const cell = (...n: string[]) => cellOf(rows, r, ...n);
    const bad = (c: Cell | undefined) => c && c.text !== '' && c.text !== '.' && !Number.isFinite(Number(c.text));
    for (const n of ['TIME', 'AMT', 'RATE', 'DUR', 'ADDL', 'II', 'DV', 'EVID', 'MDV', 'CMT', 'BLQ', 'CENS', 'LLOQ', 'LOQ', 'SS']) {
      const c = cell(n);
      if (bad(c)) err(c!.pos, `${n} must be a number, got '${excerpt(c!.text)}'`, `'.' or an empty field means "no value"`);
    }
    const timeCell = cell('TIME')!;
    if (num(timeCell) === undefined) { err(timeCell.pos, 'TIME is missing', 'every row needs its time'); continue; }
    const amt = num(cell('AMT'));
    const evid = num(cell('EVID')) ?? (amt !== undefined && amt > 0 ? 1 : 0);
    const cmt = num(cell('CMT'));
    const mapped = cmt === undefined ? undefined : spec.compartments.get(cmt);
    const at = cell('EVID') ?? timeCell;
    if (evid === 3 || evid === 4) { err(at.pos, `EVID ${evid} (reset) is not supported`, 'give one occasion per patient file, or the doses and measurements without resets'); continue; }
    if ((num(cell('SS')) ?? 0) !== 0) { err(cell('SS')!.pos, 'steady-state doses (SS) are not supported', 'list the doses that led to steady state'); continue; }
    if (evid === 2) { notes.push(`${file}:${at.pos.line}: EVID 2 row (no dose, no measurement) not used`); continue; }
    const t = hours(timeCell, 'TIME');
    if (evid === 1) {
      if (!(amt !== undefined && amt > 0)) { err((cell('AMT') ?? at).pos, 'a dose row (EVID 1) needs AMT > 0'); continue; }
      const rate = num(cell('RATE')) ?? 0;
      if (rate < 0) { err(cell('RATE')!.pos, `RATE ${rate} (modelled rate or duration) is not supported`, 'give RATE > 0 or DUR'); continue; }
      const durCell = cell('DUR');
      const duration = num(durCell) !== undefined ? hours(durCell!, 'DUR') : rate > 0 ? parseHours(`${amt / rate} ${spec.timeUnit}`, at.pos, 'AMT/RATE') : 0;
      if (cmt !== undefined && !mapped?.dose && spec.compartments.size) { err(cell('CMT')!.pos, `CMT ${cmt} is not declared as a dose compartment`, 'add it under compartments: { N: { dose: <target> } }'); continue; }
      const addl = num(cell('ADDL')) ?? 0;
      const ii = num(cell('II')) ?? 0;
      if (addl > 0 && !(ii > 0)) { err(cell('ADDL')!.pos, 'ADDL needs II > 0', 'II is the interval between the additional doses'); continue; }
      for (let k = 0; k <= addl; k++) {
        doses.push({ time: t + k * parseHours(`${ii} ${spec.timeUnit}`, at.pos, 'II'), amount: amt, unit: spec.amountUnit, duration, ...(mapped?.dose ? { target: mapped.dose } : {}), pos: at.pos });
      }
      continue;
    }
    if ((num(cell('MDV')) ?? 0) === 1) { notes.push(`${file}:${at.pos.line}: measurement row with MDV = 1 not used (the data set marks it missing or excluded)`); continue; }
    const meaning = mapped?.output ? { output: mapped.output, unit: mapped.unit ?? '' } : spec.dv;
    if (!meaning || !meaning.unit) { err((cell('CMT') ?? at).pos, cmt === undefined ? 'measurement rows need dv: { output, unit } in the patient file' : `CMT ${cmt} is not declared as a measured output`, 'add compartments: { N: { output: <name>, unit: <unit> } } or dv: { output, unit }'); continue; }
    const bql = (num(cell('BLQ', 'CENS')) ?? 0) === 1;
    const dv = num(cell('DV'));
    const lloq = num(cell('LLOQ', 'LOQ')) ?? (bql ? dv : undefined);
    if (!bql && dv === undefined) { err(cell('DV')!.pos, 'DV is missing on a measurement row', 'give the value, set MDV = 1 to exclude the row, or BLQ = 1 for a value below the limit'); continue; }
    observations.push({ time: t, output: meaning.output, ...(bql ? {} : { value: dv }), unit: meaning.unit, bql, ...(lloq === undefined ? {} : { lloq }), pos: (cell('DV') ?? at).pos });
  }
  const covariates: RecordCovariate[] = [];
  for (const [name, c] of spec.covariates) {
    const cellV = cellOf(rows, mine[0], name);
    if (!cellV) { err(spec.pos, `covariate column ${name} is not in the data set`, `columns: ${rows.header.map((h) => h.text).join(', ')}`); continue; }
    const v = Number(cellV.text);
    if (!Number.isFinite(v)) { err(cellV.pos, `${name} must be a number, got '${excerpt(cellV.text)}'`); continue; }
    if (c.levels) {
      const level = c.levels.get(v);
      if (level === undefined) { err(cellV.pos, `${name} = ${v} has no level name`, `declare it: covariates: { ${name}: { ${v}: <level> } }`); continue; }
      covariates.push({ name, value: level, pos: cellV.pos });
    } else covariates.push({ name, value: v, ...(c.unit ? { unit: c.unit } : {}), pos: cellV.pos });
  }
  if (diags.length) throw new InputError(diags);
  return { id, file, covariates, doses, observations, notes };
}
