/** One CSV line → positioned fields, as every CSV reader (patient tables, patient records) splits it. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/common/errors.js';
import { splitCsvLine } from '../../engine/common/csv-line.js';
import { parseCsvTable } from '../../engine/common/population/csv-table.js';
import { readCsvRows } from '../../engine/common/patient-record/csv-cells.js';

const split = (line: string) => splitCsvLine(line, 'f.csv', 3);
function errorAt(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const d = e.diagnostics[0];
    return `${d.file}:${d.line}:${d.col} ${d.message}`;
  }
  throw new Error('expected an InputError');
}

describe('splitCsvLine', () => {
  it('splits on commas, trims unquoted fields and gives each field the column of its first character', () => {
    expect(split('ID, WT ,,"a, ""b"""')).toEqual([
      { text: 'ID', col: 1 }, { text: 'WT', col: 5 }, { text: '', col: 9 }, { text: 'a, "b"', col: 10 },
    ]);
  });

  it('keeps spaces inside quotes and allows spaces around a quoted field', () => {
    expect(split(' " x " ,1')).toEqual([{ text: ' x ', col: 2 }, { text: '1', col: 9 }]);
  });

  it('refuses an unterminated quote and text after a closing quote, at their column', () => {
    expect(errorAt(() => split('1,"abc'))).toBe('f.csv:3:3 unterminated quoted field');
    expect(errorAt(() => split('"a" b,1'))).toBe('f.csv:3:5 text after a closing quote');
  });

  it('is what both CSV readers use: neither drops text after a closing quote', () => {
    expect(errorAt(() => parseCsvTable('ID,SEX\n1,"F" x\n', 'p.csv', new Map([['SEX', ['F', 'M']]])))).toBe('p.csv:2:7 text after a closing quote');
    expect(errorAt(() => readCsvRows('r.csv', 'time,dv\n0,"1" x\n'))).toBe('r.csv:2:7 text after a closing quote');
  });
});
