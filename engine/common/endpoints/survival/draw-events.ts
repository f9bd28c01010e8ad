/**
 * One patient's event times under a survival sub-model (survival-spec.ts): each event in list order,
 * Weibull proportional hazards by inversion of the cumulative hazard (weibull-hazard.ts) or log-normal
 * accelerated failure time, from the patient's own survival uniforms (survival-rng.ts), with
 * administrative censoring at the follow-up time.
 */
import { evalExpr } from '../../ir-eval.js';
import { qnorm, type Seed } from '../../rng/index.js';
import type { EventModel, FixedTerm, SurvivalSpec, WeibullEvent } from './survival-spec.js';
import { survivalUniform } from './survival-rng.js';
import { tumourRatio, type TumourSamples } from './tumour-path.js';
import { weibullEventTime, type LinearPredictorPath } from './weibull-hazard.js';

/** A patient's inputs: time-fixed quantities and, when a term needs it, the sampled tumour size. */
export interface PatientInputs {
  quantities: Readonly<Record<string, number>>;
  tumour?: TumourSamples;
}

/** Time (spec time unit) of an event, or of censoring at follow-up when `event` is false. */
export interface EventOutcome {
  time: number;
  event: boolean;
}

/** Where an event hazard still varies and no follow-up limits it, event times are sought up to this many days. */
const MAX_SEARCH_DAYS = 100 * 365.25;

function fixedSum(terms: readonly FixedTerm[], q: Readonly<Record<string, number>>): number {
  const env = (name: string): number => {
    const v = q[name];
    if (v === undefined) throw new RangeError(`survival quantity '${name}' was not supplied`);
    return v;
  };
  let s = 0;
  for (const t of terms) s += t.coefficient * evalExpr(t.expr, env);
  return s;
}

/** RECIST 1.1 size rule on the sampled course: first sample ≥ 20% and ≥ 5 mm above the smallest earlier one. */
export function sizeProgressionTime(samples: TumourSamples, toMm: number): number {
  let nadir = samples.values[0];
  for (let k = 1; k < samples.values.length; k++) {
    const v = samples.values[k];
    const rise = v - nadir;
    if (rise > 0 && rise >= 0.2 * nadir * (1 - 1e-12) && rise * toMm >= 5 * (1 - 1e-12)) return samples.times[k];
    nadir = Math.min(nadir, v);
  }
  return Infinity;
}

/** Times at which step terms switch on for this patient. */
function stepsOf(ev: WeibullEvent, inputs: PatientInputs, earlier: Record<string, EventOutcome>, toMm: number): { coefficient: number; at: number }[] {
  const occurred = (name: string): number => (earlier[name]?.event ? earlier[name].time : Infinity);
  return ev.terms.flatMap((t) => {
    let at = Infinity;
    if (t.kind === 'event') {
      at = occurred(t.event);
      if (t.observedBefore !== undefined && occurred(t.observedBefore) <= at) at = Infinity;
    } else if (t.kind === 'progression') {
      if (!inputs.tumour) throw new RangeError(`event '${ev.name}' needs the patient's tumour time course`);
      at = Math.min(sizeProgressionTime(inputs.tumour, toMm), t.orEvent !== undefined ? occurred(t.orEvent) : Infinity);
    }
    return Number.isFinite(at) ? [{ coefficient: t.coefficient, at }] : [];
  });
}

/** The linear predictor of a Weibull event for this patient, given the earlier events' outcomes. */
function linearPredictor(ev: WeibullEvent, inputs: PatientInputs, earlier: Record<string, EventOutcome>, toMm: number): LinearPredictorPath {
  const base = fixedSum(ev.terms.filter((t): t is FixedTerm => t.kind === 'fixed'), inputs.quantities);
  const ratios = ev.terms.flatMap((t) => (t.kind === 'tumour_ratio' ? [t] : []));
  const steps = stepsOf(ev, inputs, earlier, toMm);
  let r: (t: number) => number = () => 0;
  const breaks: number[] = steps.map((s) => s.at);
  let constantAfter = Math.max(0, ...breaks);
  let tailStep = 7;
  if (ratios.length > 0) {
    if (!inputs.tumour) throw new RangeError(`event '${ev.name}' needs the patient's tumour time course`);
    r = tumourRatio(inputs.tumour);
    const times = inputs.tumour.times;
    tailStep = times[times.length - 1] - times[times.length - 2];
    const lastFreeze = Math.max(...ratios.map((t) => t.until));
    breaks.push(...times.filter((t) => t > 0 && t < lastFreeze), ...ratios.map((t) => t.until).filter(Number.isFinite));
    constantAfter = Math.max(constantAfter, lastFreeze);
  }
  breaks.sort((a, b) => a - b);
  return {
    eta: (t) => {
      let e = base;
      for (const term of ratios) e += term.coefficient * r(Math.min(t, term.until));
      for (const s of steps) if (t >= s.at) e += s.coefficient;
      return e;
    },
    breaks,
    constantAfter,
    tailStep,
  };
}

function drawOne(spec: SurvivalSpec, ev: EventModel, inputs: PatientInputs, earlier: Record<string, EventOutcome>, u: number, followUp: number): number {
  if (ev.distribution === 'lognormal') {
    return Math.exp(ev.intercept + fixedSum(ev.terms, inputs.quantities) + ev.sigma * qnorm(u));
  }
  const path = linearPredictor(ev, inputs, earlier, spec.tumour?.toMm ?? 1);
  const cap = Number.isFinite(followUp) ? followUp : Number.isFinite(path.constantAfter) ? Infinity : MAX_SEARCH_DAYS / spec.days;
  return weibullEventTime(ev.lambda, ev.shape, path, -Math.log(u), cap);
}

/**
 * Event times of patient `patient` (0-based). `followUp` (spec time unit, Infinity = none): later
 * events are censored there (without follow-up, at 100 years). A non-finite quantity or tumour value makes every event NaN (not
 * evaluable, e.g. a failed integration).
 */
export function drawPatientEvents(spec: SurvivalSpec, inputs: PatientInputs, seed: Seed, patient: number, followUp = Infinity): Record<string, EventOutcome> {
  const out: Record<string, EventOutcome> = {};
  const bad = Object.values(inputs.quantities).some((v) => !Number.isFinite(v))
    || (inputs.tumour !== undefined && inputs.tumour.values.some((v) => !Number.isFinite(v)));
  spec.events.forEach((ev, k) => {
    if (bad) { out[ev.name] = { time: NaN, event: false }; return; }
    const t = drawOne(spec, ev, inputs, out, survivalUniform(seed, patient, k), followUp);
    const end = Number.isFinite(followUp) ? followUp : MAX_SEARCH_DAYS / spec.days;
    out[ev.name] = t <= end ? { time: t, event: true } : { time: end, event: false };
  });
  return out;
}
