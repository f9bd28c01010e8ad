/**
 * The CSV files of a run, produced row by row (a million patients must not become one giant string).
 */
import type { ScenarioResult } from '../common/scenario-result.js';
import { FAILURE } from '../common/job.js';
import { csvRow } from '../common/csv.js';

const FAILURE_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(FAILURE).map(([name, code]) => [code, name]),
);

/** A per-patient endpoint column: value of patient i in regimen r (undefined = empty cell). */
type EndpointColumn = { name: string; value: (r: number, i: number) => string | number | undefined };

/**
 * Per-patient clinical endpoints: RECIST best response, and with a survival model overall survival
 * and PFS (time in days, event 1 / censored 0; empty when the patient failed).
 */
function endpointColumns(result: ScenarioResult): EndpointColumn[] {
  const cols: EndpointColumn[] = [];
  const flag = (x: number): number | undefined => (Number.isNaN(x) ? undefined : x);
  const rc = result.endpoints?.recist;
  if (rc) cols.push({ name: 'best_response', value: (r, i) => rc.regimens[r].patientBest[i] });
  const sv = result.endpoints?.survival;
  if (sv) {
    cols.push({ name: 'os_days', value: (r, i) => flag(sv.regimens[r].os.time[i]) }, { name: 'os_event', value: (r, i) => flag(sv.regimens[r].os.event[i]) });
  }
  if (rc?.regimens[0]?.pfs) {
    cols.push({ name: 'pfs_days', value: (r, i) => flag(rc.regimens[r].pfs!.time[i]) }, { name: 'pfs_event', value: (r, i) => flag(rc.regimens[r].pfs!.event[i]) });
  }
  return cols;
}

/**
 * `patients.csv`: one row per (patient, regimen): covariates and individual values, every per-patient
 * summary, the per-patient endpoints (best response, OS, PFS), solver steps, and the failure flag with
 * its reason.
 */
export function* patientsCsv(result: ScenarioResult): Generator<string> {
  const patientCols = Object.keys(result.patients);
  const summaryCols = [...new Set(result.regimens.flatMap((r) => Object.keys(r.raw.summaries)))];
  const endpointCols = endpointColumns(result);
  yield csvRow(['patient', 'regimen', ...patientCols, ...summaryCols, ...endpointCols.map((c) => c.name), 'steps', 'failed', 'failure']);
  const n = result.provenance.nPatients;
  for (const [r, reg] of result.regimens.entries()) {
    const raw = reg.raw;
    for (let i = 0; i < n; i++) {
      const code = raw.failed[i] ?? 0;
      yield csvRow([
        i,
        reg.name,
        ...patientCols.map((c) => result.patients[c][i]),
        ...summaryCols.map((c) => raw.summaries[c]?.[i]),
        ...endpointCols.map((c) => c.value(r, i)),
        raw.steps[i],
        code !== 0,
        code === 0 ? '' : (FAILURE_NAME[code] ?? `code${code}`),
      ]);
    }
  }
}

/** `timecourse.csv`: per regimen, output and grid time, the population quantiles (wide: one column per probability). */
export function* timecourseCsv(result: ScenarioResult): Generator<string> {
  const probs = [...new Set(result.regimens.flatMap((r) => r.raw.quantiles.flatMap((q) => q.probs)))].sort((a, b) => a - b);
  const unit = new Map(result.outputs.map((o) => [o.name, o.unit]));
  yield csvRow(['regimen', 'output', 'unit', `time_${result.timeUnit}`, ...probs.map((p) => `q${p}`)]);
  const grid = result.grid;
  for (const reg of result.regimens) {
    for (const band of reg.raw.quantiles) {
      const col = probs.map((p) => band.probs.indexOf(p));
      for (let g = 0; g < grid.length; g++) {
        yield csvRow([
          reg.name,
          band.output,
          unit.get(band.output) ?? '',
          grid[g],
          ...col.map((j) => (j < 0 ? undefined : band.values[g * band.probs.length + j])),
        ]);
      }
    }
  }
}

/** True when the result carries trajectories for at least one regimen. */
export function hasTrajectories(result: ScenarioResult): boolean {
  return result.regimens.some((r) => r.raw.trajectories !== undefined && r.raw.trajectories.patients > 0);
}

/** `trajectories.csv`: full time courses of the first K patients, one row per (regimen, patient, time), one column per output. */
export function* trajectoriesCsv(result: ScenarioResult): Generator<string> {
  const outputs = [...new Set(result.regimens.flatMap((r) => r.raw.trajectories?.outputs ?? []))];
  yield csvRow(['regimen', 'patient', `time_${result.timeUnit}`, ...outputs]);
  const grid = result.grid;
  const nGrid = grid.length;
  for (const reg of result.regimens) {
    const tr = reg.raw.trajectories;
    if (!tr) continue;
    const col = outputs.map((o) => tr.outputs.indexOf(o));
    const nOut = tr.outputs.length;
    for (let k = 0; k < tr.patients; k++) {
      for (let g = 0; g < nGrid; g++) {
        yield csvRow([reg.name, k, grid[g], ...col.map((o) => (o < 0 ? undefined : tr.values[(k * nOut + o) * nGrid + g]))]);
      }
    }
  }
}
