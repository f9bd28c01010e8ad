/**
 * Per-regimen statistics from a backend's raw per-patient summaries, identical for every backend:
 * distribution stats of each summary, event rates with Wilson intervals, and paired comparisons of two
 * regimens on the same virtual patients (Newcombe paired interval for event rates, paired t interval
 * for summary means).
 *
 * Interface rules:
 * - A patient counts for a summary or an event only when it did not fail (`failed[i] == 0`) and the
 *   summary value is finite; `n` says how many did.
 * - An event is `value < below` (strict) or `value > above`: "ANC nadir below 0.5" is grade 4.
 * - In a comparison, only patients evaluable under BOTH regimens are paired.
 */
import type { RegimenResult } from '../results.js';
import { FAILURE } from '../job.js';
import type { PairedComparison, Rate, RegimenReport, SummaryStats } from './report-types.js';
import { describe } from './describe.js';
import { pairedMeanDifference } from './paired-mean.js';
import { pairedProportionDifference } from './paired-proportions.js';
import { wilsonInterval } from './wilson.js';

/** A named event derived from one per-patient summary. Exactly one of `below` / `above`. */
export interface EventSpec {
  name: string;
  summary: string;
  below?: number;
  above?: number;
}

/** Name and user unit of a per-patient summary. */
export interface SummaryMeta {
  name: string;
  unit: string;
  /** Clinical name for screens and reports (engine/common/report/summary-label.ts). */
  label?: string;
}

export interface RegimenStatsSpec {
  summaries: SummaryMeta[];
  events: EventSpec[];
  /** Probabilities for the summary quantiles, e.g. [0.05, 0.5, 0.95]. */
  probs: number[];
  /** Confidence level of the intervals (default 0.95). */
  conf?: number;
}

/**
 * Event flag per patient: 1 event, 0 no event, NaN not evaluable (failed or non-finite summary).
 */
export function eventFlags(raw: RegimenResult, ev: EventSpec): Float64Array {
  const values = summaryValues(raw, ev.summary);
  if ((ev.below === undefined) === (ev.above === undefined)) {
    throw new RangeError(`event '${ev.name}' needs exactly one of below/above`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (raw.failed[i] !== 0 || !Number.isFinite(v)) { out[i] = NaN; continue; }
    out[i] = ev.below !== undefined ? (v < ev.below ? 1 : 0) : (v > (ev.above as number) ? 1 : 0);
  }
  return out;
}

/** Rate of an event over the evaluable patients, with its Wilson interval. */
export function eventRate(raw: RegimenResult, ev: EventSpec, conf = 0.95): Rate {
  const flags = eventFlags(raw, ev);
  let count = 0;
  let n = 0;
  for (const f of flags) {
    if (Number.isNaN(f)) continue;
    n++;
    count += f;
  }
  return wilsonInterval(count, n, conf);
}

/** Distribution stats of one summary over the patients that did not fail. */
export function summaryStats(raw: RegimenResult, meta: SummaryMeta, probs: number[]): SummaryStats {
  const values = summaryValues(raw, meta.name);
  const ok = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) ok[i] = raw.failed[i] === 0 ? values[i] : NaN;
  const d = describe(ok, probs);
  return { name: meta.name, unit: meta.unit, ...(meta.label ? { label: meta.label } : {}), n: d.n, mean: d.mean, sd: d.sd, probs: [...probs], quantiles: d.quantiles };
}

/** Failure counts by failure-code name (`nonFinite`, `stepUnderflow`, `tooManySteps`). */
export function failureCounts(raw: RegimenResult): { total: number; byCode: Record<string, number> } {
  const names = new Map<number, string>();
  for (const [name, code] of Object.entries(FAILURE)) if (code !== 0) names.set(code, name);
  const byCode: Record<string, number> = {};
  let total = 0;
  for (const code of raw.failed) {
    if (code === 0) continue;
    total++;
    const name = names.get(code) ?? `code${code}`;
    byCode[name] = (byCode[name] ?? 0) + 1;
  }
  return { total, byCode };
}

/** The full per-regimen report: summary distributions, event rates and failure counts. */
export function summarizeRegimen(raw: RegimenResult, spec: RegimenStatsSpec, description?: string): RegimenReport {
  const conf = spec.conf ?? 0.95;
  const summaries = keyedByName<SummaryStats>();
  for (const m of spec.summaries) summaries[m.name] = summaryStats(raw, m, spec.probs);
  const events = keyedByName<Rate>();
  for (const ev of spec.events) events[ev.name] = eventRate(raw, ev, conf);
  const report: RegimenReport = { name: raw.name, raw, summaries, events, failures: failureCounts(raw) };
  if (description !== undefined) report.description = description;
  return report;
}

/** Paired comparison of regimen `b` against regimen `a` (differences are b − a). */
export function compareRegimens(a: RegimenResult, b: RegimenResult, spec: Omit<RegimenStatsSpec, 'probs'>): PairedComparison {
  if (a.failed.length !== b.failed.length) {
    throw new RangeError(`regimens '${a.name}' and '${b.name}' have different patient counts`);
  }
  const conf = spec.conf ?? 0.95;
  const events: PairedComparison['events'] = keyedByName();
  for (const ev of spec.events) {
    const fa = eventFlags(a, ev);
    const fb = eventFlags(b, ev);
    const c = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
    for (let i = 0; i < fa.length; i++) {
      if (Number.isNaN(fa[i]) || Number.isNaN(fb[i])) continue;
      if (fa[i] && fb[i]) c.both++; else if (fa[i]) c.aOnly++; else if (fb[i]) c.bOnly++; else c.neither++;
    }
    events[ev.name] = pairedProportionDifference(c, conf);
  }
  const summaries: PairedComparison['summaries'] = keyedByName();
  for (const m of spec.summaries) {
    const va = masked(a, m.name);
    const vb = masked(b, m.name);
    summaries[m.name] = pairedMeanDifference(va, vb, conf);
  }
  return { a: a.name, b: b.name, events, summaries };
}

/**
 * An object keyed by user-given names without a prototype, so no name (`constructor`, `__proto__`)
 * can collide with a built-in property or vanish into the prototype.
 */
function keyedByName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function summaryValues(raw: RegimenResult, name: string): Float64Array {
  const v = Object.hasOwn(raw.summaries, name) ? raw.summaries[name] : undefined;
  if (!v) {
    throw new RangeError(`regimen '${raw.name}' has no summary '${name}' (has: ${Object.keys(raw.summaries).join(', ')})`);
  }
  return v;
}

function masked(raw: RegimenResult, name: string): Float64Array {
  const v = summaryValues(raw, name);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = raw.failed[i] === 0 ? v[i] : NaN;
  return out;
}
