/**
 * `summary.json`: the per-regimen statistics of a ScenarioResult, the paired comparisons and the
 * provenance — the file scripts read. Raw per-patient arrays are left out (they are in patients.csv).
 */
import type { EndpointsResult, NeutropeniaRegimen, RecistRegimen, SurvivalResult, TimeToEvent } from '../common/endpoints/index.js';
import type {
  PairedComparison,
  Provenance,
  Rate,
  ScenarioResult,
  SubgroupReport,
  SummaryStats,
} from '../common/scenario-result.js';

/** Version tag of the file layout; bump when a field changes meaning. */
export const SUMMARY_FORMAT = 'oncotwin-summary/1';

export interface SummaryJson {
  format: typeof SUMMARY_FORMAT;
  scenario: ScenarioResult['scenario'];
  model: ScenarioResult['model'];
  timeUnit: string;
  outputs: ScenarioResult['outputs'];
  regimens: {
    name: string;
    description?: string;
    /** Per-patient summary distributions; NaN (no evaluable patient) is written as null. */
    summaries: Record<string, Omit<SummaryStats, 'name'>>;
    /** Event rates with 95% Wilson intervals. */
    events: Record<string, Rate>;
    failures: { total: number; byCode: Record<string, number> };
  }[];
  comparisons: PairedComparison[];
  /** Clinical endpoints (per-regimen rates, distributions, Kaplan–Meier curves), without per-patient arrays. */
  endpoints?: SummaryEndpoints;
  /** Results per subgroup with intervals, and the share outside the model's validity domain. */
  subgroups?: SubgroupReport;
  provenance: Provenance;
}

/** ScenarioResult.endpoints without the per-patient arrays. */
export interface SummaryEndpoints {
  neutropenia?: Omit<NonNullable<EndpointsResult['neutropenia']>, 'regimens'> & { regimens: Omit<NeutropeniaRegimen, 'patientWorstGrade'>[] };
  recist?: Omit<NonNullable<EndpointsResult['recist']>, 'regimens'> & {
    regimens: (Omit<RecistRegimen, 'patientBest' | 'patientTtp' | 'patientProgressed' | 'pfs'> & { pfs?: TimeToEventSummary })[];
  };
  survival?: Omit<SurvivalResult, 'regimens'> & { regimens: { name: string; os: TimeToEventSummary }[] };
}

/**
 * A time-to-event endpoint (days): Kaplan–Meier curve, median with its Brookmeyer–Crowley 95%
 * interval, at-risk table, and the number of events and censored patients.
 */
export type TimeToEventSummary = Omit<TimeToEvent, 'time' | 'event'> & { events: number; censored: number };

function timeToEventJson(t: TimeToEvent): TimeToEventSummary {
  let events = 0, censored = 0;
  for (const e of t.event) if (e === 1) events++; else if (e === 0) censored++;
  return { curve: t.curve, median: t.median, atRisk: t.atRisk, events, censored };
}

/** Builds the summary document of one scenario result. */
export function buildSummary(result: ScenarioResult): SummaryJson {
  return {
    format: SUMMARY_FORMAT,
    scenario: result.scenario,
    model: result.model,
    timeUnit: result.timeUnit,
    outputs: result.outputs,
    regimens: result.regimens.map((r) => ({
      name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}),
      summaries: Object.fromEntries(
        Object.entries(r.summaries).map(([k, s]) => [k, { unit: s.unit, n: s.n, mean: s.mean, sd: s.sd, probs: s.probs, quantiles: s.quantiles }]),
      ),
      events: r.events,
      failures: r.failures,
    })),
    comparisons: result.comparisons,
    ...(result.endpoints ? { endpoints: endpointsJson(result.endpoints) } : {}),
    ...(result.subgroups ? { subgroups: result.subgroups } : {}),
    provenance: result.provenance,
  };
}

/** The endpoints without their per-patient arrays (those belong with patients.csv). */
function endpointsJson(e: EndpointsResult): SummaryEndpoints {
  return {
    ...(e.neutropenia ? {
      neutropenia: { ...e.neutropenia, regimens: e.neutropenia.regimens.map(({ patientWorstGrade: _, ...r }) => r) },
    } : {}),
    ...(e.recist ? {
      recist: {
        ...e.recist,
        regimens: e.recist.regimens.map(({ patientBest: _b, patientTtp: _t, patientProgressed: _p, pfs, ...r }) => ({ ...r, ...(pfs ? { pfs: timeToEventJson(pfs) } : {}) })),
      },
    } : {}),
    ...(e.survival ? {
      survival: { ...e.survival, regimens: e.survival.regimens.map((r) => ({ name: r.name, os: timeToEventJson(r.os) })) },
    } : {}),
  };
}

/** Pretty JSON text with a trailing newline (JSON.stringify writes NaN and ±Infinity as null). */
export function summaryText(result: ScenarioResult): string {
  return JSON.stringify(buildSummary(result), null, 2) + '\n';
}
