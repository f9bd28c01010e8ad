/**
 * Text forms of the comparison table, shared by the results screen, the CSV export and the HTML
 * report so all three show the same numbers.
 */
import { csvField, type CsvValue } from '../csv.js';
import type { Interval, TableRow } from './clinical-views.js';

/** Percent rows are stored as fractions and shown ×100; others as-is. */
function scale(row: TableRow): number {
  return row.unit === '%' ? 100 : 1;
}

/** Percentages with one decimal; other quantities with 3 significant digits (nadirs of 0.42 stay readable). */
function num(v: number, percent: boolean): string {
  if (!Number.isFinite(v)) return 'NR';
  if (percent) return v.toFixed(1);
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/** "62.0 (59.0–64.9)" — estimate with 95% interval in the row's display unit; "—" when absent. */
export function formatCell(row: TableRow, v: Interval | undefined, signed = false): string {
  if (!v) return '—';
  // Paired hazard ratios have narrow intervals: three decimals when two would hide them.
  if (row.unit === 'ratio' && Number.isFinite(v.est)) {
    const d = v.hi - v.lo < 0.05 ? 3 : 2;
    return `${v.est.toFixed(d)} (${v.lo.toFixed(d)} to ${v.hi.toFixed(d)})`;
  }
  const s = scale(row);
  const d = row.unit === '%';
  const est = num(v.est * s, d);
  const lead = signed && v.est > 0 && row.unit !== 'patients' ? '+' : '';
  if (!Number.isFinite(v.lo) && !Number.isFinite(v.hi)) return `${lead}${est}`;
  return `${lead}${est} (${num(v.lo * s, d)} to ${num(v.hi * s, d)})`;
}

/** Header labels: metric, one column per regimen, one paired-difference column per later regimen. */
export function tableHeader(regimens: string[]): string[] {
  return ['Metric', 'Unit', ...regimens, ...regimens.slice(1).map((n) => `${n} − ${regimens[0]} (paired)`)];
}

/** The table as rows of display strings (same order as `tableHeader`). */
export function tableCells(rows: TableRow[]): string[][] {
  return rows.map((row) => [
    row.metric,
    row.unit,
    ...row.values.map((v) => formatCell(row, v)),
    ...row.diffs.slice(1).map((v) => formatCell(row, v, true)),
  ]);
}

/**
 * CSV with machine-readable columns: for each regimen estimate, lower, upper, n; then each paired
 * difference's estimate, lower, upper. Percent rows stay fractions ×100 as displayed. Names from
 * input files go through the one CSV writer (engine/common/csv.ts), which defuses spreadsheet formulas.
 */
export function tableCsv(rows: TableRow[], regimens: string[]): string {
  const head = ['metric', 'unit'];
  for (const r of regimens) head.push(`${r} estimate`, `${r} lower95`, `${r} upper95`, `${r} n`);
  for (const r of regimens.slice(1)) head.push(`${r} minus ${regimens[0]} estimate`, 'lower95', 'upper95');
  const lines = [head.map(csvField).join(',')];
  for (const row of rows) {
    const s = scale(row);
    const f = (v: number | undefined): number | undefined => (v === undefined ? undefined : Number((v * s).toPrecision(10)));
    const cells: CsvValue[] = [row.metric, row.unit];
    for (const v of row.values) cells.push(f(v?.est), f(v?.lo), f(v?.hi), v?.n);
    for (const v of row.diffs.slice(1)) cells.push(f(v?.est), f(v?.lo), f(v?.hi));
    lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
