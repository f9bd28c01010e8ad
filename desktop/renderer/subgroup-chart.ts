/**
 * A forest plot of one subgroup table and event, as an SVG string (no DOM, so it exports as it is
 * shown): one row per group, one dot per regimen with its 95% interval, the group's size and its share
 * outside the model's validity domain in the margin.
 */
import { esc } from '../../engine/common/report/svg-charts.js';
import { regimenColour } from '../../engine/common/report/palette.js';
import type { SubgroupTable } from '../../engine/common/stats/subgroup-types.js';

const ROW = 28;
const LEFT = 230;
const RIGHT = 150;
const PLOT = 360;
const TOP = 44;

const pct = (p: number): string => (Number.isFinite(p) ? `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%` : '–');

/** The forest plot of `event` across the groups of `table`. */
export function subgroupForestSvg(table: SubgroupTable, event: string): string {
  const regimens = table.rows[0]?.regimens.map((r) => r.name) ?? [];
  const hi = Math.max(0.01, ...table.rows.flatMap((row) => row.regimens.map((r) => r.events[event]?.hi ?? 0)));
  const max = Math.min(1, Math.ceil(hi * 20) / 20);
  const x = (p: number) => LEFT + (p / max) * PLOT;
  const legendH = 16 * regimens.length + 8;
  const h = TOP + table.rows.length * ROW + 34 + legendH;
  const w = LEFT + PLOT + RIGHT;
  const parts = [`<rect width="${w}" height="${h}" fill="#fff"/>`,
    `<text x="${w / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${esc(`P(${event}) by ${table.name}, 95% intervals`)}</text>`,
    `<text x="${LEFT + PLOT + 8}" y="${TOP - 8}" font-size="11" fill="#555">n · outside domain</text>`];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${TOP - 4}" y2="${TOP + table.rows.length * ROW}" stroke="#eee"/><text x="${x(v)}" y="${TOP + table.rows.length * ROW + 14}" text-anchor="middle" font-size="11">${pct(v)}</text>`);
  }
  table.rows.forEach((row, g) => {
    const y0 = TOP + g * ROW;
    parts.push(`<text x="${LEFT - 8}" y="${y0 + ROW / 2 + 4}" text-anchor="end" font-size="12">${esc(row.label)}</text>`);
    parts.push(`<text x="${LEFT + PLOT + 8}" y="${y0 + ROW / 2 + 4}" font-size="11">${row.n} · ${row.outside ? pct(row.outside.p) : 'n/a'}</text>`);
    row.regimens.forEach((r, k) => {
      const e = r.events[event];
      if (!e || !(e.n > 0)) return;
      const y = y0 + 5 + ((ROW - 10) * (k + 0.5)) / Math.max(1, regimens.length);
      const c = regimenColour(k);
      parts.push(`<line x1="${x(e.lo)}" x2="${x(e.hi)}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="1.5"/><circle cx="${x(e.p)}" cy="${y}" r="3.5" fill="${c}"><title>${esc(`${r.name}: ${pct(e.p)} [${pct(e.lo)}–${pct(e.hi)}], ${e.count} of ${e.n}`)}</title></circle>`);
    });
  });
  const ly = TOP + table.rows.length * ROW + 30;
  regimens.forEach((name, k) => parts.push(`<rect x="${LEFT}" y="${ly + k * 16}" width="12" height="12" fill="${regimenColour(k)}"/><text x="${LEFT + 16}" y="${ly + k * 16 + 10}" font-size="11">${esc(name)}</text>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}
