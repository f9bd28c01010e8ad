/**
 * The per-patient summaries a survival sub-model reads (added to the job like any summary, so every
 * backend produces them; names reserved under `survival.`), and their extraction into one patient's
 * inputs for draw-events.ts.
 */
import type { SummarySpec } from '../../job.js';
import type { RegimenResult } from '../../results.js';
import type { PatientInputs } from './draw-events.js';
import type { SurvivalSpec } from './survival-spec.js';

/** Tumour sample times in the model time unit: 0, every, 2·every, …, up to the horizon. */
export function tumourSampleTimes(spec: SurvivalSpec, horizon: number): number[] {
  if (!spec.tumour) return [];
  const times: number[] = [];
  for (let k = 0; k * spec.tumour.every <= horizon * (1 + 1e-12); k++) times.push(Math.min(k * spec.tumour.every, horizon));
  return times;
}

/** Summaries to add to a job with horizon `horizon` (model time unit). */
export function survivalSummaries(spec: SurvivalSpec, horizon: number): SummarySpec[] {
  const out: SummarySpec[] = [];
  for (const q of spec.quantities) {
    if (q.source.kind === 'output_at') out.push({ kind: 'value_at', name: `survival.${q.name}`, output: q.source.output, time: q.source.time });
    if (q.source.kind === 'nadir_time') out.push({ kind: 'min', name: `survival.${q.name}`, output: q.source.output });
  }
  if (spec.tumour) {
    const output = spec.tumour.output;
    tumourSampleTimes(spec, horizon).forEach((time, k) => out.push({ kind: 'value_at', name: `survival.tumour.${k}`, output, time }));
  }
  return out;
}

function column(raw: RegimenResult, name: string): Float64Array {
  const v = raw.summaries[name];
  if (!v) throw new RangeError(`regimen '${raw.name}' has no summary '${name}' needed by the survival model (add survivalSummaries to the job)`);
  return v;
}

/**
 * Patient i's inputs from a regimen's summaries and the population's covariate columns (keyed by
 * covariate name). `modelDays` = days per model time unit.
 */
export function patientInputs(spec: SurvivalSpec, raw: RegimenResult, covariates: Readonly<Record<string, ArrayLike<number>>>,
  horizon: number, modelDays: number, i: number): PatientInputs {
  const quantities: Record<string, number> = {};
  for (const q of spec.quantities) {
    const s = q.source;
    if (s.kind === 'covariate') {
      const col = covariates[s.covariate];
      if (!col) throw new RangeError(`survival quantity ${q.name} needs covariate ${s.covariate}, which was not supplied`);
      quantities[q.name] = col[i];
    } else if (s.kind === 'output_at') quantities[q.name] = column(raw, `survival.${q.name}`)[i] * s.factor;
    else quantities[q.name] = column(raw, `survival.${q.name}.time`)[i] * s.factor;
    if (raw.failed[i] !== 0) quantities[q.name] = NaN;
  }
  if (!spec.tumour) return { quantities };
  const toSpec = modelDays / spec.days;
  const times = tumourSampleTimes(spec, horizon);
  return {
    quantities,
    tumour: {
      times: times.map((t) => t * toSpec),
      values: times.map((_, k) => (raw.failed[i] !== 0 ? NaN : column(raw, `survival.tumour.${k}`)[i])),
    },
  };
}
