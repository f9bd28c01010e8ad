import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../engine/common/errors.js';
import type { ModelIR, ObservationModelIR } from '../../engine/common/ir.js';
import { pnorm } from '../../engine/common/rng/normal.js';
import { twinProblem } from '../../engine/twin/problem.js';
import { minus2LogLik, minus2LogLikBql, residualSd } from '../../engine/twin/residual.js';
import { at, builtinModel, record } from './helpers.js';

let kloft: ModelIR;
beforeAll(async () => { kloft = await builtinModel('docetaxel-kloft2006'); });

const sex = [{ name: 'SEX', value: 'F', pos: { file: 'r.yaml', line: 3, col: 8 } }];
const dose = [{ time: 0, amount: 130, unit: 'mg', duration: 1, pos: { file: 'r.yaml', line: 5, col: 5 } }];
const obs = (output: string, value: number | undefined, unit: string, line: number, extra: { bql?: boolean; lloq?: number } = {}) =>
  ({ time: 168, output, value, unit, bql: extra.bql ?? false, ...(extra.lloq === undefined ? {} : { lloq: extra.lloq }), pos: { file: 'r.yaml', line, col: 5 } });

function problems(fn: () => unknown): string[] {
  try { fn(); } catch (e) { if (e instanceof InputError) return e.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.message}`); throw e; }
  throw new Error('expected an InputError');
}

describe('a record lowered against a model', () => {
  it('converts units and keeps every measurement with its observation model', () => {
    const p = twinProblem(kloft, record({ covariates: sex, doses: dose, observations: [obs('ANC', 900, '1/uL', 7), obs('Cp', 5, 'ng/mL', 8)] }));
    expect(p.observations.map((o) => [o.output, o.value, o.model.error])).toEqual([['ANC', 0.9, 'log_additive'], ['Cp', 0.005, 'proportional']]);
    expect(p.history).toEqual([{ time: 0, target: kloft.doseTargets.findIndex((t) => t.name === 'iv'), amount: 130, duration: 1 }]);
    expect(p.estimated).toHaveLength(5);
  });

  it('reports every problem at the record item that has it', () => {
    const msgs = problems(() => twinProblem(kloft, record({
      covariates: [{ name: 'SEX', value: 'female', pos: { file: 'r.yaml', line: 3, col: 8 } }],
      doses: [{ ...dose[0], target: 'oral' }],
      observations: [obs('ANK', 1, '1e9/L', 7), obs('ANC', 1, 'mg/L', 8), obs('ANC', 0, '1e9/L', 9), obs('Cp', undefined, 'mg/L', 10, { bql: true })],
    })));
    expect(msgs).toEqual([
      "r.yaml:3:8 SEX 'female' is not a level the model or scenario knows (F, M)",
      "r.yaml:3:8 the patient record must give SEX (it is needed by the model or the doses, and a twin uses this patient's own values)",
      "r.yaml:5:5 model docetaxel-kloft2006 has no dose target 'oral'",
      "r.yaml:7:5 model docetaxel-kloft2006 has no output 'ANK'",
      expect.stringMatching(/^r\.yaml:8:5 unit 'mg\/L' is .*, but ANC is in 1e9\/L$/),
      'r.yaml:9:5 ANC = 0 cannot be weighed by a log_additive error (it needs a value > 0)',
      'r.yaml:10:5 a measurement below the limit of quantification needs that limit; model docetaxel-kloft2006 declares none for Cp',
    ]);
  });

  it('an output without a residual-error declaration cannot be weighed', async () => {
    const bruno = await builtinModel('docetaxel-pk-bruno1996');
    const msgs = problems(() => twinProblem(bruno, record({ doses: dose, observations: [obs('Cp', 1, 'mg/L', 7)] })));
    expect(msgs[0]).toContain('declares no residual error for output Cp');
  });
});

describe('residual likelihoods', () => {
  const add: ObservationModelIR = { output: 'Y', error: 'additive', sd: 2, cv: 0, source: '' };
  const prop: ObservationModelIR = { output: 'Y', error: 'proportional', sd: 0, cv: 0.2, source: '' };
  const comb: ObservationModelIR = { output: 'Y', error: 'combined', sd: 1, cv: 0.1, source: '' };
  const logA: ObservationModelIR = { output: 'Y', error: 'log_additive', sd: 0.3, cv: 0, source: '' };
  const normal = (x: number, m: number, s: number) => -2 * Math.log(Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)));

  it('are −2 log densities of y', () => {
    expect(minus2LogLik(add, 13, 10)).toBeCloseTo(normal(13, 10, 2), 12);
    expect(minus2LogLik(prop, 13, 10)).toBeCloseTo(normal(13, 10, 2), 12);
    expect(residualSd(comb, 10)).toBeCloseTo(Math.SQRT2, 12);
    expect(minus2LogLik(comb, 13, 10)).toBeCloseTo(normal(13, 10, Math.SQRT2), 12);
    // log-normal density of y: normal density of ln y divided by y
    expect(minus2LogLik(logA, 13, 10)).toBeCloseTo(normal(Math.log(13), Math.log(10), 0.3) + 2 * Math.log(13), 12);
  });

  it('below the limit of quantification: −2 ln P(y < LLOQ) (M3)', () => {
    expect(minus2LogLikBql(add, 5, 10)).toBeCloseTo(-2 * Math.log(pnorm(-2.5)), 10);
    expect(minus2LogLikBql(logA, 5, 10)).toBeCloseTo(-2 * Math.log(pnorm(Math.log(0.5) / 0.3)), 10);
    expect(minus2LogLikBql(add, 5, 1e6)).toBe(Infinity);
  });

  it('a failed prediction has no posterior mass', () => {
    expect(minus2LogLik(add, 1, NaN)).toBe(Infinity);
    expect(minus2LogLik(logA, 1, 0)).toBe(Infinity);
  });
});
