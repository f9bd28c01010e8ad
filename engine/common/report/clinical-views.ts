/**
 * Turns a `ScenarioResult` into the data behind every results chart and the comparison table.
 *
 * The desktop displays what the engine computed; it does not recompute statistics:
 * - rates, medians and Kaplan–Meier curves come from `result.endpoints` (CTCAE neutropenia, RECIST
 *   ORR/DCR/TTP) and from each regimen's `events` / `summaries`, with the paired differences of
 *   `endpoints.*.comparisons` and `result.comparisons`;
 * - fan charts read `ensemble.regimens[].quantiles` (median, 50% and 90% bands);
 * - per-patient arrays (waterfall, nadir histogram, scatter) read the raw summaries.
 * A missing piece makes that view say what the scenario must declare instead of drawing something wrong.
 */
import type { RegimenReport, ScenarioResult } from '../scenario-result.js';
import type { PairedHazardRatio } from '../endpoints/survival/paired-hazard-ratio.js';
import type { KaplanMeierCurve } from '../stats/index.js';
import { toInternal } from '../units/index.js';
import { displayUnit } from './summary-label.js';
import { DAYS_PER_MONTH, recistBestChange } from './survival-views.js';

/** An estimate with its 95% interval and the number of patients it rests on. */
export interface Interval {
  est: number;
  lo: number;
  hi: number;
  n: number;
}

/** CTCAE v5.0 "Neutrophil count decreased" lower bounds of grades 1–4 (× 10⁹/L; LLN taken as 2.0). */
export const CTCAE_ANC = [
  { grade: 1, below: 2.0 },
  { grade: 2, below: 1.5 },
  { grade: 3, below: 1.0 },
  { grade: 4, below: 0.5 },
] as const;

/** RECIST 1.1 thresholds on the best % change of the tumour burden. */
export const RECIST = { response: -30, progression: 20 } as const;

/**
 * The time unit charts and the table show: models in hours over a horizon of days or more are shown
 * in days (clinicians read cycles in days); `perUnit` converts engine times into it.
 */
export function displayTime(r: ScenarioResult): { unit: string; perUnit: number } {
  const horizon = r.grid[r.grid.length - 1] ?? 0;
  if (/^(h|hr|hour|hours)$/.test(r.timeUnit) && horizon >= 72) return { unit: 'd', perUnit: 1 / 24 };
  return { unit: r.timeUnit, perUnit: 1 };
}

export interface FanSeries {
  regimen: string;
  /** Grid times in the display unit (`displayTime`). */
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
  const { perUnit } = displayTime(r);
  const t = r.grid.map((x) => x * perUnit);
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
    out.push({ regimen: reg.name, t, p05: pick(0.05), p25: pick(0.25), p50: pick(0.5), p75: pick(0.75), p95: pick(0.95) });
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

/** Per-patient ANC nadir for one regimen, or a message saying what is missing. */
export function ancNadir(reg: RegimenReport): Float64Array | string {
  return reg.raw.summaries.anc_nadir ?? reg.raw.summaries['neutropenia.nadir'] ?? 'needs summary `anc_nadir` (kind: min, output: ANC) or `endpoints: neutropenia`';
}

/** Freedom-from-progression curve of a regimen (RECIST endpoint), with the patients' times for at-risk counts. */
export interface ProgressionCurve {
  curve: KaplanMeierCurve;
  /** Time to progression or censoring per patient (NaN: not evaluable). */
  patientTtp: Float64Array;
  median: { median: number; lo: number; hi: number };
}

/** The engine's Kaplan–Meier curve of time to progression for regimen `k`, or what is missing. */
export function pfsCurve(r: ScenarioResult, k: number): ProgressionCurve | string {
  const reg = r.endpoints?.recist?.regimens[k];
  if (!reg) return 'needs `endpoints: recist` in the scenario (RECIST assessments of the tumour output)';
  return { curve: reg.progressionFree, patientTtp: reg.patientTtp, median: reg.ttpMedian };
}

/** Patients still at risk (time to progression or censoring ≥ t) at each of `ticks`. */
export function atRiskAt(c: ProgressionCurve, ticks: number[]): { time: number; n: number }[] {
  return ticks.map((t) => {
    let n = 0;
    for (const v of c.patientTtp) if (Number.isFinite(v) && v >= t) n++;
    return { time: t, n };
  });
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

type RateLike = { p: number; lo: number; hi: number; n: number };
type DiffLike = { diff: number; lo: number; hi: number; n: number };
const fromRate = (x: RateLike | undefined): Interval | undefined => (x ? { est: x.p, lo: x.lo, hi: x.hi, n: x.n } : undefined);
const fromDiff = (x: DiffLike | undefined): Interval | undefined => (x ? { est: x.diff, lo: x.lo, hi: x.hi, n: x.n } : undefined);
/** Index 0 (the reference regimen) has no difference; comparison k−1 is regimen k against regimen 0. */
const diffsOf = <T>(nReg: number, comps: T[] | undefined, pick: (c: T) => DiffLike | undefined): (Interval | undefined)[] =>
  Array.from({ length: nReg }, (_, k) => (k === 0 || !comps?.[k - 1] ? undefined : fromDiff(pick(comps[k - 1]))));

/** Scenario events shown in the table when the neutropenia endpoint does not already cover them. */
export const EVENT_LABELS: Record<string, string> = { grade4: 'Grade 4 neutropenia (ANC nadir < 0.5 ×10⁹/L)', grade3plus: 'Grade ≥3 neutropenia (ANC nadir < 1.0 ×10⁹/L)' };

/**
 * The comparison table, every number as the engine reported it: RECIST ORR and DCR, median time to
 * progression, CTCAE P(grade ≥3) and P(grade 4) (endpoints), then the scenario's other events and the
 * mean of each per-patient summary the scenario declares, each with its paired difference against the first regimen.
 */
export function comparisonTable(r: ScenarioResult): TableRow[] {
  const nReg = r.regimens.length;
  const rows: TableRow[] = [];
  const rec = r.endpoints?.recist;
  if (rec) {
    rows.push({ metric: 'Objective response rate (RECIST 1.1 CR + PR)', unit: '%', values: rec.regimens.map((g) => fromRate(g.orr)), diffs: diffsOf(nReg, rec.comparisons, (c) => c.orr) });
    rows.push({ metric: 'Disease control rate (RECIST 1.1 CR + PR + SD)', unit: '%', values: rec.regimens.map((g) => fromRate(g.dcr)), diffs: diffsOf(nReg, rec.comparisons, (c) => c.dcr) });
    const { unit, perUnit } = displayTime(r);
    // With a survival model the PFS row below (progression or death) replaces freedom from progression.
    if (!rec.regimens.every((g) => g.pfs)) rows.push({
      metric: 'Median time to progression',
      unit: unit === 'd' ? 'days' : unit,
      values: rec.regimens.map((g) => ({ est: g.ttpMedian.median * perUnit, lo: g.ttpMedian.lo * perUnit, hi: g.ttpMedian.hi * perUnit, n: g.progressionFree.n })),
      diffs: Array.from({ length: nReg }, () => undefined),
      note: 'Kaplan–Meier median with Brookmeyer–Crowley 95% CI; NR = not reached within the horizon',
    });
  }
  rows.push(...survivalRows(r));
  const neu = r.endpoints?.neutropenia;
  if (neu) {
    rows.push({ metric: 'Grade ≥3 neutropenia (CTCAE v5.0, ANC < 1.0 ×10⁹/L)', unit: '%', values: neu.regimens.map((g) => fromRate(g.grade3plus)), diffs: diffsOf(nReg, neu.comparisons, (c) => c.grade3plus) });
    rows.push({ metric: 'Grade 4 neutropenia (CTCAE v5.0, ANC < 0.5 ×10⁹/L)', unit: '%', values: neu.regimens.map((g) => fromRate(g.grade4)), diffs: diffsOf(nReg, neu.comparisons, (c) => c.grade4) });
  }
  const events = Object.keys(r.regimens[0]?.events ?? {});
  for (const e of events) {
    if (neu && (e === 'grade4' || e === 'grade3plus')) continue;
    rows.push({ metric: EVENT_LABELS[e] ?? `P(${e})`, unit: '%', values: r.regimens.map((g) => fromRate(g.events[e])), diffs: diffsOf(nReg, r.comparisons, (c) => c.events[e]) });
  }
  // Summaries the scenario declares; dotted names are the engine's own columns behind the endpoints above.
  const horizonDays = (r.grid[r.grid.length - 1] ?? 0) / toInternal(1, 'd', r.timeUnit);
  for (const [name, st] of Object.entries(r.regimens[0]?.summaries ?? {}).filter(([k]) => !k.includes('.'))) {
    const u = displayUnit(st.unit, r.timeUnit, horizonDays);
    rows.push({
      metric: `Mean ${lowerFirst(st.label ?? name)}`,
      unit: u.unit,
      values: r.regimens.map((g) => {
        const s = g.summaries[name];
        return s ? { est: s.mean * u.scale, lo: NaN, hi: NaN, n: s.n } : undefined;
      }),
      diffs: Array.from({ length: nReg }, (_, k) => {
        const d = k > 0 ? r.comparisons[k - 1]?.summaries[name] : undefined;
        return d ? { est: d.meanDiff * u.scale, lo: d.lo * u.scale, hi: d.hi * u.scale, n: d.n } : undefined;
      }),
    });
  }
  return rows;
}

/** "Smallest sum of diameters" → "smallest sum of diameters"; acronyms (ANC, AUC, Cmax) stay. */
const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) && !/^Cmax/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);

/**
 * Median PFS and OS (months, Brookmeyer–Crowley 95% CI) and the paired hazard ratio of death (and of
 * progression or death) of each regimen against the first, in that regimen's column.
 */
function survivalRows(r: ScenarioResult): TableRow[] {
  const nReg = r.regimens.length;
  const none = (): undefined[] => Array.from({ length: nReg }, () => undefined);
  const months = (m: { median: number; lo: number; hi: number }, n: number): Interval => ({ est: m.median / DAYS_PER_MONTH, lo: m.lo / DAYS_PER_MONTH, hi: m.hi / DAYS_PER_MONTH, n });
  const hr = (h: PairedHazardRatio | undefined): Interval | undefined => (h ? { est: h.hr, lo: h.lo, hi: h.hi, n: h.n } : undefined);
  const rows: TableRow[] = [];
  const rec = r.endpoints?.recist;
  const sv = r.endpoints?.survival;
  const median = 'Kaplan–Meier median with Brookmeyer–Crowley 95% CI; NR = not reached within follow-up';
  const ratio = 'paired Cox hazard ratio against the first regimen on the same virtual patients, Lin–Wei robust 95% CI';
  if (rec?.regimens.every((g) => g.pfs)) {
    rows.push({ metric: 'Median progression-free survival', unit: 'months', values: rec.regimens.map((g) => months(g.pfs!.median, g.pfs!.curve.n)), diffs: none(), note: median });
  }
  if (sv) {
    rows.push({ metric: 'Median overall survival', unit: 'months', values: sv.regimens.map((g) => months(g.os.median, g.os.curve.n)), diffs: none(), note: median });
    rows.push({ metric: `Hazard ratio of death vs ${sv.regimens[0].name}`, unit: 'ratio', values: [undefined, ...sv.comparisons.map((c) => hr(c.os))], diffs: none(), note: ratio });
  }
  if (rec?.comparisons.some((c) => c.pfs)) {
    rows.push({ metric: `Hazard ratio of progression or death vs ${rec.regimens[0].name}`, unit: 'ratio', values: [undefined, ...rec.comparisons.map((c) => hr(c.pfs))], diffs: none(), note: ratio });
  }
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

/** At most `max` evenly spaced ranks of an ordered list (the waterfall's bars when there are many patients). */
export function sampleRanks<T>(sorted: readonly T[], max: number): T[] {
  if (sorted.length <= max) return [...sorted];
  return Array.from({ length: max }, (_, k) => sorted[Math.round((k * (sorted.length - 1)) / (max - 1))]);
}

/** Values sorted descending (waterfall order), at most `maxBars` evenly spaced ranks kept. */
export function waterfallOrder(x: Float64Array, maxBars = 2000): Float64Array {
  return Float64Array.from(sampleRanks(Array.from(x).filter(Number.isFinite).sort((a, b) => b - a), maxBars));
}

/**
 * The efficacy axis of the scatters: best % change at the RECIST assessments (the endpoints'
 * criteria) when the scenario computes RECIST, else the tumour minimum over baseline.
 */
export function efficacyChange(r: ScenarioResult, k: number): Float64Array | string {
  const rc = r.endpoints?.recist ? recistBestChange(r, k) : undefined;
  return rc && typeof rc !== 'string' ? rc.change : bestPctChange(r.regimens[k]);
}

/** Axis label of efficacyChange. */
export function efficacyLabel(r: ScenarioResult): string {
  return r.endpoints?.recist ? 'Best change in sum of diameters at RECIST assessments (%)' : 'Best change in tumour size (%)';
}
