/**
 * Reading one CSV line into fields, for every CSV input (patient tables, patient records): comma
 * separators, double-quoted fields with "" escapes, spaces around a field ignored. Each field keeps
 * the 1-based column of its first character, so problems can be reported at file:line:col. Text
 * after a closing quote is an error, never silently dropped. (Writing CSV: ./csv.ts.)
 */
import { InputError } from './errors.js';

export interface CsvField {
  text: string;
  /** 1-based column of the field's first character (its opening quote when quoted). */
  col: number;
}

export function splitCsvLine(line: string, file: string, lineNo: number): CsvField[] {
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
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
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',') throw InputError.at(file, lineNo, i + 1, 'text after a closing quote', 'quote the whole field');
    } else {
      while (i < line.length && line[i] !== ',') text += line[i++];
      text = text.trim();
    }
    fields.push({ text, col: start + 1 });
    if (i >= line.length) return fields;
    i++; // the comma
  }
}
