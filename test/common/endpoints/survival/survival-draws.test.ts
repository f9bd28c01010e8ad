/**
 * Survival draws: their own RNG stream (never the population's), the tumour-ratio path, and one
 * patient's events under a two-event Weibull model and a log-normal model, against hand computation.
 */
import { describe, expect, it } from 'vitest';
import { drawPatientEvents, survivalUniform, tumourRatio, type SurvivalSpec } from '../../../../engine/common/endpoints/index.js';
import { sizeProgressionTime } from '../../../../engine/common/endpoints/survival/draw-events.js';
import { ir } from '../../../../engine/common/ir.js';
import { qnorm, uniform } from '../../../../engine/common/rng/index.js';

const seed = { lo: 20261122, hi: 0 };
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('survival uniforms', () => {
  it('are deterministic, in (0, 1), and differ from the population stream of the same (seed, patient, index)', () => {
    for (let i = 0; i < 50; i++) {
      for (let k = 0; k < 6; k++) {
        const u = survivalUniform(seed, i, k);
        expect(u).toBe(survivalUniform(seed, i, k));
        expect(u > 0 && u < 1).toBe(true);
        expect(u).not.toBe(uniform(seed, i, k));
      }
    }
  });
});

describe('tumour ratio path', () => {
  it('is exact for exponential segments and extrapolates the last log-slope', () => {
    const s = (t: number) => (t <= 63 ? 80 * Math.exp(-0.004 * t) : 80 * Math.exp(-0.004 * 63 + 0.001 * (t - 63)));
    const times = [0, 21, 42, 63, 84];
    const r = tumourRatio({ times, values: times.map(s) });
    for (const t of [0, 10, 50, 70, 84, 200]) expect(Math.abs(r(t) - (s(t) / 80 - 1))).toBeLessThan(1e-12);
  });

  it('rejects samples it cannot interpolate', () => {
    expect(() => tumourRatio({ times: [0], values: [1] })).toThrow(RangeError);
    expect(() => tumourRatio({ times: [1, 2], values: [1, 1] })).toThrow(RangeError);
    expect(() => tumourRatio({ times: [0, 7], values: [0, 1] })).toThrow(RangeError);
    expect(tumourRatio({ times: [0, 7], values: [1, -1e-6] })(7)).toBeCloseTo(-1, 8);
  });
});

/** A Zecchin-shaped model: new lesions (Weibull, current tumour ratio), death (Weibull, frozen ratio, new-lesion step, fixed term). */
const SPEC: SurvivalSpec = {
  id: 'test', title: 'test', timeUnit: 'd', days: 1,
  quantities: [{ name: 'SLD0', unit: 'mm', source: { kind: 'output_at', output: 'SLD', time: 0, factor: 1 } }],
  tumour: { output: 'SLD', every: 7, toMm: 1 },
  events: [
    { name: 'new_lesion', distribution: 'weibull', lambda: 0.0049, shape: 2.67, terms: [{ kind: 'tumour_ratio', coefficient: 1.22, until: Infinity }] },
    { name: 'death', distribution: 'weibull', lambda: 0.001183, shape: 2.004, terms: [
      { kind: 'fixed', coefficient: 0.2084, expr: ir.op('/', ir.ref('SLD0'), ir.num(70)), text: 'SLD0 / 70' },
      { kind: 'tumour_ratio', coefficient: 0.9036, until: 84 },
      { kind: 'event', coefficient: 1.23, event: 'new_lesion' },
    ] },
  ],
  overallSurvival: 'death', newLesions: 'new_lesion',
};

describe('one patient under a two-event Weibull model', () => {
  // Unchanged tumour (ratio 0): new lesions are a plain Weibull, death a Weibull with a step at T_NL.
  const flat = { quantities: { SLD0: 70 }, tumour: { times: [0, 7, 14], values: [70, 70, 70] } };

  it('new-lesion time inverts −ln U₀ = (λt)^α', () => {
    const o = drawPatientEvents(SPEC, flat, seed, 3);
    const e = -Math.log(survivalUniform(seed, 3, 0));
    expect(rel(o.new_lesion.time, e ** (1 / 2.67) / 0.0049)).toBeLessThan(1e-11);
    expect(o.new_lesion.event).toBe(true);
  });

  it('death time solves H(T) = −ln U₁ with the step at the new-lesion time', () => {
    const o = drawPatientEvents(SPEC, flat, seed, 3);
    const tnl = o.new_lesion.time, l = 0.001183, a = 2.004, c = Math.exp(0.2084);
    const H = (t: number) => c * ((l * Math.min(t, tnl)) ** a + (t > tnl ? Math.exp(1.23) * ((l * t) ** a - (l * tnl) ** a) : 0));
    expect(rel(H(o.death.time), -Math.log(survivalUniform(seed, 3, 1)))).toBeLessThan(1e-11);
  });

  it('censors at follow-up and marks failed patients not evaluable', () => {
    const o = drawPatientEvents(SPEC, flat, seed, 3, 10);
    expect(o.death).toEqual({ time: 10, event: false });
    const bad = drawPatientEvents(SPEC, { ...flat, quantities: { SLD0: NaN } }, seed, 3);
    expect(Number.isNaN(bad.death.time)).toBe(true);
  });

  it('a shrinking tumour lowers both hazards (later events for the same draws)', () => {
    const shrink = { quantities: { SLD0: 70 }, tumour: { times: [0, 42, 84, 126], values: [70, 50, 35, 35] } };
    for (let i = 0; i < 20; i++) {
      const a = drawPatientEvents(SPEC, flat, seed, i);
      const b = drawPatientEvents(SPEC, shrink, seed, i);
      expect(b.new_lesion.time).toBeGreaterThan(a.new_lesion.time);
      expect(b.death.time).toBeGreaterThan(a.death.time);
    }
  });
});

describe('log-normal accelerated failure time', () => {
  it('T = exp(μ + σ·qnorm(U₀)) with μ = intercept + Σ β·x', () => {
    const spec: SurvivalSpec = {
      id: 'ln', title: 'ln', timeUnit: 'd', days: 1,
      quantities: [{ name: 'X', unit: '1', source: { kind: 'covariate', covariate: 'X' } }],
      events: [{ name: 'death', distribution: 'lognormal', intercept: 6.94, sigma: Math.exp(-0.331), terms: [
        { kind: 'fixed', coefficient: -0.00366, expr: ir.op('-', ir.ref('X'), ir.num(100)), text: 'X - 100' },
      ] }],
      overallSurvival: 'death',
    };
    const o = drawPatientEvents(spec, { quantities: { X: 86 } }, seed, 11);
    const mu = 6.94 - 0.00366 * (86 - 100);
    expect(rel(o.death.time, Math.exp(mu + Math.exp(-0.331) * qnorm(survivalUniform(seed, 11, 0))))).toBeLessThan(1e-14);
  });
});

describe('progression and recorded-event steps', () => {
  it('size progression: first sample ≥ 20% and ≥ 5 mm above the nadir', () => {
    const times = [0, 7, 14, 21, 28];
    expect(sizeProgressionTime({ times, values: [70, 60, 50, 59, 61] }, 1)).toBe(28); // 59: +18%; 61: +22%, +11 mm
    expect(sizeProgressionTime({ times, values: [20, 10, 10, 14, 14] }, 1)).toBe(Infinity); // +40% but only 4 mm
    expect(sizeProgressionTime({ times, values: [2, 1, 1, 1.4, 1.6] }, 10)).toBe(28); // cm: +4 mm at 21, +6 mm at 28
  });

  const spec = (observed: boolean): SurvivalSpec => ({
    id: 'steps', title: 'steps', timeUnit: 'd', days: 1, quantities: [], tumour: { output: 'SLD', every: 7, toMm: 1 },
    events: [
      { name: 'nl', distribution: 'weibull', lambda: 0.01, shape: 1, terms: [] },
      { name: 'drop', distribution: 'weibull', lambda: 0.002, shape: 1, terms: [{ kind: 'progression', coefficient: 2, orEvent: 'nl' }] },
      { name: 'death', distribution: 'weibull', lambda: 0.001, shape: 1, terms: [{ kind: 'event', coefficient: 1.5, event: 'nl', observedBefore: observed ? 'drop' : undefined }] },
    ],
    overallSurvival: 'death',
  });
  const flat = { quantities: {}, tumour: { times: [0, 7, 14], values: [50, 50, 50] } };

  it('dropout steps up at progression (here the new lesion): H_drop solves −ln U₁ with the step at T_nl', () => {
    const o = drawPatientEvents(spec(false), flat, seed, 5);
    const tnl = o.nl.time;
    const H = (t: number) => 0.002 * Math.min(t, tnl) + (t > tnl ? 0.002 * Math.exp(2) * (t - tnl) : 0);
    expect(rel(H(o.drop.time), -Math.log(survivalUniform(seed, 5, 1)))).toBeLessThan(1e-11);
  });

  it('a new lesion after dropout is not recorded: no step in the death hazard', () => {
    for (let i = 0; i < 40; i++) {
      const a = drawPatientEvents(spec(true), flat, seed, i);
      const b = drawPatientEvents(spec(false), flat, seed, i);
      const recorded = a.nl.time < a.drop.time;
      if (recorded || a.death.time <= a.nl.time) expect(a.death.time).toBeCloseTo(b.death.time, 9);
      else expect(a.death.time).toBeGreaterThan(b.death.time);
    }
  });
});
