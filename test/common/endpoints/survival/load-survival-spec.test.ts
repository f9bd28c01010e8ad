/**
 * The survival-file loader: a valid file becomes a spec with converted units; every problem is an
 * InputError at the file:line:col of the offending value with a hint.
 */
import { describe, expect, it } from 'vitest';
import { parseSurvivalSpec } from '../../../../engine/common/endpoints/index.js';
import { InputError } from '../../../../engine/common/errors.js';
import type { ModelIR } from '../../../../engine/common/ir.js';

const MODEL = {
  name: 'm', timeUnit: 'h', covariates: [], outputs: [{ name: 'SLD', unit: 'mm' }, { name: 'KG', unit: '1/wk' }],
} as unknown as ModelIR;

const GOOD = `survival: t
model: m.yaml
time_unit: d
references: { src: "a source" }
quantities:
  SLD0: { output: SLD, at: 0 d, unit: cm }
  K: { output: KG, at: 1 d, unit: 1/d }
  TTG: { output: SLD, nadir_time: true, unit: wk }
  ECOG: { covariate: ECOG }
tumour: { output: SLD, every: 1 wk }
events:
  nl:
    distribution: weibull
    lambda: { value: 0.0343, unit: 1/wk, source: "src" }
    shape: { value: 2, source: "src" }
    terms:
      - { tumour_ratio: { until: 12 wk }, coefficient: 1, source: "src" }
  death:
    distribution: lognormal
    intercept: { value: 6.9, source: "src" }
    sigma: { value: 0.7, source: "src" }
    terms:
      - { expr: "log(TTG + 1) + ECOG", coefficient: 0.5, source: "src" }
overall_survival: death
new_lesions: nl
`;

function problem(text: string): { line: number; col: number; message: string } {
  try {
    parseSurvivalSpec(text, 'f.yaml', MODEL);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).diagnostics[0];
  }
  throw new Error('expected an InputError');
}

describe('parseSurvivalSpec', () => {
  it('converts units into the spec time unit and the declared quantity units', () => {
    const s = parseSurvivalSpec(GOOD, 'f.yaml', MODEL);
    expect(s.days).toBe(1);
    const q = Object.fromEntries(s.quantities.map((x) => [x.name, x.source]));
    expect(q.SLD0).toEqual({ kind: 'output_at', output: 'SLD', time: 0, factor: 0.1 });
    expect(q.K).toMatchObject({ kind: 'output_at', time: 24 });
    expect((q.K as { factor: number }).factor).toBeCloseTo(1 / 7, 14);
    expect((q.TTG as { factor: number }).factor).toBeCloseTo(1 / 168, 14);
    expect(s.tumour).toEqual({ output: 'SLD', every: 168, toMm: 1 });
    expect(s.events[0]).toMatchObject({ distribution: 'weibull', shape: 2 });
    expect((s.events[0] as { lambda: number }).lambda).toBeCloseTo(0.0049, 12);
    expect((s.events[0].terms[0] as { until: number }).until).toBe(84);
  });

  it.each([
    ['an unknown key, with a suggestion', GOOD.replace('new_lesions: nl', 'new_lesion: nl'), 25, 1, /unknown key 'new_lesion'/],
    ['an unknown output', GOOD.replace('SLD0: { output: SLD', 'SLD0: { output: SDL'), 6, 19, /no output 'SDL'/],
    ['a λ without a time unit', GOOD.replace('value: 0.0343, unit: 1/wk, ', 'value: 0.0343, '), 14, 13, /does not convert to '1\/d'/],
    ['a number without a source key', GOOD.replace('shape: { value: 2, source: "src" }', 'shape: { value: 2, source: "nowhere" }'), 15, 32, /names no key of references/],
    ['an unknown symbol in an expression', GOOD.replace('log(TTG + 1)', 'log(TGG + 1)'), 23, 22, /unknown symbol 'TGG'/],
    ['a step on a later event', GOOD.replace('- { tumour_ratio: { until: 12 wk }', '- { after: death'), 17, 18, /not an event listed before/],
  ])('rejects %s at its position', (_what, text, line, col, message) => {
    const p = problem(text);
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([line, col]);
  });
});
