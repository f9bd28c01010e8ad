/**
 * Turns a `ScenarioResult` into the data behind every results chart and the comparison table.
 *
 * Conventions (what the scenario must provide for each view; a missing piece makes that view say
 * what is missing instead of drawing something wrong):
 * - tumour output: named TS / tumour / tumor / SLD (or described as tumour); ANC output: named ANC
 *   (or described as neutrophils), in 1e9/L.
 * - per-patient summaries: `best_pct_change` (%), or `ts_min` (or `tumour_min`) with `ts_d0` (or
 *   `tumour_baseline`): best % change = 100·(min/baseline − 1); `anc_nadir` (1e9/L); `pfs_time`
 *   (time of progression; ≥ the horizon or +Infinity = censored at the horizon), or assessments
 *   `ts_d<day>` from which progression is derived; `rdi` (relative dose intensity, 0–1).
 * - events: `grade4` / `grade3plus` from the engine when declared, else from `anc_nadir` with CTCAE
 *   v5 thresholds (grade ≥3: < 1.0, grade 4: < 0.5 × 10⁹/L).
 */
import type { RegimenReport, ScenarioResult } from '../../engine/common/scenario-result.js';
import { kaplanMeier, pairedMeanDiff, pairedProportionDiff, wilson, type Interval, type KaplanMeier } from './clinical-stats.js';

/** CTCAE v5.0 "Neutrophil count decreased" lower bounds of grades 1–4 (× 10⁹/L; LLN taken as 2.0). */
export const CTCAE_ANC = [
  { grade: 1, below: 2.0 },
  { grade: 2, below: 1.5 },
  { grade: 3, below: 1.0 },
  { grade: 4, below: 0.5 },
] as const;

/** RECIST 1.1 thresholds on the best % change of the tumour burden. */
export const RECIST = { response: -30, progression: 20 } as const;

/** First tumour assessment in most solid-tumour protocols is at 6–8 weeks; disease control is judged there. */
export const DCR_LANDMARK_DAYS = 56;

/** Time units the results may use, in days. */
const DAYS_IN_UNIT: Record<string, number> = { d: 1, day: 1, days: 1, h: 24, hour: 24, wk: 1 / 7, week: 1 / 7 };


export interface FanSeries {
  regimen: string;
  /** Grid times. */
  t: Float64Array;
  p05: Float64Array;
  p25: Float64Array;
  p50: Float64Array;
  p75: Float64Array;
  p95: Float64Array;
}

export interface OutputRef {
  name: string;
  unit: string;
}

function findOutput(r: ScenarioResult, re: RegExp, descRe: RegExp): OutputRef | undefined {
  const o = r.outputs.find((x) => re.test(x.name)) ?? r.outputs.find((x) => descRe.test(x.description ?? ''));
  return o ? { name: o.name, unit: o.unit } : undefined;
}

/** The tumour-size output, if the model has one. */
export function tumourOutput(r: ScenarioResult): OutputRef | undefined {
  return findOutput(r, /^(ts|tumou?r|sld)$/i, /tumou?r/i);
}

/** The absolute-neutrophil-count output, if the model has one. */
export function ancOutput(r: ScenarioResult): OutputRef | undefined {
  return findOutput(r, /^anc$/i, /neutrophil/i);
}

/** Median, 50% and 90% bands of one output over time for every regimen (quantiles 0.05…0.95). */
export function fanSeries(r: ScenarioResult, output: string): FanSeries[] | string {
  const out: FanSeries[] = [];
  for (const reg of r.regimens) {
    const band = reg.raw.quantiles.find((q) => q.output === output);
    if (!band) return `no quantiles for output ${output}`;
    const pick = (p: number): Float64Array => {
      const j = band.probs.findIndex((x) => Math.abs(x - p) < 1e-9);
      const col = new Float64Array(r.grid.length);
      if (j < 0) return col.fill(NaN);
      for (let g = 0; g < r.grid.length; g++) col[g] = band.values[g * band.probs.length + j];
      return col;
    };
    const need = [0.05, 0.25, 0.5, 0.75, 0.95];
    const missing = need.filter((p) => !band.probs.some((x) => Math.abs(x - p) < 1e-9));
    if (missing.length) return `scenario quantiles lack ${missing.join(', ')} (add them to \`quantiles:\`)`;
    out.push({ regimen: reg.name, t: r.grid, p05: pick(0.05), p25: pick(0.25), p50: pick(0.5), p75: pick(0.75), p95: pick(0.95) });
  }
  return out;
}

/** Per-patient best % change in tumour size for one regimen, or a message saying what is missing. */
export function bestPctChange(reg: RegimenReport): Float64Array | string {
  const s = reg.raw.summaries;
  if (s.best_pct_change) return s.best_pct_change;
  const min = s.tumour_min ?? s.ts_min;
  const base = s.tumour_baseline ?? s.ts_d0;
  if (min && base) {
    const v = new Float64Array(min.length);
    for (let i = 0; i < v.length; i++) v[i] = 100 * (min[i] / base[i] - 1);
    return v;
  }
  return 'needs summary `best_pct_change`, or `ts_min` and `ts_d0` (tumour minimum and baseline)';
}

/** Tumour assessments `ts_d<day>` (value_at summaries), sorted by day, including the baseline ts_d0. */
function assessments(reg: RegimenReport): { day: number; v: Float64Array }[] {
  return Object.entries(reg.raw.summaries)
    .map(([k, v]) => ({ m: /^ts_d(\d+)$/.exec(k), v }))
    .filter((x) => x.m)
    .map((x) => ({ day: Number(x.m![1]), v: x.v }))
    .sort((a, b) => a.day - b.day);
}

/** Per-patient ANC nadir for one regimen, or a message saying what is missing. */
export function ancNadir(reg: RegimenReport): Float64Array | string {
  return reg.raw.summaries.anc_nadir ?? 'needs summary `anc_nadir` (kind: min, output: ANC)';
}

/** 1/0 per patient for `value < threshold`, NaN for failed patients (non-finite values). */
export function flagsBelow(x: Float64Array, threshold: number): Float64Array {
  const f = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) f[i] = Number.isFinite(x[i]) ? (x[i] < threshold ? 1 : 0) : NaN;
  return f;
}

/** 1/0 per patient for `value <= threshold`, NaN for failed patients. */
export function flagsAtMost(x: Float64Array, threshold: number): Float64Array {
  const f = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) f[i] = Number.isFinite(x[i]) ? (x[i] <= threshold ? 1 : 0) : NaN;
  return f;
}

function countFlags(f: Float64Array): { count: number; n: number } {
  let count = 0;
  let n = 0;
  for (let i = 0; i < f.length; i++) if (!Number.isNaN(f[i])) { n++; count += f[i]; }
  return { count, n };
}

function rateOf(f: Float64Array): Interval {
  const { count, n } = countFlags(f);
  return wilson(count, n);
}

/**
 * Progression-free time and event flags for Kaplan–Meier; censored at the horizon. From `pfs_time`
 * when the scenario has it; otherwise from RECIST-style assessments `ts_d0, ts_d42, …`: progression
 * at the first assessment where the tumour is ≥ 1.2 × the smallest earlier assessment.
 */
export function progressionTimes(r: ScenarioResult, reg: RegimenReport): { time: Float64Array; event: Float64Array } | string {
  const horizon = r.grid[r.grid.length - 1];
  let pfs = reg.raw.summaries.pfs_time;
  const scans = assessments(reg);
  const perDay = DAYS_IN_UNIT[r.timeUnit];
  if (!pfs && scans.length >= 2 && scans[0].day === 0 && perDay !== undefined) {
    const n = scans[0].v.length;
    pfs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let nadir = scans[0].v[i];
      let t = Number.isFinite(nadir) ? Infinity : NaN;
      for (let k = 1; k < scans.length && t === Infinity; k++) {
        const v = scans[k].v[i];
        if (!Number.isFinite(v)) { t = NaN; break; }
        if (v >= 1.2 * nadir) t = scans[k].day * perDay;
        nadir = Math.min(nadir, v);
      }
      pfs[i] = t;
    }
  }
  if (!pfs) return 'needs summary `pfs_time`, or tumour assessments `ts_d0`, `ts_d42`, … (value_at TS)';
  const time = new Float64Array(pfs.length);
  const event = new Float64Array(pfs.length);
  for (let i = 0; i < pfs.length; i++) {
    const v = pfs[i];
    if (Number.isNaN(v)) { time[i] = NaN; continue; }
    const progressed = v < horizon;
    time[i] = progressed ? v : horizon;
    event[i] = progressed ? 1 : 0;
  }
  return { time, event };
}

/** Kaplan–Meier of progression-free time with at-risk counts at 6 evenly spaced times. */
export function pfsCurve(r: ScenarioResult, reg: RegimenReport): KaplanMeier | string {
  const pt = progressionTimes(r, reg);
  if (typeof pt === 'string') return pt;
  const horizon = r.grid[r.grid.length - 1];
  const ticks = Array.from({ length: 7 }, (_, k) => (horizon * k) / 6);
  return kaplanMeier(pt.time, pt.event, ticks);
}

/** One row of the comparison table. */
export interface TableRow {
  metric: string;
  unit: string;
  /** Per regimen, same order as the result's regimens. */
  values: (Interval | undefined)[];
  /** Paired difference of regimen k (k ≥ 1) against regimen 0; index 0 is undefined. */
  diffs: (Interval | undefined)[];
  note?: string;
}

/** Engine event rate if declared, else computed from flags (same patients, same thresholds). */
function eventOrFlags(reg: RegimenReport, event: string, flags: Float64Array | undefined): Interval | undefined {
  const e = reg.events[event];
  if (e) return { est: e.p, lo: e.lo, hi: e.hi, n: e.n };
  return flags ? rateOf(flags) : undefined;
}

/**
 * The comparison table: ORR, DCR (no progression by week 8), median time to progression, P(grade ≥3), P(grade 4) and mean dose
 * intensity per regimen with 95% intervals, and paired differences against the first regimen.
 */
export function comparisonTable(r: ScenarioResult): TableRow[] {
  const regs = r.regimens;
  const best = regs.map((g) => bestPctChange(g));
  const nadir = regs.map((g) => ancNadir(g));
  const flagRow = (metric: string, make: (k: number) => Float64Array | undefined, event?: string): TableRow => {
    const flags = regs.map((_, k) => make(k));
    const values = regs.map((g, k) => (event ? eventOrFlags(g, event, flags[k]) : flags[k] ? rateOf(flags[k]!) : undefined));
    const diffs = regs.map((_, k) => (k > 0 && flags[0] && flags[k] ? pairedProportionDiff(flags[0], flags[k]!) : undefined));
    return { metric, unit: '%', values, diffs };
  };
  const bestArr = (k: number): Float64Array | undefined => (typeof best[k] === 'string' ? undefined : (best[k] as Float64Array));
  const nadirArr = (k: number): Float64Array | undefined => (typeof nadir[k] === 'string' ? undefined : (nadir[k] as Float64Array));
  const rows: TableRow[] = [
    { ...flagRow('ORR (best change ≤ −30%)', (k) => { const b = bestArr(k); return b && flagsAtMost(b, RECIST.response); }) },
  ];
  const landmark = DCR_LANDMARK_DAYS * (DAYS_IN_UNIT[r.timeUnit] ?? NaN);
  const pt = regs.map((g) => progressionTimes(r, g));
  rows.push(flagRow(`DCR (no progression by week ${DCR_LANDMARK_DAYS / 7})`, (k) => {
    const p = pt[k];
    if (typeof p === 'string' || !Number.isFinite(landmark)) return undefined;
    return p.time.map((t, i) => (Number.isNaN(t) ? NaN : p.event[i] && t <= landmark ? 0 : 1));
  }));
  const km = regs.map((g) => pfsCurve(r, g));
  rows.push({
    metric: 'Median time to progression',
    unit: r.timeUnit,
    values: km.map((c) => (typeof c === 'string' ? undefined : c.median)),
    diffs: km.map((c, k) => {
      const c0 = km[0];
      if (k === 0 || typeof c === 'string' || typeof c0 === 'string') return undefined;
      return { est: c.median.est - c0.median.est, lo: NaN, hi: NaN, n: c.median.n };
    }),
    note: 'Kaplan–Meier median (Brookmeyer–Crowley 95% CI); NaN = not reached; difference without interval',
  });
  rows.push(flagRow('P(ANC grade ≥3)', (k) => { const a = nadirArr(k); return a && flagsBelow(a, 1.0); }, 'grade3plus'));
  rows.push(flagRow('P(ANC grade 4)', (k) => { const a = nadirArr(k); return a && flagsBelow(a, 0.5); }, 'grade4'));
  const rdi = regs.map((g) => g.raw.summaries.rdi);
  rows.push({
    metric: 'Relative dose intensity (mean)',
    unit: '%',
    values: rdi.map((x) => (x ? pairedMeanDiff(new Float64Array(x.length), x) : undefined)),
    diffs: rdi.map((x, k) => (k > 0 && x && rdi[0] ? pairedMeanDiff(rdi[0], x) : undefined)),
  });
  return rows;
}

/** Histogram of ANC nadir (bin width 0.1 × 10⁹/L from 0 to `max`), as fractions of evaluable patients. */
export function nadirHistogram(x: Float64Array, max = 4): { edges: Float64Array; frac: Float64Array; n: number } {
  const width = 0.1;
  const bins = Math.round(max / width);
  const edges = new Float64Array(bins + 1).map((_, i) => i * width);
  const counts = new Float64Array(bins);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) continue;
    n++;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(x[i] / width)))]++;
  }
  return { edges, frac: counts.map((c) => (n ? c / n : 0)), n };
}

/** Values sorted descending (waterfall order), at most `maxBars` evenly spaced ranks kept. */
export function waterfallOrder(x: Float64Array, maxBars = 2000): Float64Array {
  const v = Array.from(x).filter(Number.isFinite).sort((a, b) => b - a);
  if (v.length <= maxBars) return Float64Array.from(v);
  const out = new Float64Array(maxBars);
  for (let k = 0; k < maxBars; k++) out[k] = v[Math.round((k * (v.length - 1)) / (maxBars - 1))];
  return out;
}
