/**
 * Clinical endpoints of a scenario from the backends' per-patient summaries, computed on the host and
 * therefore identical for every backend:
 * - neutropenia (CTCAE v5.0): worst grade per patient (grade of the overall ANC nadir), P(grade ≥ 3)
 *   and P(grade 4) overall and per cycle of each regimen's own schedule, time to nadir, time spent
 *   in grade ≥ 3 and grade 4;
 * - RECIST 1.1 from the tumour output at the assessment times: best overall response, ORR (CR + PR),
 *   DCR (CR + PR + SD), time to progression and its Kaplan–Meier curve (no deaths are modelled, so
 *   progression-free survival equals freedom from progression).
 * - with a survival sub-model (survival/): overall survival per regimen with its paired hazard ratio,
 *   new lesions as RECIST progression, and progression-free survival (progression or death).
 * Rates carry 95% Wilson intervals; paired differences (each regimen − the first, same patients)
 * use Newcombe's interval for paired proportions.
 */
import type { RegimenResult } from '../results.js';
import type { Rate } from '../stats/report-types.js';
import type { EndpointsSpec, NeutropeniaSpec, RecistSpec } from './endpoint-specs.js';
import { describe, kaplanMeier, kaplanMeierMedian, pairedProportionDifference, wilsonInterval, type KaplanMeierCurve } from '../stats/index.js';
import { neutrophilGrade } from './ctcae-neutrophils.js';
import type { BestResponse } from './recist.js';
import { recistForPatients, responseCounts } from './recist-population.js';
import { pairedHazardRatio, type PairedHazardRatio } from './survival/paired-hazard-ratio.js';
import { progressionFree } from './survival/progression-free.js';
import { computeSurvival, timeToEvent, type SurvivalContext, type SurvivalResult, type TimeToEvent } from './survival/survival-endpoints.js';

/** Distribution of a per-patient quantity (evaluable patients only). */
export interface Distribution {
  n: number;
  mean: number;
  sd: number;
  probs: number[];
  quantiles: number[];
}

/** A paired difference in proportions (b − a) with its 95% interval. */
export interface PairedDiff {
  diff: number;
  lo: number;
  hi: number;
  n: number;
}

export interface NeutropeniaRegimen {
  name: string;
  /** Patients by worst grade 0..4 (evaluable patients). */
  worstGrade: number[];
  grade3plus: Rate;
  grade4: Rate;
  /** One entry per cycle of the scenario's longest schedule; n counts patients who reached the cycle. */
  perCycle: { cycle: number; grade3plus: Rate; grade4: Rate }[];
  /** Time of the ANC nadir, in the model's time unit. */
  timeToNadir: Distribution;
  /** Time with ANC below 1.0 and below 0.5 ×10⁹/L, in the model's time unit. */
  durationGrade3plus: Distribution;
  durationGrade4: Distribution;
  /** Worst grade per patient (NaN: failed integration). */
  patientWorstGrade: Float64Array;
}

export interface RecistRegimen {
  name: string;
  best: { CR: number; PR: number; SD: number; PD: number; NE: number };
  orr: Rate;
  dcr: Rate;
  /** Median time to progression with its Brookmeyer–Crowley 95% interval (NaN: not reached). */
  ttpMedian: { median: number; lo: number; hi: number };
  /** Kaplan–Meier curve of freedom from progression (time from baseline). */
  progressionFree: KaplanMeierCurve;
  /** Per patient: best response, time to progression or censoring, 1 = progressed (NaN: failed). */
  patientBest: BestResponse[];
  patientTtp: Float64Array;
  patientProgressed: Float64Array;
  /** Progression or death, whichever first (days); only with a survival sub-model. */
  pfs?: TimeToEvent;
}

export interface EndpointsResult {
  neutropenia?: {
    output: string;
    lln: number;
    regimens: NeutropeniaRegimen[];
    /** Each regimen against the first: differences in P(grade ≥ 3) and P(grade 4). */
    comparisons: { a: string; b: string; grade3plus: PairedDiff; grade4: PairedDiff }[];
  };
  recist?: {
    output: string;
    measure: 'volume' | 'diameter';
    /** Assessment times (model time unit), baseline first. */
    times: number[];
    regimens: RecistRegimen[];
    comparisons: { a: string; b: string; orr: PairedDiff; dcr: PairedDiff; pfs?: PairedHazardRatio }[];
  };
  survival?: SurvivalResult;
}

const PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * A sum of diameters below 0 by at most this (mm) is an integrator's overshoot of a tumour decaying to
 * zero and reads as 0 (complete response); anything more negative is a failed patient (NE).
 */
const NUMERICAL_ZERO_MM = 1e-3;

function column(raw: RegimenResult, name: string): Float64Array {
  const v = raw.summaries[name];
  if (!v) throw new RangeError(`regimen '${raw.name}' has no summary '${name}' needed by an endpoint`);
  return v;
}

/** Rate over the finite flags (1/0), NaN flags excluded. */
function rate(flags: ArrayLike<number>): Rate {
  let count = 0, n = 0;
  for (let i = 0; i < flags.length; i++) if (Number.isFinite(flags[i])) { n++; count += flags[i]; }
  return wilsonInterval(count, n);
}

/** Paired difference b − a over patients evaluable in both. */
function paired(a: ArrayLike<number>, b: ArrayLike<number>): PairedDiff {
  const c = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) continue;
    if (a[i] && b[i]) c.both++; else if (a[i]) c.aOnly++; else if (b[i]) c.bOnly++; else c.neither++;
  }
  return pairedProportionDifference(c);
}

function dist(x: ArrayLike<number>, ok: (i: number) => boolean): Distribution {
  const v = Float64Array.from({ length: x.length }, (_, i) => (ok(i) ? x[i] : NaN));
  const d = describe(v, PROBS);
  return { n: d.n, mean: d.mean, sd: d.sd, probs: [...PROBS], quantiles: d.quantiles };
}

const flagsOf = (grades: ArrayLike<number>, min: number): Float64Array => Float64Array.from(grades, (g) => (Number.isNaN(g) ? NaN : g >= min ? 1 : 0));

function neutropenia(spec: NeutropeniaSpec, raws: RegimenResult[]): NonNullable<EndpointsResult['neutropenia']> {
  const perPatient: Float64Array[] = [];
  const regimens = raws.map((raw): NeutropeniaRegimen => {
    const ok = (i: number): boolean => raw.failed[i] === 0;
    const nadir = column(raw, 'neutropenia.nadir');
    const grades = Float64Array.from(nadir, (v, i) => (ok(i) ? neutrophilGrade(v * spec.toGiga, spec.lln) : NaN));
    perPatient.push(grades);
    const worstGrade = [0, 0, 0, 0, 0];
    for (const g of grades) if (!Number.isNaN(g)) worstGrade[g]++;
    const perCycle = Array.from({ length: spec.cycles }, (_, k) => {
      const c = column(raw, `neutropenia.nadir.c${k + 1}`);
      // A cycle the patient never reached has a NaN nadir: not counted in that cycle's n.
      const g = Float64Array.from(c, (v, i) => (ok(i) && Number.isFinite(v) ? neutrophilGrade(v * spec.toGiga, spec.lln) : NaN));
      return { cycle: k + 1, grade3plus: rate(flagsOf(g, 3)), grade4: rate(flagsOf(g, 4)) };
    });
    return {
      name: raw.name, worstGrade, grade3plus: rate(flagsOf(grades, 3)), grade4: rate(flagsOf(grades, 4)), perCycle,
      timeToNadir: dist(column(raw, 'neutropenia.nadir.time'), ok),
      durationGrade3plus: dist(column(raw, 'neutropenia.g3_time'), ok),
      durationGrade4: dist(column(raw, 'neutropenia.g4_time'), ok),
      patientWorstGrade: grades,
    };
  });
  const comparisons = raws.slice(1).map((b, k) => ({
    a: raws[0].name, b: b.name,
    grade3plus: paired(flagsOf(perPatient[0], 3), flagsOf(perPatient[k + 1], 3)),
    grade4: paired(flagsOf(perPatient[0], 4), flagsOf(perPatient[k + 1], 4)),
  }));
  return { output: spec.output, lln: spec.lln, regimens, comparisons };
}

function recist(spec: RecistSpec, raws: RegimenResult[], survival?: SurvivalResult): NonNullable<EndpointsResult['recist']> {
  const flags: { orr: Float64Array; dcr: Float64Array }[] = [];
  const regimens = raws.map((raw, r): RecistRegimen => {
    // Volume measure: weight (g) or volume (mL) → diameter of a sphere (mm), which turns the RECIST
    // diameter rules into the −65.7% / +72.8% volume criteria (recist-population.ts).
    const cols = spec.times.map((_, k) => Float64Array.from(column(raw, `recist.${k}`), (v, i) => {
      if (raw.failed[i] !== 0 || !Number.isFinite(v)) return NaN;
      const x = v * spec.factor;
      if (x < 0) return spec.measure === 'diameter' && x >= -NUMERICAL_ZERO_MM ? 0 : NaN;
      return spec.measure === 'volume' ? 10 * Math.cbrt((6 * x) / Math.PI) : x;
    }));
    // New lesions (days since the first dose) on the assessments' clock (model time unit).
    const sv = survival?.regimens[r];
    const newLesions = sv?.newLesionDay?.map((d) => d * spec.dayLength);
    const pop = recistForPatients(spec.times, cols, { confirm: spec.confirm, sdMinDuration: spec.sdMin, confirmationInterval: 28 * spec.dayLength }, newLesions);
    const c = responseCounts(pop.best);
    const orr = Float64Array.from(pop.best, (b) => (b === 'NE' ? NaN : b === 'CR' || b === 'PR' ? 1 : 0));
    const dcr = Float64Array.from(pop.best, (b) => (b === 'NE' ? NaN : b === 'PD' ? 0 : 1));
    flags.push({ orr, dcr });
    const idx = [...pop.ttp.keys()].filter((i) => Number.isFinite(pop.ttp[i]));
    const km = kaplanMeier(idx.map((i) => pop.ttp[i]), idx.map((i) => pop.progressed[i]));
    return {
      name: raw.name, best: { CR: c.CR, PR: c.PR, SD: c.SD, PD: c.PD, NE: c.NE }, orr: rate(orr), dcr: rate(dcr),
      ttpMedian: kaplanMeierMedian(km), progressionFree: km,
      patientBest: pop.best, patientTtp: pop.ttp, patientProgressed: pop.progressed,
      pfs: sv ? pfsOf(pop, sv.os, spec.dayLength) : undefined,
    };
  });
  const comparisons = raws.slice(1).map((b, k) => {
    const pa = regimens[0].pfs;
    const pb = regimens[k + 1].pfs;
    return {
      a: raws[0].name, b: b.name, orr: paired(flags[0].orr, flags[k + 1].orr), dcr: paired(flags[0].dcr, flags[k + 1].dcr),
      pfs: pa && pb ? pairedHazardRatio({ time: pa.time, event: pa.event }, { time: pb.time, event: pb.event }) : undefined,
    };
  });
  return { output: spec.output, measure: spec.measure, times: spec.times, regimens, comparisons };
}

/** PFS (days) of each patient from RECIST progression (model time unit) and overall survival (days). */
function pfsOf(pop: ReturnType<typeof recistForPatients>, os: TimeToEvent, dayLength: number): TimeToEvent {
  const time = new Float64Array(os.time.length);
  const event = new Float64Array(os.time.length);
  for (let i = 0; i < time.length; i++) {
    const p = progressionFree({ time: pop.ttp[i] / dayLength, event: pop.progressed[i] === 1 }, { time: os.time[i], event: os.event[i] === 1 });
    time[i] = p.time;
    event[i] = Number.isNaN(p.time) ? NaN : p.event ? 1 : 0;
  }
  return timeToEvent(time, event, os.atRisk.length > 1 ? os.atRisk[1].time : 91.3125);
}

/**
 * All declared endpoints of a run; regimens in job order. With `survival` (a survival sub-model and
 * its context) also overall survival, new-lesion progression and PFS.
 */
export function computeEndpoints(spec: EndpointsSpec, raws: RegimenResult[], survival?: SurvivalContext): EndpointsResult {
  const out: EndpointsResult = {};
  if (spec.neutropenia) out.neutropenia = neutropenia(spec.neutropenia, raws);
  if (survival) out.survival = computeSurvival(survival, raws);
  if (spec.recist) out.recist = recist(spec.recist, raws, out.survival);
  return out;
}
