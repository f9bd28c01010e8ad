/**
 * Numbers written with units in model expressions (issue 15, item 19): `C > 0.1 mg/L` used to be
 * "unknown symbol 'mg'". They are dimension-checked and become plain numbers in internal units.
 */
import { describe, expect, it } from 'vitest';
import { hasUnitLiteral } from '../../../engine/common/expr/unit-literals.js';
import { evalExpr, loadError, loadText, patientEnv, rhs } from '../model/helpers.js';

const model = (derived: string, extra = '') => `model: x
time_unit: h
parameters:
  CL: { value: 5, unit: L/h }
  V: { value: 50, unit: L }
states:
  A: { unit: mg }
derived:
  C: { expr: A / V, unit: mg/L }
${derived}
odes:
  A: -CL * C${extra}
`;

describe('unit literals in model expressions', () => {
  it('a threshold in another unit of the same kind compares in internal units', async () => {
    const m = await loadText(model('  HIGH: { expr: "C > 100 ng/mL ? 1 : 0" }'));
    const high = m.derived.find((d) => d.name === 'HIGH')!;
    expect(hasUnitLiteral(high.expr)).toBe(true);
    const env = patientEnv(m);
    expect(evalExpr(high.expr, { ...env, C: 0.09 })).toBe(0); // 100 ng/mL = 0.1 mg/L
    expect(evalExpr(high.expr, { ...env, C: 0.11 })).toBe(1);
  });

  it('rates and times convert to the model time unit; the IR holds plain numbers', async () => {
    const m = await loadText(model('  K0: { expr: 12 mg/d, unit: mg/h }\n  T2: { expr: "2 wk", unit: h }', ' + K0'));
    expect(m.derived.find((d) => d.name === 'K0')!.expr).toEqual({ k: 'num', v: 0.5 });
    expect(m.derived.find((d) => d.name === 'T2')!.expr).toEqual({ k: 'num', v: 336 });
    const env = patientEnv(m);
    expect(rhs(m, env, [100])[0]).toBeCloseTo(-5 * 100 / 50 + 0.5, 12);
  });

  it('a literal of the wrong dimension is a unit error', async () => {
    const e = await loadError(model('  HIGH: { expr: "C > 0.1 mg ? 1 : 0" }'));
    expect(e.message).toBe("derived HIGH: comparison '>' needs equal units, got mg/L and mg");
    const ode = await loadError(model('', ' + 2 mg'));
    expect(ode.message).toMatch(/^d\(A\)\/dt: '\+' needs equal units, got mg\/h and mg/);
  });

  it('names in scope win over unit names, and a bare unit without a number is an unknown symbol', async () => {
    const m = await loadText(model('  h: { expr: "2 * V" }\n  R: { expr: "h / V" }'));
    expect(m.derived.find((d) => d.name === 'R')!.expr).toEqual({ k: 'op', op: '/', a: { k: 'ref', name: 'h' }, b: { k: 'ref', name: 'V' } });
    const e = await loadError(model('  R: { expr: "CL * h", unit: L }'));
    expect(e).toMatchObject({ message: "unknown symbol 'h'", hint: "'h' is a unit: a unit in an expression needs its number, e.g. 1 h; or did you mean 't'?" });
  });
});
