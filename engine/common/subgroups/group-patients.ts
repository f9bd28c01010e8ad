/**
 * Patients → groups of one subgroup declaration (`population.subgroups`): a categorical covariate's
 * levels, a discrete value's distinct values (genotypes, activity scores, 0/1 flags), bands between
 * cuts, or the cross of several such axes. Values are the per-patient values of ScenarioResult.patients
 * (the units the scenario wrote), so cuts compare in those units.
 */
import type { PopulationSymbol } from '../population/build-population.js';
import type { SubgroupAxis, SubgroupSpec } from '../population/genotype-spec.js';
import type { GroupedPatients } from '../stats/subgroup-stats.js';

/** More distinct values than this on an axis without cuts: the axis asks for cuts instead. */
export const MAX_DISTINCT_VALUES = 20;

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/** One axis: each patient's class index (−1: no value) and the class labels. */
interface AxisClasses {
  classOf: Int32Array;
  labels: string[];
}

function axisClasses(axis: SubgroupAxis, values: Float64Array, symbol: PopulationSymbol): AxisClasses | string {
  const n = values.length;
  const classOf = new Int32Array(n).fill(-1);
  const unit = symbol.unit && symbol.unit !== '1' ? ` ${symbol.unit}` : '';
  if (symbol.levels) {
    for (let i = 0; i < n; i++) if (values[i] >= 0 && values[i] < symbol.levels.length) classOf[i] = values[i];
    return { classOf, labels: [...symbol.levels] };
  }
  if (axis.cuts) {
    const c = axis.cuts;
    const labels = [`${axis.covariate} < ${fmt(c[0])}${unit}`];
    for (let k = 1; k < c.length; k++) labels.push(`${fmt(c[k - 1])} ≤ ${axis.covariate} < ${fmt(c[k])}${unit}`);
    labels.push(`${axis.covariate} ≥ ${fmt(c[c.length - 1])}${unit}`);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      let k = 0;
      while (k < c.length && v >= c[k]) k++;
      classOf[i] = k;
    }
    return { classOf, labels };
  }
  const distinct = [...new Set(Array.from(values).filter(Number.isFinite))].sort((a, b) => a - b);
  if (distinct.length > MAX_DISTINCT_VALUES) return `${axis.covariate} takes more than ${MAX_DISTINCT_VALUES} distinct values: give cuts`;
  const index = new Map(distinct.map((v, k) => [v, k]));
  for (let i = 0; i < n; i++) classOf[i] = index.get(values[i]) ?? -1;
  return { classOf, labels: distinct.map((v) => `${axis.covariate} = ${fmt(v)}${unit}`) };
}

/** The groups of one declaration, or why it has none. */
export function groupPatients(spec: SubgroupSpec, patients: Record<string, Float64Array>, symbols: ReadonlyMap<string, PopulationSymbol>): GroupedPatients | string {
  const axes: AxisClasses[] = [];
  for (const axis of spec.axes) {
    const values = Object.hasOwn(patients, axis.covariate) ? patients[axis.covariate] : undefined;
    const symbol = symbols.get(axis.covariate);
    if (!values || !symbol) return `${axis.covariate} is not reported per patient`;
    const a = axisClasses(axis, values, symbol);
    if (typeof a === 'string') return a;
    axes.push(a);
  }
  // Mixed-radix group index over the axes, in axis order (first axis varies slowest).
  const sizes = axes.map((a) => a.labels.length);
  const total = sizes.reduce((p, s) => p * s, 1);
  const labels: string[][] = [];
  for (let g = 0; g < total; g++) {
    let rest = g;
    const parts: string[] = [];
    for (let k = axes.length - 1; k >= 0; k--) { parts.unshift(axes[k].labels[rest % sizes[k]]); rest = Math.floor(rest / sizes[k]); }
    labels.push(parts);
  }
  const n = axes[0]?.classOf.length ?? 0;
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let g = 0;
    for (let k = 0; k < axes.length; k++) {
      const c = axes[k].classOf[i];
      if (c < 0) { g = -1; break; }
      g = g * sizes[k] + c;
    }
    groupOf[i] = g;
  }
  return { groupOf, labels };
}
