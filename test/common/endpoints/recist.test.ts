import { describe, expect, it } from 'vitest';
import { recistEvaluate } from '../../../engine/common/endpoints/recist.js';
import {
  recistForPatients, recistForWeights, responseCounts, sphereDiameterMm, VOLUME_PD_INCREASE, VOLUME_PR_DECREASE,
} from '../../../engine/common/endpoints/recist-population.js';

const series = (pairs: [number, number][]) => pairs.map(([time, sum]) => ({ time, sum }));

// Rules: Eisenhauer et al., RECIST 1.1, Eur J Cancer 2009;45:228-247.
describe('RECIST 1.1 (sum of diameters)', () => {
  it('calls PR at exactly 30% below baseline, SD just above it', () => {
    expect(recistEvaluate(series([[0, 100], [42, 70]])).best).toBe('PR');
    expect(recistEvaluate(series([[0, 100], [42, 70.1]])).best).toBe('SD');
  });

  it('measures PD from the nadir, not the baseline', () => {
    // Nadir 50 at day 42; 60 is +20% and +10 mm over it → PD although still 40% below baseline.
    const r = recistEvaluate(series([[0, 100], [42, 50], [84, 60], [126, 40]]));
    expect(r.timepoints.map((p) => p.response)).toEqual(['PR', 'PD']);
    expect(r.best).toBe('PR');
    expect(r.progression).toEqual({ time: 84, event: true });
  });

  it('blocks PD on a tiny sum by the 5 mm absolute rule', () => {
    // Baseline 15, nadir 10 mm; 14 mm is +40% but only +4 mm → not PD; 15 mm (+5 mm, +50%) is PD.
    const r1 = recistEvaluate(series([[0, 15], [42, 10], [84, 14]]));
    expect(r1.timepoints.map((p) => p.response)).toEqual(['PR', 'SD']);
    expect(r1.progression.event).toBe(false);
    const r2 = recistEvaluate(series([[0, 15], [42, 10], [84, 15]]));
    expect(r2.timepoints[1].response).toBe('PD');
    // Without the absolute rule the 14 mm sum would be progression.
    expect(recistEvaluate(series([[0, 15], [42, 10], [84, 14]]), { pdAbsolute: 0 }).progression.event).toBe(true);
  });

  it('needs both criteria: +20% exactly with ≥5 mm is PD, +19% is not', () => {
    expect(recistEvaluate(series([[0, 50], [42, 60]])).timepoints[0].response).toBe('PD');
    expect(recistEvaluate(series([[0, 50], [42, 59.5]])).timepoints[0].response).toBe('SD');
  });

  it('calls CR at zero or below the detection limit, and reappearance after CR is PD', () => {
    expect(recistEvaluate(series([[0, 40], [42, 0]])).best).toBe('CR');
    expect(recistEvaluate(series([[0, 40], [42, 0.8]]), { detectionLimit: 1 }).best).toBe('CR');
    const r = recistEvaluate(series([[0, 40], [42, 0], [84, 3]]));
    expect(r.timepoints.map((p) => p.response)).toEqual(['CR', 'PD']);
    expect(r.best).toBe('CR');
  });

  it('requires confirmation ≥ 4 weeks later when asked', () => {
    // PR at day 42, confirmed at day 70 (28 days later).
    expect(recistEvaluate(series([[0, 100], [42, 60], [70, 65]]), { confirm: true }).best).toBe('PR');
    // PR at day 42 only 21 days before the next PR assessment, then SD: unconfirmed → SD.
    expect(recistEvaluate(series([[0, 100], [42, 60], [63, 65], [84, 80]]), { confirm: true }).best).toBe('SD');
    // PR then PD: unconfirmed; SD counts only if the minimum SD duration was met.
    const pd = series([[0, 100], [28, 60], [56, 80]]);
    expect(recistEvaluate(pd, { confirm: true, sdMinDuration: 42 }).best).toBe('PD');
    expect(recistEvaluate(pd, { confirm: true, sdMinDuration: 28 }).best).toBe('SD');
    // CR confirmed needs CR twice; PR then CR confirms PR only.
    expect(recistEvaluate(series([[0, 100], [42, 0], [84, 0]]), { confirm: true }).best).toBe('CR');
    expect(recistEvaluate(series([[0, 100], [42, 50], [84, 0]]), { confirm: true }).best).toBe('PR');
  });

  it('applies the minimum SD duration', () => {
    const s = series([[0, 100], [28, 95], [56, 130]]);
    expect(recistEvaluate(s, { sdMinDuration: 42 }).best).toBe('PD');
    expect(recistEvaluate(s, { sdMinDuration: 28 }).best).toBe('SD');
    expect(recistEvaluate(series([[0, 100]])).best).toBe('NE');
  });

  it('censors time to progression at the last assessment', () => {
    expect(recistEvaluate(series([[7, 100], [49, 90], [91, 95]])).progression).toEqual({ time: 84, event: false });
  });

  it('rejects unsorted or non-finite series', () => {
    expect(() => recistEvaluate(series([[0, 10], [0, 12]]))).toThrow(RangeError);
    expect(() => recistEvaluate(series([[0, 10], [42, NaN]]))).toThrow(RangeError);
  });
});

describe('RECIST over patients and for tumour weights', () => {
  it('evaluates columns of value_at summaries and marks failed patients NE', () => {
    const times = [0, 42, 84];
    const cols = [new Float64Array([100, 100, 100]), new Float64Array([60, 110, NaN]), new Float64Array([65, 125, 90])];
    const r = recistForPatients(times, cols);
    // Patient 1: SD at day 42 (+10%), PD at day 84 (+25% and +25 mm over the nadir 100) → best SD.
    expect(r.best).toEqual(['PR', 'SD', 'NE']);
    expect(recistForPatients(times, cols, { sdMinDuration: 43 }).best[1]).toBe('PD');
    expect(Array.from(r.ttp.slice(0, 2))).toEqual([84, 84]);
    expect(Array.from(r.progressed.slice(0, 2))).toEqual([0, 1]);
    expect(Number.isNaN(r.ttp[2])).toBe(true);
    expect(responseCounts(r.best)).toEqual({ CR: 0, PR: 1, SD: 1, PD: 0, NE: 1, objective: 1, evaluable: 2 });
  });

  it('uses the cube-law volume thresholds (−65.7% PR, +72.8% PD)', () => {
    expect(VOLUME_PR_DECREASE).toBeCloseTo(0.657, 12);
    expect(VOLUME_PD_INCREASE).toBeCloseTo(0.728, 12);
    // 1 g sphere: d = 10·(6/π)^(1/3) mm ≈ 12.41 mm.
    expect(sphereDiameterMm(1)).toBeCloseTo(12.407, 3);
    const t = [0, 42];
    const pr = recistForWeights(t, [new Float64Array([10, 10]), new Float64Array([10 * 0.343, 10 * 0.35])]);
    expect(pr.best).toEqual(['PR', 'SD']);
    const pd = recistForWeights(t, [new Float64Array([10, 10]), new Float64Array([17.28, 17.1])]);
    expect(pd.best).toEqual(['PD', 'SD']);
  });
});
