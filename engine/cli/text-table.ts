/**
 * Plain-text table primitives shared by the terminal reports (table.ts, endpoints-table.ts): number
 * and percentage formatting and column alignment. Colour only through `Style`.
 */
import type { Style } from './io.js';

/** Four significant digits, no exponent for everyday magnitudes, "–" for missing. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** A probability as a percentage with one decimal, "–" for missing. */
export function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–';
}

/** Aligns `rows` under `header`; the first column left-aligned, the others right-aligned. */
export function renderTable(header: string[], rows: string[][], style: Style): string {
  const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  ').trimEnd();
  const rule = width.map((w) => '─'.repeat(w)).join('  ');
  return [style.bold(line(header)), style.dim(rule), ...rows.map(line)].join('\n') + '\n';
}
