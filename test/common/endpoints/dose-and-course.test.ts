import { describe, expect, it } from 'vitest';
import { relativeDoseIntensity, relativeDoseIntensityFromDoses } from '../../../engine/common/endpoints/dose-intensity.js';
import { firstTimeBelow, interpolate, nadir, timeBelow } from '../../../engine/common/endpoints/time-course.js';

describe('relative dose intensity', () => {
  it('is delivered/planned without delays', () => {
    expect(relativeDoseIntensity({ planned: 600, delivered: 450, plannedDuration: 126 })).toBeCloseTo(0.75, 12);
  });
  it('is lowered by delays: full dose over 147 instead of 126 days', () => {
    expect(relativeDoseIntensity({ planned: 600, delivered: 600, plannedDuration: 126, actualDuration: 147 })).toBeCloseTo(126 / 147, 12);
  });
  it('sums per-dose lists, a held dose being 0', () => {
    expect(relativeDoseIntensityFromDoses([135, 135, 135, 135], [135, 135, 0, 101], 84)).toBeCloseTo(371 / 540, 12);
    expect(Number.isNaN(relativeDoseIntensity({ planned: 0, delivered: 0, plannedDuration: 21 }))).toBe(true);
  });
});

describe('time-course endpoints (linear interpolation)', () => {
  // A V-shaped ANC course: 5 at day 0, 0 at day 10, 5 at day 20.
  const t = [0, 10, 20];
  const y = [5, 0, 5];
  it('finds the nadir and its time, also inside a window', () => {
    expect(nadir(t, y)).toEqual({ value: 0, time: 10 });
    expect(nadir(t, y, 12, 20)).toEqual({ value: 1, time: 12 });
  });
  it('integrates time below a threshold exactly for piecewise-linear courses', () => {
    // Below 0.5 between days 9 and 11; below 1.0 between days 8 and 12.
    expect(timeBelow(t, y, 0.5)).toBeCloseTo(2, 12);
    expect(timeBelow(t, y, 1.0)).toBeCloseTo(4, 12);
    expect(timeBelow(t, y, 10)).toBeCloseTo(20, 12);
    expect(timeBelow(t, y, 0)).toBe(0);
  });
  it('locates the first crossing and interpolates', () => {
    expect(firstTimeBelow(t, y, 1.0)).toBeCloseTo(8, 12);
    expect(Number.isNaN(firstTimeBelow(t, y, -1))).toBe(true);
    expect(interpolate(t, y, 15)).toBeCloseTo(2.5, 12);
    expect(() => timeBelow([0, 0], [1, 1], 1)).toThrow(RangeError);
  });
});
