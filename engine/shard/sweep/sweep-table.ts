/**
 * The sweep's one table: per point (the swept values), regimen and metric, the endpoint's value —
 * an event rate with its 95% Wilson interval, or a per-patient summary's mean — as rows for CSV,
 * the terminal and the chart.
 */
import { csvRow } from '../../common/csv.js';
import type { ScenarioResult } from '../../common/scenario-result.js';

export interface MetricChoice {
  name: string;
  kind: 'rate' | 'mean';
}

export interface SweepRow {
  /** The swept values' YAML texts, in --set order. */
  point: string[];
  regimen: string;
  metric: string;
  kind: MetricChoice['kind'];
  value: number;
  lo?: number;
  hi?: number;
  n: number;
  unit: string;
}

/**
 * Resolves --metric names against a scenario's events and summaries: none given → every event
 * (or, without events, every summary's mean); "all" → both. Returns an error text for an unknown name.
 */
export function chooseMetrics(asked: string[], events: string[], summaries: string[]): MetricChoice[] | string {
  const all = [...events.map((name) => ({ name, kind: 'rate' as const })), ...summaries.map((name) => ({ name, kind: 'mean' as const }))];
  if (asked.length === 0) return events.length > 0 ? all.filter((m) => m.kind === 'rate') : all;
  if (asked.includes('all')) return all;
  const out: MetricChoice[] = [];
  for (const name of asked) {
    const m = all.find((x) => x.name === name);
    if (!m) return `--metric ${name}: the scenario has no event or summary "${name}"; it has events ${events.join(', ') || '(none)'} and summaries ${summaries.join(', ')}`;
    out.push(m);
  }
  return out;
}

/** The rows of one point's result. */
export function sweepRows(point: string[], result: ScenarioResult, metrics: MetricChoice[]): SweepRow[] {
  return result.regimens.flatMap((reg) => metrics.map((m): SweepRow => {
    if (m.kind === 'rate') {
      const r = reg.events[m.name];
      return { point, regimen: reg.name, metric: m.name, kind: m.kind, value: r.p, lo: r.lo, hi: r.hi, n: r.n, unit: 'fraction' };
    }
    const s = reg.summaries[m.name];
    return { point, regimen: reg.name, metric: m.name, kind: m.kind, value: s.mean, n: s.n, unit: s.unit };
  }));
}

/** sweep.csv: one column per swept path, then regimen, metric, statistic, value, lo, hi, n, unit. */
export function* sweepCsv(paths: string[], rows: SweepRow[]): Generator<string> {
  yield csvRow([...paths, 'regimen', 'metric', 'statistic', 'value', 'lo95', 'hi95', 'n', 'unit']);
  for (const r of rows) yield csvRow([...r.point, r.regimen, r.metric, r.kind === 'rate' ? 'rate' : 'mean', r.value, r.lo, r.hi, r.n, r.unit]);
}
