/**
 * Imported patients: a CSV file with a header row and one row per patient.
 * Cells are numbers, or level names for columns declared categorical (coded 0..k-1 in the order the
 * levels are listed). Fields as ../csv-line.ts reads them; blank lines are skipped.
 * Every problem is an InputError at the CSV file's line and column.
 */
import { closest, excerpt, InputError } from '../errors.js';
import { RESERVED_HINT, symbolNameProblem } from '../expr/names.js';
import { MAX_TABLE_BYTES } from '../limits.js';
import { splitCsvLine, type CsvField } from '../csv-line.js';

export interface CsvTable {
  columns: string[];
  rows: number;
  /** Column-major: data[c * rows + r]. */
  data: Float64Array;
  /** 1-based line of the header row, for messages (e.g. a missing column). */
  headerLine: number;
  /** 1-based column (character) position of each header cell, for messages. */
  headerCols: number[];
}

/** What a header line must look like, for messages about a file that is not a patient table. */
const HEADER_HINT = 'a patient table is a CSV text file whose first line names its columns (letters, digits, _; dotted for parameters of a module and random effects), e.g. ID,WT,CL,eta.V';
/** A column name: identifiers joined by dots (`WT`, `pk.CL`, `eta.pk.CL`). */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The header's column names; a first line that is not a header is reported without repeating it. */
function parseHeader(line: string, file: string, lineNo: number): CsvField[] {
  const header = splitCsvLine(line, file, lineNo);
  header.forEach((h, j) => {
    if (COLUMN_NAME.test(h.text) && h.text.split('.').every((part) => !symbolNameProblem(part))) return;
    const problem = h.text.split('.').map((part) => symbolNameProblem(part)).find((p) => p !== undefined);
    if (!COLUMN_NAME.test(h.text)) {
      throw InputError.at(file, lineNo, h.col, `line ${lineNo} is not a header of column names: cell ${j + 1} ('${excerpt(h.text, 12)}') is not a name`, HEADER_HINT);
    }
    throw InputError.at(file, lineNo, h.col, `column name '${h.text}' cannot be used: ${problem}`, `rename the column; ${RESERVED_HINT}`);
  });
  header.forEach((h, j) => {
    if (header.findIndex((x) => x.text === h.text) !== j) throw InputError.at(file, lineNo, h.col, `duplicate column '${h.text}'`, 'each column needs its own name');
  });
  return header;
}

/**
 * Parses `text`. `levels` lists the level names of categorical columns; every other column must
 * be numeric.
 */
export function parseCsvTable(text: string, file: string, levels: ReadonlyMap<string, readonly string[]> = new Map()): CsvTable {
  if (text.length > MAX_TABLE_BYTES) {
    throw InputError.at(file, 1, 1, `the patient table is ${(text.length / 2 ** 20).toFixed(0)} MiB; at most ${MAX_TABLE_BYTES / 2 ** 20} MiB are read`, 'split the population or drop unused columns');
  }
  if (text.includes('\0')) throw InputError.at(file, 1, 1, 'this is not a text file, so not a patient table', HEADER_HINT);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines.findIndex((l) => l.trim() !== '');
  if (headerLine < 0) throw InputError.at(file, 1, 1, 'the patient table is empty', 'the first line must name the columns, e.g. ID,WT,HT');
  const header = parseHeader(lines[headerLine], file, headerLine + 1);
  const columns = header.map((h) => h.text);
  for (const c of levels.keys()) {
    if (!columns.includes(c)) {
      const s = closest(c, columns);
      throw InputError.at(file, headerLine + 1, 1, `levels are given for column '${c}', which the table does not have`, s ? `did you mean '${s}'?` : `columns: ${columns.join(', ')}`);
    }
  }
  const rowsText: { cells: CsvField[]; line: number }[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    rowsText.push({ cells: splitCsvLine(lines[i], file, i + 1), line: i + 1 });
  }
  if (rowsText.length === 0) throw InputError.at(file, headerLine + 1, 1, 'the patient table has a header but no rows', 'add one row per patient');
  const rows = rowsText.length;
  const data = new Float64Array(columns.length * rows);
  rowsText.forEach(({ cells, line }, r) => {
    if (cells.length !== columns.length) {
      const last = cells[Math.min(cells.length, columns.length) - 1];
      throw InputError.at(file, line, last ? last.col : 1, `row has ${cells.length} cells, the header has ${columns.length}`, 'every row needs one value per column');
    }
    cells.forEach((cell, j) => { data[j * rows + r] = cellValue(cell, columns[j], levels.get(columns[j]), file, line); });
  });
  return { columns, rows, data, headerLine: headerLine + 1, headerCols: header.map((h) => h.col) };
}

/** A cell's number, or its level's code in a categorical column. */
function cellValue(cell: CsvField, column: string, levels: readonly string[] | undefined, file: string, line: number): number {
  if (levels) {
    const v = levels.indexOf(cell.text);
    if (v < 0) throw InputError.at(file, line, cell.col, `'${excerpt(cell.text)}' is not a level of ${column}`, `levels: ${levels.join(', ')}`);
    return v;
  }
  const v = cell.text === '' ? NaN : Number(cell.text);
  if (!Number.isFinite(v)) {
    throw InputError.at(file, line, cell.col, `column ${column}: '${excerpt(cell.text)}' is not a number`,
      /^[A-Za-z]/.test(cell.text) ? `if ${column} is categorical, list its levels: table: { file: …, levels: { ${column}: [..] } }` : 'write a plain number like 72.5');
  }
  return v;
}
