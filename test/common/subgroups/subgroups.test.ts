/**
 * Subgroup results computed on the host: grouping (levels, distinct values, bands, crosses), rates
 * and means per group against hand counts, paired differences, and the validity-domain check.
 */
import { describe, expect, it } from 'vitest';
import type { PopulationSymbol } from '../../../engine/common/population/build-population.js';
import type { SubgroupSpec } from '../../../engine/common/population/genotype-spec.js';
import type { RegimenResult } from '../../../engine/common/results.js';
import { subgroupRows } from '../../../engine/common/stats/subgroup-stats.js';
import { eventFlags } from '../../../engine/common/stats/summarize.js';
import { wilsonInterval } from '../../../engine/common/stats/wilson.js';
import { groupPatients } from '../../../engine/common/subgroups/group-patients.js';
import { checkValidity } from '../../../engine/common/subgroups/validity-check.js';
import { DIM } from '../../../engine/common/units/dimension.js';
import { internalUnit } from '../../../engine/common/units/quantity.js';

const pos = { file: 's.yaml', line: 1, col: 1 };
const KG = internalUnit('kg', 'h');
const symbols = new Map<string, PopulationSymbol>([
  ['GROUP', { name: 'GROUP', unit: '1', factor: 1, dims: DIM.none, levels: ['A', 'B'] }],
  ['AS', { name: 'AS', unit: '1', factor: 1, dims: DIM.none }],
  ['WT', { name: 'WT', unit: 'kg', factor: KG.factor, dims: KG.dim }],
]);
// Eight patients: group, activity score, weight (kg).
const patients = {
  GROUP: Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
  AS: Float64Array.from([2, 2, 1.5, 1, 2, 2, 2, 0.5]),
  WT: Float64Array.from([50, 60, 70, 80, 90, 100, 110, 45]),
};
const spec = (...axes: (string | { covariate: string; cuts: number[] })[]): SubgroupSpec => ({
  axes: axes.map((a) => (typeof a === 'string' ? { covariate: a, pos } : { ...a, pos })), pos,
});

function regimen(name: string, auc: number[], failed: number[] = []): RegimenResult {
  const f = new Uint8Array(auc.length);
  for (const i of failed) f[i] = 1;
  return { name, summaries: { auc: Float64Array.from(auc) }, failed: f, steps: new Uint32Array(auc.length), quantiles: [] };
}

describe('grouping patients', () => {
  it('levels, distinct values, bands and crosses (first axis slowest)', () => {
    expect(groupPatients(spec('GROUP'), patients, symbols)).toEqual({ groupOf: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), labels: [['A'], ['B']] });
    expect(groupPatients(spec('AS'), patients, symbols)).toEqual({
      groupOf: Int32Array.from([3, 3, 2, 1, 3, 3, 3, 0]), labels: [['AS = 0.5'], ['AS = 1'], ['AS = 1.5'], ['AS = 2']],
    });
    expect(groupPatients(spec({ covariate: 'WT', cuts: [60, 100] }), patients, symbols)).toEqual({
      groupOf: Int32Array.from([0, 1, 1, 1, 1, 2, 2, 0]), labels: [['WT < 60 kg'], ['60 ≤ WT < 100 kg'], ['WT ≥ 100 kg']],
    });
    const cross = groupPatients(spec('GROUP', { covariate: 'WT', cuts: [75] }), patients, symbols);
    expect(cross).toEqual({ groupOf: Int32Array.from([0, 0, 0, 1, 3, 3, 3, 2]), labels: [['A', 'WT < 75 kg'], ['A', 'WT ≥ 75 kg'], ['B', 'WT < 75 kg'], ['B', 'WT ≥ 75 kg']] });
  });

  it('a value with too many distinct values, or not reported, gives a note instead of groups', () => {
    expect(groupPatients(spec('WT'), { WT: Float64Array.from({ length: 30 }, (_, i) => i) }, symbols)).toBe('WT takes more than 20 distinct values: give cuts');
    expect(groupPatients(spec('AGE'), patients, symbols)).toBe('AGE is not reported per patient');
  });
});

describe('rates, means and paired differences per group', () => {
  const standard = regimen('standard', [10, 20, 30, 40, 50, 60, 70, 80], [2]);
  const guided = regimen('guided', [10, 20, 15, 20, 50, 60, 70, 0]);
  const over = { name: 'over', summary: 'auc', above: 35 };
  const events = [{ name: 'over', flags: [standard, guided].map((r) => eventFlags(r, over)) }];
  const grouped = groupPatients(spec('GROUP'), patients, symbols);
  if (typeof grouped === 'string') throw new Error(grouped);
  const outside = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]);
  const rows = subgroupRows(grouped, [standard, guided], events, ['auc'], outside);

  it('counts each group\'s events over its evaluable patients (failed ones left out)', () => {
    expect(rows.map((r) => [r.label, r.n])).toEqual([['A', 4], ['B', 4]]);
    // Group A, standard: patients 0, 1, 3 evaluable (2 failed); only patient 3 (40) is above 35.
    expect(rows[0].regimens[0]).toMatchObject({ name: 'standard', failed: 1, events: { over: wilsonInterval(1, 3) } });
    expect(rows[0].regimens[1].events.over).toEqual(wilsonInterval(0, 4));
    expect(rows[1].regimens[0].events.over).toEqual(wilsonInterval(4, 4));
    expect(rows[1].regimens[1].events.over).toEqual(wilsonInterval(3, 4));
  });

  it('means with a Student t interval', () => {
    const m = rows[0].regimens[0].summaries.auc;
    expect(m.n).toBe(3);
    expect(m.mean).toBeCloseTo(70 / 3, 12);
    // sd of (10, 20, 40) = 15.275; t(0.975, 2) = 4.3027.
    expect(m.hi - m.mean).toBeCloseTo(4.302653 * 15.27525 / Math.sqrt(3), 4);
  });

  it('pairs each regimen with the first on the group\'s patients, and gives the share outside the domain', () => {
    expect(rows[1].comparisons[0]).toMatchObject({ a: 'standard', b: 'guided', events: { over: { diff: -0.25, n: 4 } } });
    expect(rows[0].comparisons[0].events.over).toMatchObject({ diff: -1 / 3, n: 3 });
    expect(rows[1].outside).toEqual(wilsonInterval(1, 4));
    expect(rows[0].outside).toEqual(wilsonInterval(0, 4));
  });
});

describe('validity domain against the virtual patients', () => {
  const domain = {
    model: 'm', file: 'm.yaml', n: 46, tumourTypes: ['CRC'], genotypes: [], notReported: ['age range'], doseRanges: [],
    covariates: [
      { name: 'AS', min: 1, max: 2, unit: '1' },
      { name: 'WT', min: 0.05, unit: 't' },                  // a tonne-denominated bound: 50 kg
      { name: 'CRCL', min: 30, unit: 'mL/min' },             // not in this population
      { name: 'GROUP', levels: ['A'], unit: '1' },
    ],
    ancestry: { covariate: 'ANCESTRY', composition: { NFE: 1 } },
  };

  it('flags patients outside any checkable criterion, in internal units, bounds inclusive', () => {
    const { report, outside } = checkValidity([domain], patients, symbols, 'h', 8);
    expect(Array.from(outside!)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    const c = report.domains[0].criteria;
    expect(c.map((x) => [x.text, x.outside])).toEqual([
      ['AS 1–2', 1], ['WT ≥ 0.05 t', 1], ['CRCL ≥ 30 mL/min', undefined], ['GROUP in A', 4], ['ANCESTRY in NFE (composition: NFE 100%)', undefined],
    ]);
    expect(c[2].reason).toBe('the scenario does not define CRCL');
    expect(c[4].reason).toBe('the scenario has no categorical ANCESTRY');
    expect(report.outside).toEqual(wilsonInterval(4, 8));
  });

  it('nothing checkable: the share is not assessable, not zero', () => {
    const { report, outside } = checkValidity([{ ...domain, covariates: [domain.covariates[2]], ancestry: undefined }], patients, symbols, 'h', 8);
    expect(outside).toBeUndefined();
    expect(report.outside).toBeUndefined();
  });
});
