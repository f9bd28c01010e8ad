/**
 * SVG charts of a twin session, shared by the desktop Patient screen and the HTML report: for each
 * regimen and measured output, the patient's measurements (open triangles at the limit for values
 * below it) over the posterior band of the model's prediction (90% and 50% bands, median), from time
 * zero through the forecast, with the forecast start marked.
 */
import { esc, niceTicks } from '../common/report/svg-charts.js';
import type { TwinSession } from './run-twin.js';

const W = 640, H = 300, M = { l: 56, r: 16, t: 30, b: 40 };
const fmt = (v: number): string => String(Number(v.toPrecision(3)));

export interface TwinChart { id: string; title: string; svg: string }

/** One chart per regimen and per output that has measurements (or is graded, ANC) in the session. */
export function twinCharts(s: TwinSession): TwinChart[] {
  const outputs = [...new Set([...s.fit.observations.map((o) => o.output), ...(s.settings.neutrophils ? [s.settings.neutrophils] : [])])];
  const charts: TwinChart[] = [];
  s.forecasts.regimens.forEach((r, k) => {
    for (const output of outputs) {
      const band = r.bands.find((b) => b.output === output);
      if (!band) continue;
      const title = `${output} — ${r.name}`;
      charts.push({ id: `twin-${k}-${output}`, title, svg: bandChart(s, title, output, band.probs, band.values) });
    }
  });
  return charts;
}

function bandChart(s: TwinSession, title: string, output: string, probs: number[], values: Float64Array): string {
  const days = s.forecasts.days;
  const q = (g: number, p: number): number => values[g * probs.length + probs.indexOf(p)];
  const obs = s.fit.observations.filter((o) => o.output === output).map((o) => ({ day: o.timeH / 24, v: o.bql ? o.lloq : o.value, bql: o.bql }));
  const ys = [...days.map((_, g) => q(g, 0.95)), ...obs.map((o) => o.v)].filter(Number.isFinite);
  const yr: [number, number] = [0, Math.max(1e-12, ...ys) * 1.05];
  const xr: [number, number] = [Math.min(0, ...obs.map((o) => o.day)), days[days.length - 1]];
  const iw = W - M.l - M.r, ih = H - M.t - M.b;
  const x = (v: number) => M.l + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * iw;
  const y = (v: number) => M.t + ih - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * ih;
  const area = (lo: number, hi: number) => {
    const top = days.map((d, g) => `${x(d).toFixed(1)},${y(q(g, hi)).toFixed(1)}`);
    const bottom = days.map((d, g) => `${x(d).toFixed(1)},${y(q(g, lo)).toFixed(1)}`).reverse();
    return [...top, ...bottom].join(' ');
  };
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`,
    `<rect width="${W}" height="${H}" fill="#fff"/><text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="600">${esc(title)}</text>`];
  for (const t of niceTicks(xr[0], xr[1])) parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.t}" y2="${M.t + ih}" stroke="#eee"/><text x="${x(t)}" y="${M.t + ih + 14}" text-anchor="middle" font-size="11">${fmt(t)}</text>`);
  for (const t of niceTicks(yr[0], yr[1])) parts.push(`<line x1="${M.l}" x2="${M.l + iw}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/><text x="${M.l - 5}" y="${y(t) + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  if (probs.includes(0.05) && probs.includes(0.95)) parts.push(`<polygon points="${area(0.05, 0.95)}" fill="#3b82f6" fill-opacity="0.18"/>`);
  if (probs.includes(0.25) && probs.includes(0.75)) parts.push(`<polygon points="${area(0.25, 0.75)}" fill="#3b82f6" fill-opacity="0.3"/>`);
  if (probs.includes(0.5)) parts.push(`<polyline points="${days.map((d, g) => `${x(d).toFixed(1)},${y(q(g, 0.5)).toFixed(1)}`).join(' ')}" fill="none" stroke="#1d4ed8" stroke-width="1.5"/>`);
  const start = (s.settings.start - s.fit.problem.lead) / (24 * s.fit.problem.perHour);
  parts.push(`<line x1="${x(start)}" x2="${x(start)}" y1="${M.t}" y2="${M.t + ih}" stroke="#888" stroke-dasharray="4 3"/><text x="${x(start) + 4}" y="${M.t + 12}" font-size="10" fill="#555">forecast</text>`);
  if (output === s.settings.neutrophils) {
    for (const [v, label] of [[1, 'grade 3'], [0.5, 'grade 4']] as const) if (v < yr[1]) parts.push(`<line x1="${M.l}" x2="${M.l + iw}" y1="${y(v)}" y2="${y(v)}" stroke="#b91c1c" stroke-dasharray="5 4"/><text x="${M.l + iw - 4}" y="${y(v) - 3}" text-anchor="end" font-size="10" fill="#b91c1c">${label}</text>`);
  }
  for (const o of obs) {
    parts.push(o.bql
      ? `<path d="M${x(o.day) - 5},${y(o.v) - 4} L${x(o.day) + 5},${y(o.v) - 4} L${x(o.day)},${y(o.v) + 5} Z" fill="#fff" stroke="#111"><title>below ${fmt(o.v)} on day ${fmt(o.day)}</title></path>`
      : `<circle cx="${x(o.day)}" cy="${y(o.v)}" r="3.5" fill="#111"><title>${fmt(o.v)} on day ${fmt(o.day)}</title></circle>`);
  }
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${iw}" height="${ih}" fill="none" stroke="#888"/><text x="${M.l + iw / 2}" y="${H - 8}" text-anchor="middle" font-size="12">day</text></svg>`);
  return parts.join('');
}
