/**
 * The sweep chart: one endpoint against the first swept value, a line per regimen (and per value of
 * any further swept path), rates with their 95% intervals as whiskers. Non-numeric swept values
 * (schedules, units) are placed evenly and labelled.
 */
import { parse } from 'yaml';
import { esc, niceTicks } from '../../common/report/svg-charts.js';
import { regimenColour } from '../../common/report/palette.js';
import type { SweepRow } from './sweep-table.js';

const W = 680, H = 380;
const M = { l: 64, r: 220, t: 40, b: 52 };

export function sweepChartSvg(paths: string[], rows: SweepRow[], metric: string): string {
  const mine = rows.filter((r) => r.metric === metric);
  const xs = [...new Set(mine.map((r) => r.point[0]))];
  const numeric = xs.every((x) => typeof parse(x) === 'number');
  const xOf = (v: string) => (numeric ? (parse(v) as number) : xs.indexOf(v));
  const xv = xs.map(xOf);
  // 6% margins, so points and whiskers at the ends stay off the frame.
  const span = Math.max(...xv) - Math.min(...xv) || 2;
  const xr: [number, number] = [Math.min(...xv) - 0.06 * span, Math.max(...xv) + 0.06 * span];
  const rate = mine[0]?.kind === 'rate';
  const ys = mine.flatMap((r) => [r.value, r.lo ?? r.value, r.hi ?? r.value]).filter(Number.isFinite);
  const top = Math.max(...ys, 1e-12);
  const yr: [number, number] = rate ? [0, Math.min(1, Math.max(0.05, 1.06 * top))] : [Math.min(0, ...ys), 1.06 * top];
  const iw = W - M.l - M.r, ih = H - M.t - M.b;
  const x = (v: number) => M.l + ((v - xr[0]) / (xr[1] - xr[0])) * iw;
  const y = (v: number) => M.t + ih - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * ih;
  const yLabel = rate ? `${metric} (fraction of patients, 95% CI)` : `${metric} mean (${mine[0]?.unit ?? ''})`;
  const parts = [
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${(W - M.r + M.l) / 2}" y="22" text-anchor="middle" font-size="14" font-weight="600">${esc(`${metric} against ${paths[0]}`)}</text>`,
  ];
  const xTicks = numeric ? niceTicks(xr[0], xr[1]).map((t) => [t, String(t)] as const) : xs.map((v, i) => [i, v] as const);
  for (const [t, label] of xTicks) parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.t}" y2="${M.t + ih}" stroke="#eee"/><text x="${x(t)}" y="${M.t + ih + 16}" text-anchor="middle" font-size="11">${esc(label)}</text>`);
  for (const t of niceTicks(yr[0], yr[1])) parts.push(`<line x1="${M.l}" x2="${M.l + iw}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/><text x="${M.l - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${esc(String(t))}</text>`);
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${iw}" height="${ih}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${M.l + iw / 2}" y="${H - 12}" text-anchor="middle" font-size="12">${esc(paths[0])}</text>`);
  parts.push(`<text transform="translate(14 ${M.t + ih / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`);
  // One series per regimen and combination of the other swept values.
  const key = (r: SweepRow) => [r.regimen, ...r.point.slice(1)].join(' · ');
  const series = [...new Set(mine.map(key))];
  series.forEach((name, k) => {
    const c = regimenColour(k);
    const pts = mine.filter((r) => key(r) === name).sort((a, b) => xOf(a.point[0]) - xOf(b.point[0]));
    const d = pts.filter((r) => Number.isFinite(r.value)).map((r, i) => `${i ? 'L' : 'M'}${x(xOf(r.point[0])).toFixed(1)},${y(r.value).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const r of pts) {
      const px = x(xOf(r.point[0])).toFixed(1);
      if (r.lo !== undefined && r.hi !== undefined) parts.push(`<line x1="${px}" x2="${px}" y1="${y(r.lo).toFixed(1)}" y2="${y(r.hi).toFixed(1)}" stroke="${c}"/>`);
      if (Number.isFinite(r.value)) parts.push(`<circle cx="${px}" cy="${y(r.value).toFixed(1)}" r="3.5" fill="${c}"/>`);
    }
    parts.push(`<rect x="${W - M.r + 12}" y="${M.t + k * 16}" width="12" height="12" fill="${c}"/><text x="${W - M.r + 28}" y="${M.t + k * 16 + 10}" font-size="11">${esc(name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">${parts.join('')}</svg>\n`;
}
