/**
 * Virtual patients whose simulation failed (the solver gave up: `failed[i] != 0` in the engine's
 * per-patient arrays), counted for every screen and report that shows rates. The engine leaves a
 * failed patient out of everything computed from that regimen (engine/common/stats/summarize.ts): each
 * rate and mean counts only the regimen's completed patients, each paired difference only the patients
 * completed under both regimens.
 */
import type { ScenarioResult } from '../scenario-result.js';
import type { TableRow } from './clinical-views.js';

export interface RegimenFailures {
  name: string;
  failed: number;
  n: number;
  byCode: Record<string, number>;
}

/** Failed and total patients per regimen, from the per-patient failure codes. */
export function regimenFailures(r: ScenarioResult): RegimenFailures[] {
  return r.regimens.map((g) => ({ name: g.name, failed: g.failures.total, n: g.raw.failed.length, byCode: g.failures.byCode }));
}

/** Patients completed under both regimen 0 and regimen `k` (the patients a paired difference uses). */
export function completedInBoth(r: ScenarioResult, k: number): number {
  const a = r.regimens[0].raw.failed;
  const b = r.regimens[k].raw.failed;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === 0 && b[i] === 0) n++;
  return n;
}

/**
 * Two table rows for the top of the comparison table (screen, CSV, HTML report): patients completed
 * per regimen (paired columns: completed under both) and patients failed.
 */
export function failureRows(r: ScenarioResult): TableRow[] {
  const f = regimenFailures(r);
  const count = (v: number) => ({ est: v, lo: NaN, hi: NaN, n: v });
  return [
    {
      metric: 'Virtual patients completed (the n of every row below)', unit: 'patients',
      values: f.map((x) => count(x.n - x.failed)),
      diffs: f.map((_, k) => (k === 0 ? undefined : count(completedInBoth(r, k)))),
      note: 'paired columns: patients completed under both regimens',
    },
    { metric: 'Virtual patients whose simulation failed (left out of every row below)', unit: 'patients', values: f.map((x) => count(x.failed)), diffs: f.map(() => undefined) },
  ];
}
