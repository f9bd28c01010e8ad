/**
 * Endpoint integration on constructed per-patient summaries (what a backend returns), with values
 * worked out by hand: CTCAE v5.0 grade cut-offs (< 2.0 LLN, < 1.5, < 1.0, < 0.5 ×10⁹/L), RECIST 1.1
 * (PR ≤ −30% of baseline, PD ≥ +20% and ≥ 5 mm over the nadir), Kaplan–Meier products and Wilson
 * 95% intervals (Newcombe 1998, Stat Med 17:857, method 3; e.g. 2/5 → 0.1176–0.7693).
 */
import { describe, expect, it } from 'vitest';
import { computeEndpoints } from '../../../engine/common/endpoints/clinical-endpoints.js';
import type { RegimenResult } from '../../../engine/common/results.js';
import type { EndpointsSpec } from '../../../engine/common/endpoints/endpoint-specs.js';

function regimen(name: string, cols: Record<string, number[]>, failed: number[]): RegimenResult {
  return {
    name, failed: Uint8Array.from(failed), steps: new Uint32Array(failed.length), quantiles: [],
    summaries: Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
  };
}

const spec: EndpointsSpec = {
  neutropenia: { output: 'ANC', lln: 2.0, toGiga: 1, cycles: 2 },
  recist: { output: 'SLD', measure: 'diameter', factor: 1, times: [0, 42, 84], confirm: false, sdMin: 0, dayLength: 1 },
};

// Patients: grades 4, 3, 2, 1, 0 and one failed integration (NaN everywhere, failed = 1).
const A = regimen('A', {
  'neutropenia.nadir': [0.4, 0.8, 1.2, 1.8, 2.5, NaN],
  'neutropenia.nadir.time': [7, 8, 9, 10, 11, NaN],
  'neutropenia.g3_time': [5, 2, 0, 0, 0, NaN],
  'neutropenia.g4_time': [3, 0, 0, 0, 0, NaN],
  // Cycle 2: patient 5 never reached it (NaN nadir) and is left out of that cycle's n.
  'neutropenia.nadir.c1': [0.4, 1.2, 1.2, 1.8, 2.5, NaN],
  'neutropenia.nadir.c2': [0.6, 0.8, 1.5, 1.9, NaN, NaN],
  // RECIST: PR (−40%), SD then PD at day 84 (110 ≥ 1.2·90 and +20 mm), PD at day 42, CR, (NE), (NE).
  'recist.0': [100, 100, 100, 50, 80, NaN],
  'recist.1': [60, 90, 130, 0, 80, NaN],
  'recist.2': [50, 110, 140, 0, NaN, NaN],
}, [0, 0, 0, 0, 0, 1]);
// The same patients under a second regimen: patient 0 drops to grade 2, patient 2 responds (PR).
const B = regimen('B', {
  ...Object.fromEntries(Object.entries(A.summaries).map(([k, v]) => [k, Array.from(v)])),
  'neutropenia.nadir': [1.2, 0.8, 1.2, 1.8, 2.5, NaN],
  'recist.1': [60, 90, 65, 0, 80, NaN],
  'recist.2': [50, 110, 60, 0, NaN, NaN],
}, [0, 0, 0, 0, 0, 1]);

describe('computeEndpoints', () => {
  const e = computeEndpoints(spec, [A, B]);

  it('grades neutropenia per patient, overall and per cycle, with Wilson intervals', () => {
    const n = e.neutropenia!.regimens[0];
    expect(Array.from(n.patientWorstGrade)).toEqual([4, 3, 2, 1, 0, NaN]);
    expect(n.worstGrade).toEqual([1, 1, 1, 1, 1]);
    expect(n.grade3plus).toMatchObject({ count: 2, n: 5, p: 0.4 });
    expect(n.grade3plus.lo).toBeCloseTo(0.1176208, 6);
    expect(n.grade3plus.hi).toBeCloseTo(0.7692757, 6);
    expect(n.grade4).toMatchObject({ count: 1, n: 5 });
    expect(n.perCycle.map((c) => [c.cycle, c.grade3plus.count, c.grade3plus.n, c.grade4.count])).toEqual([[1, 1, 5, 1], [2, 2, 4, 0]]);
    expect(n.timeToNadir).toMatchObject({ n: 5, mean: 9 });
    expect(n.durationGrade3plus.mean).toBeCloseTo(7 / 5, 12);
    expect(n.durationGrade4.mean).toBeCloseTo(3 / 5, 12);
  });

  it('pairs the neutropenia rates on the same patients', () => {
    const c = e.neutropenia!.comparisons[0];
    expect(c).toMatchObject({ a: 'A', b: 'B' });
    expect(c.grade4.diff).toBeCloseTo(-0.2, 12); // patient 0 leaves grade 4
    expect(c.grade3plus.diff).toBeCloseTo(-0.2, 12);
    expect(c.grade4.lo).toBeLessThan(c.grade4.diff);
    expect(c.grade4.hi).toBeGreaterThan(c.grade4.diff);
  });

  it('RECIST best response, ORR, DCR and the progression-free Kaplan–Meier curve', () => {
    const r = e.recist!.regimens[0];
    expect(r.patientBest).toEqual(['PR', 'SD', 'PD', 'CR', 'NE', 'NE']);
    expect(r.best).toEqual({ CR: 1, PR: 1, SD: 1, PD: 1, NE: 2 });
    expect(r.orr).toMatchObject({ count: 2, n: 4, p: 0.5 });
    expect(r.orr.lo).toBeCloseTo(0.1500390, 6);
    expect(r.dcr).toMatchObject({ count: 3, n: 4, p: 0.75 });
    expect(Array.from(r.patientTtp)).toEqual([84, 84, 42, 84, NaN, NaN]);
    expect(Array.from(r.patientProgressed)).toEqual([0, 1, 1, 0, NaN, NaN]);
    // S(42) = 3/4; S(84) = 3/4 · (1 − 1/3) = 1/2 (3 at risk, 1 event, 2 censored) → median 84.
    expect(r.progressionFree.time).toEqual([42, 84]);
    expect(r.progressionFree.survival[0]).toBeCloseTo(0.75, 12);
    expect(r.progressionFree.survival[1]).toBeCloseTo(0.5, 12);
    expect(r.ttpMedian.median).toBe(84);
  });

  it('pairs ORR and DCR against the first regimen', () => {
    const rb = e.recist!.regimens[1];
    expect(rb.patientBest.slice(0, 4)).toEqual(['PR', 'SD', 'PR', 'CR']);
    const c = e.recist!.comparisons[0];
    expect(c.orr.diff).toBeCloseTo(0.25, 12);
    expect(c.dcr.diff).toBeCloseTo(0.25, 12);
    expect(c.orr.n).toBe(4);
  });

  it('volume measure: a weight is a sphere diameter (−65.7% volume is PR)', () => {
    const v = computeEndpoints({ recist: { ...spec.recist!, measure: 'volume', times: [0, 42] } },
      [regimen('V', { 'recist.0': [10, 10], 'recist.1': [3.4, 3.5] }, [0, 0])]);
    // 0.7³ = 0.343: 3.4 g is below 34.3% of baseline (PR), 3.5 g is not (SD).
    expect(v.recist!.regimens[0].patientBest).toEqual(['PR', 'SD']);
  });
});
