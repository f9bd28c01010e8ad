/**
 * CSV writing per RFC 4180: fields with a comma, quote, CR or LF are quoted and quotes doubled;
 * numbers use the shortest round-trip form, non-finite numbers become empty fields (what R, pandas
 * and spreadsheets read as missing).
 */

export type CsvValue = string | number | boolean | null | undefined;

/** One field as CSV text. */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One record, terminated by CRLF as RFC 4180 specifies. */
export function csvRow(values: CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
