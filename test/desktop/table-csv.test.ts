import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../engine/common/report/clinical-views.js';
import { tableCsv } from '../../engine/common/report/table-format.js';

/** Splits one CSV line into fields (quoted fields may hold commas and doubled quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < line.length && (m = re.exec(line))) out.push(m[1]);
  return out;
}

describe('desktop table CSV (issue 15 item 12: spreadsheet formulas)', () => {
  const hostile = ['=HYPERLINK("http://x","y")', '+cmd|calc', '-2+3', '@SUM(A1)', '\tx', '\rx'];
  const row = (metric: string, est: number): TableRow => ({
    metric, unit: 'mg', values: hostile.map(() => ({ est, lo: est - 1, hi: est + 1, n: 7 })),
    diffs: hostile.map((_, k) => (k === 0 ? undefined : { est: -2.5, lo: -4, hi: -1, n: 7 })),
  });
  const csv = tableCsv([row('=1+1', 3), row('Mean auc', -0.5)], hostile);
  const lines = csv.split('\n');

  it('defuses regimen and metric names that a spreadsheet would evaluate', () => {
    const head = fields(lines[0]);
    expect(head[2]).toBe(`"'=HYPERLINK(""http://x"",""y"") estimate"`);
    for (const f of head.slice(2)) expect(f).toMatch(/^"'|^[^=+\-@\t\r]/);
    expect(fields(lines[1])[0]).toBe(`"'=1+1"`);
    // Carriage returns and tabs at the start of a field are quoted too, so the row stays one line.
    expect(lines.filter((l) => l !== '')).toHaveLength(3);
  });

  it('keeps numbers as numbers (a negative estimate or difference is not a formula)', () => {
    const r = fields(lines[2]);
    expect(r.slice(0, 6)).toEqual(['Mean auc', 'mg', '-0.5', '-1.5', '0.5', '7']);
    expect(r.slice(2 + 4 * hostile.length, 2 + 4 * hostile.length + 3)).toEqual(['-2.5', '-4', '-1']);
  });
});
