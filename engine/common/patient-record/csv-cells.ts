/**
 * A CSV file as rows of positioned text cells (header row first, blank lines and `#` comment lines
 * skipped), for the patient-record readers: every cell knows its file:line:col. Fields as
 * ../csv-line.ts reads them; a byte-order mark is ignored.
 */
import { InputError } from '../errors.js';
import { splitCsvLine } from '../csv-line.js';
import type { RecordPos } from './record.js';

export interface Cell {
  text: string;
  pos: RecordPos;
}

export interface CsvRows {
  header: Cell[];
  rows: Cell[][];
}

/** Largest patient file read (a patient's own data is small; this refuses a wrong file early). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export function readCsvRows(file: string, text: string): CsvRows {
  if (text.length > MAX_RECORD_BYTES) throw InputError.at(file, 1, 1, `the file is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB: not a patient record`, 'give one patient\'s data');
  if (text.includes('\u0000')) throw InputError.at(file, 1, 1, 'the file is binary, not a CSV table', 'give a text file with a header row');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: Cell[] | undefined;
  const rows: Cell[][] = [];
  lines.forEach((line, k) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const cells = splitCsvLine(line, file, k + 1).map(({ text, col }) => ({ text, pos: { file, line: k + 1, col } }));
    if (!header) { header = cells; return; }
    if (cells.length !== header.length) {
      throw InputError.at(file, k + 1, 1, `this row has ${cells.length} fields, the header ${header.length}`, 'every row needs one field per header column (empty fields are allowed)');
    }
    rows.push(cells);
  });
  if (!header) throw InputError.at(file, 1, 1, 'the file has no header row', 'start with a header row naming the columns');
  return { header, rows };
}

/** The cell of column `name` (case-insensitive) in `row`, if the header has that column. */
export function cellOf(rows: CsvRows, row: Cell[], ...names: string[]): Cell | undefined {
  for (const name of names) {
    const j = rows.header.findIndex((h) => h.text.toLowerCase() === name.toLowerCase());
    if (j >= 0) return row[j];
  }
  return undefined;
}
