/**
 * At-risk tables (against R's `summary(survfit(Surv(t, e) ~ 1), times = c(0, 5, 10, 20))$n.risk`
 * = 12, 10, 6, 3 for the data below), progression-free survival rules, and RECIST progression by a
 * new lesion.
 */
import { describe, expect, it } from 'vitest';
import { atRiskTable, atRiskTimes, progressionFree, recistEvaluate } from '../../../../engine/common/endpoints/index.js';

describe('at-risk table', () => {
  it('counts subjects with observed time ≥ τ, as R does', () => {
    const t = [5, 8, 12, 3, 20, 15, 7, 30, 9, 11, 25, 4];
    const e = [1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1];
    expect(atRiskTable(t, e, [0, 5, 10, 20]).map((r) => r.atRisk)).toEqual([12, 10, 6, 3]);
    expect(atRiskTable(t, e, [0, 5, 10, 20]).map((r) => r.events)).toEqual([0, 3, 6, 9]);
    expect(atRiskTimes(365, 91.3125)).toEqual([0, 91.3125, 182.625, 273.9375]);
  });
});

describe('progression-free survival', () => {
  it('takes the earlier of progression and death; censors at the last scan otherwise', () => {
    expect(progressionFree({ time: 84, event: true }, { time: 300, event: true })).toEqual({ time: 84, event: true });
    expect(progressionFree({ time: 84, event: true }, { time: 60, event: true })).toEqual({ time: 60, event: true });
    expect(progressionFree({ time: 168, event: false }, { time: 100, event: true })).toEqual({ time: 100, event: true });
    expect(progressionFree({ time: 168, event: false }, { time: 400, event: true })).toEqual({ time: 168, event: false });
    expect(Number.isNaN(progressionFree({ time: NaN, event: false }, { time: 1, event: true }).time)).toBe(true);
  });
});

describe('RECIST 1.1 with new lesions', () => {
  const series = [0, 42, 84, 126].map((time, k) => ({ time, sum: [80, 50, 48, 47][k] }));

  it('a new lesion makes the first assessment at or after its appearance PD', () => {
    const r = recistEvaluate(series, { newLesionTime: 60 });
    expect(r.timepoints.map((p) => p.response)).toEqual(['PR', 'PD']);
    expect(r.progression).toEqual({ time: 84, event: true });
    expect(r.best).toBe('PR');
  });

  it('without a new lesion the same series is a PR without progression', () => {
    const r = recistEvaluate(series, { newLesionTime: Infinity });
    expect(r.progression).toEqual({ time: 126, event: false });
    expect(() => recistEvaluate(series, { newLesionTime: NaN })).toThrow(RangeError);
  });
});
