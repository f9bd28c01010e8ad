/**
 * CSV writing per RFC 4180: fields with a comma, quote, CR or LF are quoted and quotes doubled;
 * numbers use the shortest round-trip form, non-finite numbers become empty fields (what R, pandas
 * and spreadsheets read as missing).
 *
 * Text from input files (regimen names, covariate and summary names) may start with a character a
 * spreadsheet reads as the start of a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`), so such text
 * fields are defused as the OWASP "CSV Injection" guidance says: prefixed with a single quote (shown
 * as text by Excel, LibreOffice and Google Sheets) and quoted. Numbers are never prefixed: a negative
 * number is a number, not a formula.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** First characters that make a spreadsheet evaluate a cell (OWASP: = + - @, tab, carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as CSV text. */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (FORMULA_START.test(v)) return `"'${v.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One record, terminated by CRLF as RFC 4180 specifies. */
export function csvRow(values: CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
