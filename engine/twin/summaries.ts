/**
 * Posterior summaries of the random effects and of the individual parameters they act on (CL, MTT
 * …, in the model file's units), from the weighted posterior sample: mean, SD, median and the
 * central 90% credible interval, beside the MAP estimate and its standard error.
 */
import { evalAssigns } from '../common/ir-eval.js';
import type { ModelIR } from '../common/ir.js';
import { internalUnit } from '../common/units/quantity.js';
import type { MapEstimate } from './map.js';
import type { TwinProblem } from './problem.js';
import type { WeightedSample } from './sir.js';

export interface ParameterSummary {
  name: string;
  kind: 'random effect' | 'individual parameter';
  unit: string;
  map: number;
  /** Standard error of the MAP estimate (random effects only). */
  se?: number;
  mean: number;
  sd: number;
  median: number;
  /** Central 90% credible interval. */
  lo: number;
  hi: number;
}

/** Weighted quantile (inverse of the weighted empirical CDF) of values with normalised weights. */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, prob: number): number {
  const idx = Array.from({ length: values.length }, (_, i) => i).filter((i) => weights[i] > 0 && Number.isFinite(values[i]));
  idx.sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const i of idx) total += weights[i];
  let cum = 0;
  for (const i of idx) {
    cum += weights[i];
    if (cum >= prob * total) return values[i];
  }
  return idx.length ? values[idx[idx.length - 1]] : NaN;
}

function summarise(values: Float64Array, w: Float64Array): Omit<ParameterSummary, 'name' | 'kind' | 'unit' | 'map'> {
  let m = 0, s2 = 0, tw = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) { m += w[i] * values[i]; tw += w[i]; }
  m /= tw;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) s2 += w[i] * (values[i] - m) ** 2;
  return { mean: m, sd: Math.sqrt(s2 / tw), median: weightedQuantile(values, w, 0.5), lo: weightedQuantile(values, w, 0.05), hi: weightedQuantile(values, w, 0.95) };
}

/** Name of the individual parameter a model eta acts on: `pk.eta.CLI` → `pk.CLI`. */
export const parameterOfEta = (eta: string): string => eta.replace(/(^|\.)eta\.([^.]+)$/, '$1$2');

/** Individual parameters (model-file units) for random effects `eta` (order of problem.estimated). */
export function individualParameters(problem: TwinProblem, eta: ArrayLike<number>): Map<string, number> {
  const { model } = problem;
  const values = new Map<string, number>(model.params.map((p) => [p.name, p.value]));
  evalAssigns(problem.patient, values);
  model.variability.etas.forEach((name, i) => { const k = problem.estimated.indexOf(i); values.set(name, k < 0 ? 0 : eta[k]); });
  evalAssigns(model.individual, values);
  const out = new Map<string, number>();
  for (const a of model.individual) out.set(a.name, values.get(a.name)! / unitFactor(model, a.name));
  return out;
}

function unitFactor(model: ModelIR, individual: string): number {
  const tv = model.params.find((p) => p.name === individual.replace(/^(.*\.)?([^.]+)$/, '$1tv.$2'));
  return tv ? internalUnit(tv.unit, model.timeUnit).factor : 1;
}

export function parameterSummaries(problem: TwinProblem, map: MapEstimate, sample: WeightedSample): ParameterSummary[] {
  const p = problem.estimated.length;
  const etaNames = problem.estimated.map((i) => problem.model.variability.etas[i]);
  const out: ParameterSummary[] = [];
  etaNames.forEach((name, k) => {
    const v = new Float64Array(sample.n);
    for (let i = 0; i < sample.n; i++) v[i] = sample.etas[i * p + k];
    out.push({ name, kind: 'random effect', unit: '1', map: map.eta[k], se: map.se[k], ...summarise(v, sample.weights) });
  });
  const params = etaNames.map(parameterOfEta).filter((n) => problem.model.individual.some((a) => a.name === n));
  const atMap = individualParameters(problem, map.eta);
  const cols = params.map(() => new Float64Array(sample.n));
  for (let i = 0; i < sample.n; i++) {
    const ind = individualParameters(problem, sample.etas.subarray(i * p, i * p + p));
    params.forEach((n, k) => { cols[k][i] = ind.get(n)!; });
  }
  params.forEach((name, k) => {
    const tv = problem.model.params.find((q) => q.name === name.replace(/^(.*\.)?([^.]+)$/, '$1tv.$2'));
    out.push({ name, kind: 'individual parameter', unit: tv?.unit ?? '1', map: atMap.get(name)!, ...summarise(cols[k], sample.weights) });
  });
  return out;
}
