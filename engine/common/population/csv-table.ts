/**
 * Imported patients: a CSV file with a header row and one row per patient.
 * Cells are numbers, or level names for columns declared categorical (coded 0..k-1 in the order the
 * levels are listed). Separators: comma; fields may be double-quoted; blank lines are skipped.
 * Every problem is an InputError at the CSV file's line and column.
 */
import { closest, InputError } from '../errors.js';

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

interface Cell {
  text: string;
  col: number;
}

function splitLine(line: string, file: string, lineNo: number): Cell[] {
  const cells: Cell[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let text = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw InputError.at(file, lineNo, start + 1, 'unterminated quoted field', 'close the quote with "');
        if (line[i] === '"' && line[i + 1] === '"') { text += '"'; i += 2; continue; }
        if (line[i] === '"') { i++; break; }
        text += line[i++];
      }
      while (i < line.length && line[i] !== ',') i++;
    } else {
      while (i < line.length && line[i] !== ',') text += line[i++];
    }
    cells.push({ text: text.trim(), col: start + 1 });
    if (i >= line.length) return cells;
    i++; // skip the comma
  }
}

/**
 * Parses `text`. `levels[col]` lists the level names of categorical columns; every other column must
 * be numeric.
 */
export function parseCsvTable(text: string, file: string, levels: Record<string, string[]> = {}): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines.findIndex((l) => l.trim() !== '');
  if (headerLine < 0) throw InputError.at(file, 1, 1, 'the patient table is empty', 'the first line must name the columns, e.g. ID,WT,HT');
  const header = splitLine(lines[headerLine], file, headerLine + 1);
  const columns = header.map((h) => h.text);
  columns.forEach((name, j) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw InputError.at(file, headerLine + 1, header[j].col, `column name '${name}' is not a valid name`, 'use letters, digits and _ (e.g. WT, SCR)');
    if (columns.indexOf(name) !== j) throw InputError.at(file, headerLine + 1, header[j].col, `duplicate column '${name}'`);
  });
  for (const c of Object.keys(levels)) {
    if (!columns.includes(c)) {
      const s = closest(c, columns);
      throw InputError.at(file, headerLine + 1, 1, `levels are given for column '${c}', which the table does not have`, s ? `did you mean '${s}'?` : `columns: ${columns.join(', ')}`);
    }
  }
  const rowsText: { cells: Cell[]; line: number }[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    rowsText.push({ cells: splitLine(lines[i], file, i + 1), line: i + 1 });
  }
  if (rowsText.length === 0) throw InputError.at(file, headerLine + 1, 1, 'the patient table has a header but no rows', 'add one row per patient');
  const rows = rowsText.length;
  const data = new Float64Array(columns.length * rows);
  rowsText.forEach(({ cells, line }, r) => {
    if (cells.length !== columns.length) {
      const last = cells[Math.min(cells.length, columns.length) - 1];
      throw InputError.at(file, line, last ? last.col : 1, `row has ${cells.length} cells, the header has ${columns.length}`, 'every row needs one value per column');
    }
    cells.forEach((cell, j) => {
      const lv = levels[columns[j]];
      let v: number;
      if (lv) {
        v = lv.indexOf(cell.text);
        if (v < 0) throw InputError.at(file, line, cell.col, `'${cell.text}' is not a level of ${columns[j]}`, `levels: ${lv.join(', ')}`);
      } else {
        v = cell.text === '' ? NaN : Number(cell.text);
        if (!Number.isFinite(v)) {
          throw InputError.at(file, line, cell.col, `column ${columns[j]}: '${cell.text}' is not a number`,
            /^[A-Za-z]/.test(cell.text) ? `if ${columns[j]} is categorical, list its levels: table: { file: …, levels: { ${columns[j]}: [..] } }` : 'write a plain number like 72.5');
        }
      }
      data[j * rows + r] = v;
    });
  });
  return { columns, rows, data, headerLine: headerLine + 1, headerCols: header.map((h) => h.col) };
}
