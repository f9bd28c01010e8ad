/**
 * Static SVG versions of every results chart, in pure TS (no DOM): used for "Export SVG" in the app
 * and for the self-contained HTML report (also from the CLI). They draw the same data as the
 * interactive charts (clinical-views.ts), with titles, axis units and legends.
 */
import type { ScenarioResult } from '../scenario-result.js';
import { overallSurvival, progressionFree, recistBestChange, type SurvivalView } from './survival-views.js';
import { ancNadir, ancOutput, displayTime, bestPctChange, CTCAE_ANC, efficacyChange, efficacyLabel, fanSeries, nadirHistogram, RECIST, sampleRanks, tumourOutput } from './clinical-views.js';
import { GRADE_FILLS, regimenColour, withAlpha } from './palette.js';
import { clinicalUnit } from './summary-label.js';

const W = 640;
const H = 360;
const M = { l: 64, r: 16, t: 40, b: 52 };

/** Escapes text for XML content and attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "Nice" tick values covering [lo, hi] (Heckbert 1990). */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e5 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(5))));

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  parts: string[];
}

function frame(title: string, xLabel: string, yLabel: string, xr: [number, number], yr: [number, number], w = W, h = H, xTicks = niceTicks(xr[0], xr[1])): Frame {
  const iw = w - M.l - M.r;
  const ih = h - M.t - M.b;
  const x = (v: number): number => M.l + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * iw;
  const y = (v: number): number => M.t + ih - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * ih;
  const parts = [`<rect x="0" y="0" width="${w}" height="${h}" fill="#fff"/>`, `<text x="${w / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${esc(title)}</text>`];
  for (const t of xTicks) parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.t}" y2="${M.t + ih}" stroke="#eee"/><text x="${x(t)}" y="${M.t + ih + 16}" text-anchor="middle" font-size="11">${fmt(t)}</text>`);
  for (const t of niceTicks(yr[0], yr[1])) parts.push(`<line x1="${M.l}" x2="${M.l + iw}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/><text x="${M.l - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${iw}" height="${ih}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${M.l + iw / 2}" y="${h - 12}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${M.t + ih / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`);
  return { x, y, parts };
}

function hline(f: Frame, v: number, xr: [number, number], label: string, colour = '#444'): string {
  return `<line x1="${f.x(xr[0])}" x2="${f.x(xr[1])}" y1="${f.y(v)}" y2="${f.y(v)}" stroke="${colour}" stroke-dasharray="5 4"/><text x="${f.x(xr[1]) - 4}" y="${f.y(v) - 4}" text-anchor="end" font-size="10" fill="${colour}">${esc(label)}</text>`;
}

function legend(names: string[], x0: number, y0: number): string {
  return names.map((n, k) => `<rect x="${x0}" y="${y0 + k * 16}" width="12" height="12" fill="${regimenColour(k)}"/><text x="${x0 + 16}" y="${y0 + k * 16 + 10}" font-size="11">${esc(n)}</text>`).join('');
}

function svg(parts: string[], w = W, h = H): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}

/** Height of the overall title above small-multiple panels (each panel is titled by its regimen). */
const TITLE_H = 26;

function titled(title: string, w: number): string {
  return `<rect width="${w}" height="${TITLE_H}" fill="#fff"/><text x="${w / 2}" y="18" text-anchor="middle" font-size="15" font-weight="700">${esc(title)}</text>`;
}

function s0(sorted: Float64Array[]): string {
  return sorted.some((x) => x.length >= 400) ? 'ranks sampled evenly to 400 bars' : 'one bar per patient';
}

function placeholder(title: string, why: string): string {
  return svg([`<rect width="${W}" height="120" fill="#fafafa" stroke="#ccc"/>`, `<text x="12" y="28" font-size="14" font-weight="600">${esc(title)}</text>`, `<text x="12" y="60" font-size="12">Not available: ${esc(why)}</text>`], W, 120);
}

function path(xs: ArrayLike<number>, ys: ArrayLike<number>, f: Frame): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(ys[i])) d += `${d ? 'L' : 'M'}${f.x(xs[i]).toFixed(1)},${f.y(ys[i]).toFixed(1)}`;
  return d;
}

function band(xs: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, f: Frame): string {
  const up = path(xs, hi, f);
  let down = '';
  for (let i = xs.length - 1; i >= 0; i--) if (Number.isFinite(lo[i])) down += `L${f.x(xs[i]).toFixed(1)},${f.y(lo[i]).toFixed(1)}`;
  return `${up}${down}Z`;
}

/** Fan chart (median, 50% and 90% bands) of one output, one panel per regimen on a shared y scale. */
export function fanChartSvg(r: ScenarioResult, which: 'tumour' | 'anc'): string {
  const out = which === 'tumour' ? tumourOutput(r) : ancOutput(r);
  const title = which === 'tumour' ? 'Tumour size over time' : 'Absolute neutrophil count over time';
  if (!out) return placeholder(title, `the model has no ${which === 'tumour' ? 'tumour (TS)' : 'ANC'} output`);
  const fs = fanSeries(r, out.name);
  if (typeof fs === 'string') return placeholder(title, fs);
  const top = (a: Float64Array[]): number => Math.max(0, ...a.flatMap((x) => Array.from(x).filter(Number.isFinite)));
  const p95 = top(fs.map((s) => s.p95));
  const p75 = top(fs.map((s) => s.p75));
  // An untreated-growth tail (a tumour simulated past progression) would flatten the rest: the
  // tumour axis stops at 2.5× the highest upper quartile and the 5–95% band is cut there, saying so.
  const ymax = which === 'tumour' ? Math.min(p95, 2.5 * p75) : p95;
  const cut = ymax < p95;
  const xr: [number, number] = [fs[0].t[0], fs[0].t[fs[0].t.length - 1]];
  const tu = displayTime(r).unit;
  const yr: [number, number] = [0, ymax * 1.05 || 1];
  const clip = (a: Float64Array): Float64Array => a.map((v) => Math.min(v, yr[1]));
  const yLabel = which === 'tumour' && /^(mm|cm)$/.test(out.unit) ? `Sum of diameters (${out.unit})` : `${out.name} (${clinicalUnit(out.unit)})`;
  const pw = 420;
  const panels = fs.map((s, k) => {
    const f = frame(s.regimen, `Time (${tu === 'd' ? 'days' : tu})`, yLabel, xr, yr, pw, H);
    const c = regimenColour(k);
    f.parts.push(`<path d="${band(s.t, s.p05, clip(s.p95), f)}" fill="${withAlpha(c, 0.18)}"/>`, `<path d="${band(s.t, s.p25, clip(s.p75), f)}" fill="${withAlpha(c, 0.35)}"/>`, `<path d="${path(s.t, s.p50, f)}" fill="none" stroke="${c}" stroke-width="2"/>`);
    if (cut) f.parts.push(`<text x="${M.l + 6}" y="${M.t + 28}" font-size="10" fill="#555">5–95% band cut at the top of the axis (simulated growth after progression)</text>`);
    if (which === 'anc') for (const g of CTCAE_ANC) if (g.grade >= 3) f.parts.push(hline(f, g.below, xr, `grade ${g.grade} (< ${g.below})`, '#a33'));
    f.parts.push(`<text x="${M.l + 6}" y="${M.t + 14}" font-size="10">line: median · dark band: 25–75% · light band: 5–95%</text>`);
    return `<g transform="translate(${k * pw} ${TITLE_H})">${f.parts.join('')}</g>`;
  });
  return svg([titled(title, pw * fs.length), ...panels], pw * fs.length, H + TITLE_H);
}

/** Bar colours of the RECIST 1.1 best overall response (colour-blind safe; NE grey). */
const RESPONSE_FILL: Record<string, string> = { CR: '#0072B2', PR: '#56B4E9', SD: '#999999', PD: '#D55E00', NE: '#dddddd' };

/**
 * Per-patient best % change for the waterfall: over the RECIST assessments with the engine's best
 * response (the same criteria as the endpoints) when the scenario has `endpoints: recist`; otherwise
 * the tumour minimum over baseline, in regimen colour.
 */
function waterfallData(r: ScenarioResult): { change: Float64Array; best?: string[] }[] | string {
  const out: { change: Float64Array; best?: string[] }[] = [];
  for (let k = 0; k < r.regimens.length; k++) {
    const rc = r.endpoints?.recist ? recistBestChange(r, k) : undefined;
    if (rc && typeof rc !== 'string') { out.push(rc.best ? { change: rc.change, best: rc.best } : { change: rc.change }); continue; }
    const b = bestPctChange(r.regimens[k]);
    if (typeof b === 'string') return typeof rc === 'string' ? rc : b;
    out.push({ change: b });
  }
  return out;
}

/** Waterfall of best % change per regimen with RECIST −30%/+20% lines; bars coloured by best response when RECIST is computed. */
export function waterfallSvg(r: ScenarioResult): string {
  const recist = r.endpoints?.recist;
  const title = recist ? `Best % change in ${recist.measure === 'diameter' ? 'sum of diameters' : 'tumour diameter'} at the RECIST 1.1 assessments` : 'Best % change in tumour size (waterfall)';
  const data = waterfallData(r);
  if (typeof data === 'string') return placeholder(title, data);
  const pw = 420;
  const sorted = data.map((d) => {
    const idx = [...d.change.keys()].filter((i) => Number.isFinite(d.change[i])).sort((a, b) => d.change[b] - d.change[a]);
    const keep = sampleRanks(idx, 400);
    return { v: Float64Array.from(keep, (i) => d.change[i]), best: d.best ? keep.map((i) => d.best![i]) : undefined };
  });
  let lo = -100;
  let hi = 40;
  for (const s of sorted) for (const v of s.v) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const panels = sorted.map((s, k) => {
    const xr: [number, number] = [0, s.v.length];
    const f = frame(r.regimens[k].name, 'Patients (ranked)', 'Best change from baseline (%)', xr, [lo, Math.min(hi, 200)], pw, H);
    const bw = (f.x(1) - f.x(0)) * 0.9;
    const paths = new Map<string, string>();
    // Bars are at least 1.5 px tall, so a patient with no change still shows as a sliver at 0%.
    s.v.forEach((v, i) => {
      const y0 = f.y(0); const y1 = f.y(Math.min(v, 200)); const y = Math.abs(y1 - y0) < 1.5 ? y0 - 1.5 : y1;
      const fill = s.best ? RESPONSE_FILL[s.best[i]] ?? RESPONSE_FILL.NE : regimenColour(k);
      paths.set(fill, (paths.get(fill) ?? '') + `M${f.x(i).toFixed(1)},${y0.toFixed(1)}h${bw.toFixed(2)}V${y.toFixed(1)}h${(-bw).toFixed(2)}Z`);
    });
    for (const [fill, d] of paths) f.parts.push(`<path d="${d}" fill="${fill}"/>`);
    f.parts.push(hline(f, RECIST.response, xr, 'PR −30%'), hline(f, RECIST.progression, xr, 'PD +20%'));
    if (s.best) {
      const n = (c: string): number => s.best!.filter((b) => b === c).length;
      const total = s.best.length || 1;
      const keys = ['CR', 'PR', 'SD', 'PD'].filter((c) => n(c) > 0);
      keys.forEach((c, j) => f.parts.push(`<rect x="${M.l + 8}" y="${H - M.b - 16 - 14 * (keys.length - 1 - j)}" width="10" height="10" fill="${RESPONSE_FILL[c]}"/><text x="${M.l + 22}" y="${H - M.b - 7 - 14 * (keys.length - 1 - j)}" font-size="10">${c} ${(100 * n(c) / total).toFixed(0)}%</text>`));
    }
    if (s.v.every((v) => !(v < -0.5))) f.parts.push(`<text x="${(M.l + pw - M.r) / 2}" y="${f.y(-60)}" text-anchor="middle" font-size="12" fill="#555">No tumour shrank below its baseline (best change 0%)</text>`);
    return `<g transform="translate(${k * pw} ${TITLE_H})">${f.parts.join('')}</g>`;
  });
  const note = recist ? 'colour: best overall response' : s0(sorted.map((x) => x.v));
  return svg([titled(`${title}; ${note}`, pw * sorted.length), ...panels], pw * sorted.length, H + TITLE_H);
}

/** ANC nadir distribution per regimen with CTCAE grade bands and P(grade ≥3), P(grade 4). */
export function nadirSvg(r: ScenarioResult): string {
  const title = 'ANC nadir distribution';
  const data = r.regimens.map((g) => ancNadir(g));
  const bad = data.find((d) => typeof d === 'string');
  if (typeof bad === 'string') return placeholder(title, bad);
  const hs = (data as Float64Array[]).map((d) => nadirHistogram(d));
  const ymax = Math.max(...hs.flatMap((h) => Array.from(h.frac))) * 1.1 || 1;
  const xr: [number, number] = [0, 4];
  const f = frame(title, 'ANC nadir (×10⁹/L)', 'Fraction of patients', xr, [0, ymax]);
  const bounds = [2.0, 1.5, 1.0, 0.5, 0];
  for (let g = 0; g < 4; g++) f.parts.push(`<rect x="${f.x(bounds[g + 1])}" y="${M.t}" width="${f.x(bounds[g]) - f.x(bounds[g + 1])}" height="${H - M.t - M.b}" fill="${GRADE_FILLS[g]}" opacity="0.7"/><text x="${(f.x(bounds[g]) + f.x(bounds[g + 1])) / 2}" y="${M.t + 12}" text-anchor="middle" font-size="10">G${g + 1}</text>`);
  hs.forEach((h, k) => {
    let d = `M${f.x(0)},${f.y(0)}`;
    h.frac.forEach((v, i) => { d += `L${f.x(h.edges[i]).toFixed(1)},${f.y(v).toFixed(1)}L${f.x(h.edges[i + 1]).toFixed(1)},${f.y(v).toFixed(1)}`; });
    f.parts.push(`<path d="${d}L${f.x(4)},${f.y(0)}" fill="none" stroke="${regimenColour(k)}" stroke-width="2"/>`);
  });
  // The engine's CTCAE rates (neutropenia endpoint, else the scenario's events); never recomputed here.
  const pct = (x: { p: number } | undefined): string => (x ? `${(100 * x.p).toFixed(1)}%` : 'n/a');
  const names = r.regimens.map((g, k) => {
    const e = r.endpoints?.neutropenia?.regimens[k];
    return `${g.name}: P(G≥3) ${pct(e?.grade3plus ?? g.events.grade3plus)}, P(G4) ${pct(e?.grade4 ?? g.events.grade4)}`;
  });
  f.parts.push(`<rect x="${W - M.r - 336}" y="${M.t + 16}" width="330" height="${16 * names.length + 6}" fill="#fff" fill-opacity="0.85"/>`, legend(names, W - M.r - 330, M.t + 20));
  return svg(f.parts);
}

/**
 * Per-cycle risk of grade ≥3 and grade 4 neutropenia (the engine's per-cycle Wilson rates) per
 * regimen: points with 95% whiskers, cycles on x. Cycles a regimen does not have are left out.
 */
export function perCycleRiskSvg(r: ScenarioResult): string {
  const title = 'Neutropenia risk per cycle (95% intervals)';
  const regs = r.endpoints?.neutropenia?.regimens;
  if (!regs?.length || !regs.some((g) => g.perCycle.length)) return placeholder(title, 'the scenario has no per-cycle neutropenia endpoint (endpoints: neutropenia)');
  const cycles = Math.max(...regs.map((g) => g.perCycle.length));
  const xr: [number, number] = [0.5, cycles + 0.5];
  const f = frame(title, 'Cycle', 'Patients with the grade in the cycle (%)', xr, [0, 100]);
  const slot = (f.x(1) - f.x(0)) / (2 * regs.length + 1);
  regs.forEach((g, k) => {
    const c = regimenColour(k);
    for (const pc of g.perCycle) {
      if (!(pc.grade3plus.n > 0)) continue;
      ([[pc.grade3plus, 0], [pc.grade4, 1]] as const).forEach(([rate, j]) => {
        const x = f.x(pc.cycle - 0.5) + slot * (1 + 2 * k + j);
        f.parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${f.y(100 * rate.lo).toFixed(1)}" y2="${f.y(100 * rate.hi).toFixed(1)}" stroke="${c}"/>`);
        f.parts.push(`<circle cx="${x.toFixed(1)}" cy="${f.y(100 * rate.p).toFixed(1)}" r="4" fill="${j === 0 ? c : '#fff'}" stroke="${c}" stroke-width="2"/>`);
      });
    }
  });
  f.parts.push(legend(regs.map((g) => g.name), W - M.r - 220, M.t + 10));
  f.parts.push(`<text x="${M.l + 6}" y="${M.t + 14}" font-size="10">filled: grade ≥3 (ANC &lt; 1.0) · open: grade 4 (ANC &lt; 0.5)</text>`);
  return svg(f.parts);
}

/** Months shown on a Kaplan–Meier axis: until every curve is below 5% (or its last time), in whole 6 months. */
function kmEndMonths(views: SurvivalView[]): number {
  let end = 6;
  for (const v of views) {
    const i = v.curve.survival.findIndex((x) => x < 0.05);
    const t = i >= 0 ? v.curve.time[i] : v.curve.time[v.curve.time.length - 1] ?? 0;
    end = Math.max(end, t);
  }
  return Math.ceil(end / 6) * 6;
}

/** Kaplan–Meier curves (months) of every regimen, medians marked, with the numbers at risk under the axis. */
function kaplanMeierSvg(title: string, yLabel: string, views: SurvivalView[], endMonths: number): string {
  const xr: [number, number] = [0, endMonths];
  const rowH = 16;
  const extra = 30 + rowH * views.length;
  const f = frame(title, 'Months since the first dose', yLabel, xr, [0, 1], W, H, views[0]?.atRisk.map((a) => a.time));
  views.forEach((v, k) => {
    let d = `M${f.x(0)},${f.y(1)}`;
    for (let i = 0; i < v.curve.time.length && v.curve.time[i] <= endMonths; i++) d += `H${f.x(v.curve.time[i]).toFixed(1)}V${f.y(v.curve.survival[i]).toFixed(1)}`;
    f.parts.push(`<path d="${d}H${f.x(Math.min(endMonths, v.curve.time[v.curve.time.length - 1] ?? endMonths)).toFixed(1)}" fill="none" stroke="${regimenColour(k)}" stroke-width="2"/>`);
  });
  f.parts.push(hline(f, 0.5, xr, 'median'));
  const med = (m: SurvivalView['median']): string => (Number.isFinite(m.median) ? `${m.median.toFixed(1)} mo (95% CI ${m.lo.toFixed(1)}–${Number.isFinite(m.hi) ? m.hi.toFixed(1) : 'NR'})` : 'median not reached');
  f.parts.push(legend(views.map((v) => `${v.regimen}: ${med(v.median)}`), W - M.r - 330, M.t + 10));
  // Numbers at risk (engine's at-risk convention: observed time ≥ τ) at every 3 or 6 months, a row per regimen.
  f.parts.push(`<text x="4" y="${H + 8}" font-size="11" font-weight="600">Number at risk (months: ${v0(views)})</text>`);
  views.forEach((v, k) => {
    const y = H + 8 + rowH * (k + 1);
    for (const a of v.atRisk) f.parts.push(`<text x="${f.x(a.time).toFixed(1)}" y="${y}" text-anchor="middle" font-size="11" fill="${regimenColour(k)}">${a.atRisk}</text>`);
  });
  return svg(f.parts, W, H + extra);
}

/** The at-risk months, for the row label. */
function v0(views: SurvivalView[]): string {
  const t = views[0]?.atRisk.map((a) => a.time) ?? [];
  return t.length > 1 ? `every ${t[1] - t[0]}` : '0';
}

/** Overall survival (Kaplan–Meier) of every regimen with numbers at risk. */
export function osSvg(r: ScenarioResult): string {
  const title = 'Overall survival (Kaplan–Meier)';
  const probe = overallSurvival(r, 0);
  if (typeof probe === 'string') return placeholder(title, probe);
  const end = kmEndMonths(probe);
  const views = overallSurvival(r, end) as SurvivalView[];
  return kaplanMeierSvg(title, 'Alive (fraction)', views, end);
}

/** PFS (progression or death) with a survival model, else freedom from progression, with numbers at risk. */
export function kmSvg(r: ScenarioResult): string {
  const probe = progressionFree(r, 0);
  if (typeof probe === 'string') return placeholder('Progression-free survival (Kaplan–Meier)', probe);
  const end = kmEndMonths(probe.views);
  const pf = progressionFree(r, end) as Exclude<ReturnType<typeof progressionFree>, string>;
  return kaplanMeierSvg(pf.title, 'Progression-free (fraction)', pf.views, end);
}

/** Efficacy–toxicity scatter (best % change vs ANC nadir), at most `maxPoints` per regimen. */
export function scatterSvg(r: ScenarioResult, maxPoints = 3000): string {
  const title = 'Efficacy vs toxicity, every virtual patient';
  const eff = r.regimens.map((_, k) => efficacyChange(r, k));
  const tox = r.regimens.map((g) => ancNadir(g));
  const bad = [...eff, ...tox].find((d) => typeof d === 'string');
  if (typeof bad === 'string') return placeholder(title, bad);
  const xr: [number, number] = [-100, 100];
  const yr: [number, number] = [0, 8];
  const f = frame(title, efficacyLabel(r), 'ANC nadir (×10⁹/L)', xr, yr);
  eff.forEach((e, k) => {
    const x = e as Float64Array;
    const y = tox[k] as Float64Array;
    const stride = Math.max(1, Math.ceil(x.length / maxPoints));
    let d = '';
    for (let i = 0; i < x.length; i += stride) {
      if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
      d += `M${f.x(Math.max(-100, Math.min(100, x[i]))).toFixed(1)},${f.y(Math.min(8, y[i])).toFixed(1)}h0.01`;
    }
    f.parts.push(`<path d="${d}" stroke="${withAlpha(regimenColour(k), 0.5)}" stroke-width="3" stroke-linecap="round" fill="none"/>`);
  });
  f.parts.push(hline(f, 0.5, xr, 'grade 4', '#a33'), `<line x1="${f.x(RECIST.response)}" x2="${f.x(RECIST.response)}" y1="${M.t}" y2="${H - M.b}" stroke="#444" stroke-dasharray="5 4"/>`);
  f.parts.push(legend(r.regimens.map((g) => g.name), W - M.r - 220, M.t + 10));
  return svg(f.parts);
}

/** Every chart of the results screen, keyed by a file-name-safe id, in screen order. */
export function allChartsSvg(r: ScenarioResult): { id: string; title: string; svg: string }[] {
  // Efficacy beside toxicity first (survival | ANC nadir, PFS | per-cycle risk), then the detail.
  return [
    { id: 'km-os', title: 'Overall survival', svg: osSvg(r) },
    { id: 'anc-nadir', title: 'ANC nadir distribution', svg: nadirSvg(r) },
    { id: 'km-pfs', title: 'Progression-free survival', svg: kmSvg(r) },
    { id: 'cycle-risk', title: 'Neutropenia risk per cycle', svg: perCycleRiskSvg(r) },
    { id: 'waterfall', title: 'Best % change (waterfall)', svg: waterfallSvg(r) },
    { id: 'scatter', title: 'Efficacy vs toxicity', svg: scatterSvg(r) },
    { id: 'tumour-fan', title: 'Tumour size over time', svg: fanChartSvg(r, 'tumour') },
    { id: 'anc-fan', title: 'ANC over time', svg: fanChartSvg(r, 'anc') },
  ];
}
