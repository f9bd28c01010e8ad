import { describe, expect, it } from 'vitest';
import type { RegimenResult } from '../../../engine/common/results.js';
import { describe as describeStats, quantileSorted } from '../../../engine/common/stats/describe.js';
import { compareRegimens, summarizeRegimen } from '../../../engine/common/stats/summarize.js';

function regimen(name: string, nadir: number[], failed: number[]): RegimenResult {
  return {
    name,
    summaries: { anc_nadir: new Float64Array(nadir) },
    failed: new Uint8Array(failed),
    steps: new Uint32Array(nadir.length),
    quantiles: [],
  };
}

describe('descriptive statistics', () => {
  it('type-7 quantiles match R quantile(1:10)', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // R: quantile(1:10, c(.05, .25, .5, .75, .95)) = 1.45 3.25 5.50 7.75 9.55
    expect([0.05, 0.25, 0.5, 0.75, 0.95].map((p) => quantileSorted(s, p))).toEqual(
      [1.45, 3.25, 5.5, 7.75, 9.55].map((v) => expect.closeTo(v, 12)),
    );
  });
  it('ignores non-finite values and uses the n − 1 standard deviation', () => {
    const d = describeStats([2, 4, NaN, 4, 4, 5, 5, 7, 9, Infinity], [0.5]);
    expect(d.n).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(d.quantiles[0]).toBe(4.5);
  });
});

describe('summarizeRegimen / compareRegimens', () => {
  // Patient 4 failed under A (its NaN summary must not count); patient 5 has a NaN summary under B.
  const a = regimen('A', [0.3, 0.4, 1.2, 2.0, NaN, 0.45], [0, 0, 0, 0, 3, 0]);
  const b = regimen('B', [0.8, 0.45, 1.5, 2.2, 1.0, NaN], [0, 0, 0, 0, 0, 0]);
  const spec = { summaries: [{ name: 'anc_nadir', unit: '1e9/L' }], events: [{ name: 'grade4', summary: 'anc_nadir', below: 0.5 }], probs: [0.5] };

  it('counts events over evaluable patients with a Wilson interval and tallies failures', () => {
    const r = summarizeRegimen(a, spec);
    expect(r.events.grade4.count).toBe(3);
    expect(r.events.grade4.n).toBe(5);
    expect(r.events.grade4.lo).toBeLessThan(0.6);
    expect(r.summaries.anc_nadir.n).toBe(5);
    expect(r.summaries.anc_nadir.quantiles[0]).toBe(0.45);
    expect(r.failures).toEqual({ total: 1, byCode: { tooManySteps: 1 } });
  });

  it('pairs only patients evaluable under both regimens', () => {
    const c = compareRegimens(a, b, spec);
    // Pairs 0..3: A events {0,1}, B events {1} → diff = (1 − 2)/4.
    expect(c.events.grade4.n).toBe(4);
    expect(c.events.grade4.diff).toBeCloseTo(-0.25, 12);
    expect(c.summaries.anc_nadir.n).toBe(4);
    expect(c.summaries.anc_nadir.meanDiff).toBeCloseTo((0.5 + 0.05 + 0.3 + 0.2) / 4, 12);
    expect(c.a).toBe('A');
    expect(c.b).toBe('B');
  });

  it('names a missing summary in its error', () => {
    expect(() => summarizeRegimen(a, { ...spec, summaries: [{ name: 'auc', unit: 'mg/L*h' }] })).toThrow(/no summary 'auc'/);
  });
});

describe('names that are built-in object properties', () => {
  it('a summary and an event named __proto__ or constructor are kept, not lost in the prototype', () => {
    const raw = (name: string): RegimenResult => ({
      name, failed: new Uint8Array(2), steps: new Uint32Array(2), quantiles: [],
      summaries: Object.defineProperty({ constructor: new Float64Array([1, 2]) }, '__proto__', { value: new Float64Array([3, 4]), enumerable: true }) as RegimenResult['summaries'],
    });
    const spec = {
      summaries: [{ name: '__proto__', unit: '1' }, { name: 'constructor', unit: '1' }],
      events: [{ name: '__proto__', summary: '__proto__', above: 3.5 }, { name: 'toString', summary: 'constructor', below: 1.5 }],
      probs: [0.5],
    };
    const r = summarizeRegimen(raw('A'), spec);
    expect(Object.keys(r.summaries)).toEqual(['__proto__', 'constructor']);
    expect(r.summaries.__proto__.mean).toBe(3.5);
    expect(Object.keys(r.events)).toEqual(['__proto__', 'toString']);
    expect(r.events[String('toString')].count).toBe(1);
    const c = compareRegimens(raw('A'), raw('B'), spec);
    expect(Object.keys(c.summaries)).toEqual(['__proto__', 'constructor']);
    expect(Object.keys(c.events)).toEqual(['__proto__', 'toString']);
  });

  it('a summary the backend did not produce is an error, even when its name is a built-in property', () => {
    const raw: RegimenResult = { name: 'A', failed: new Uint8Array(1), steps: new Uint32Array(1), quantiles: [], summaries: {} };
    expect(() => summarizeRegimen(raw, { summaries: [{ name: 'constructor', unit: '1' }], events: [], probs: [0.5] })).toThrow(/no summary 'constructor'/);
  });
});
