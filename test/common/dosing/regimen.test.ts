import { describe, expect, it } from 'vitest';
import { buildRegimen } from '../../../engine/common/dosing/regimen.js';
import { InputError } from '../../../engine/common/errors.js';
import { evalExpr } from '../../../engine/common/ir-eval.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { splitSeed } from '../../../engine/common/rng/uniform.js';
import { regimenSchema } from '../../../engine/common/dosing/schema.js';
import { populationSpec, yamlNode } from '../yaml/yaml-helpers.js';
import { evalPatient, testModel } from '../scenario/test-model.js';

const H_PER_DAY = 24;

/** A typical patient with the given BSA (m²) and CRCL (mL/min), 70 kg. */
function patient(bsa: number, crcl: number) {
  const pop = buildPopulation(populationSpec(`mode: typical
covariates:
  WT: { distribution: fixed, value: 70, unit: kg }
  SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }
  BSA: { distribution: fixed, value: ${bsa}, unit: m^2 }
  CRCL: { distribution: fixed, value: ${crcl}, unit: mL/min }
`), testModel());
  const values = evalPatient(pop.program, splitSeed(1), 0);
  return { symbols: pop.symbols, values };
}

function regimen(yaml: string, bsa = 1.8, crcl = 100, horizon = 200 * H_PER_DAY) {
  const p = patient(bsa, crcl);
  const plan = buildRegimen(yamlNode(yaml, 'reg.yaml', regimenSchema), { model: testModel(), symbols: p.symbols, horizon });
  const amounts = plan.levels.map((e) => evalExpr(e, (n) => p.values.get(n)!));
  return { plan, amounts, values: p.values };
}

function inputError(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describe('regimen → RegimenPlan', () => {
  it('expands d1, 8, 15 q28d × 4 cycles (times in the model time unit, h)', () => {
    const { plan } = regimen('name: weekly\ndose: { amount: 35, unit: mg/m^2, route: infusion, duration: 1 h, target: iv }\nschedule: { days: [1, 8, 15], cycle_length: 28 d, cycles: 4 }\n');
    const days = [0, 7, 14, 28, 35, 42, 56, 63, 70, 84, 91, 98];
    expect(plan.doses.map((d) => d.time)).toEqual(days.map((d) => d * H_PER_DAY));
    expect(plan.doses.map((d) => d.cycle)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(plan.doses.every((d) => d.level === 0 && d.target === 0)).toBe(true);
    expect(plan.doses[0].duration).toEqual({ k: 'num', v: 1 });
  });

  it('mg/m² × BSA, with the BSA cap and rounding to a step (half away from zero)', () => {
    const dose = (bsa: number, extra = '') => regimen(`name: q3w\ndose: { amount: 75, unit: mg/m^2, duration: 1 h, target: iv, bsa_cap: 2.2 m^2${extra} }\nschedule: { days: [1], cycle_length: 21 d, cycles: 6 }\n`, bsa).amounts[0];
    expect(dose(1.8)).toBeCloseTo(135, 9);
    expect(dose(2.5)).toBeCloseTo(75 * 2.2, 9); // capped at 2.2 m²
    expect(dose(1.8, ', round_to: 10 mg')).toBeCloseTo(140, 9); // 135 → 140
  });

  it('mg/kg × WT and flat doses', () => {
    expect(regimen('name: a\ndose: { amount: 2, unit: mg/kg, target: iv }\nschedule: { times: [0], unit: h }\n').amounts[0]).toBeCloseTo(140, 9);
    expect(regimen('name: a\ndose: { amount: 0.5, unit: g, target: iv }\nschedule: { times: [0], unit: h }\n').amounts[0]).toBeCloseTo(500, 9);
  });

  it('Calvert: AUC 6 with CrCL 140 mL/min (capped at 125) → 900 mg; CrCL 100 → 750 mg', () => {
    const y = 'name: carbo\ndose: { auc: { target: 6, unit: mg/mL*min }, duration: 30 min, target: iv }\nschedule: { days: [1], cycle_length: 21 d, cycles: 6 }\n';
    expect(regimen(y, 1.8, 140).amounts[0]).toBeCloseTo(900, 9);
    expect(regimen(y, 1.8, 100).amounts[0]).toBeCloseTo(750, 9);
    expect(regimen(y).plan.doses[0].duration).toEqual({ k: 'num', v: 0.5 });
  });

  it('dose levels: reductions as percentages or amounts', () => {
    const { amounts } = regimen('name: a\ndose: { amount: 100, unit: mg/m^2, target: iv, reductions: ["80%", 60] }\nschedule: { times: [0], unit: h }\n', 2);
    expect(amounts).toEqual([200, 160, 120].map((x) => expect.closeTo(x, 9)));
  });

  it('rate-based infusion: duration = amount / rate; oral goes to the oral target', () => {
    const r = regimen('name: a\ndose: { amount: 100, unit: mg, route: infusion, rate: 50 mg/h, target: iv }\nschedule: { times: [0, 1], unit: d }\n');
    expect(evalExpr(r.plan.doses[0].duration, (n) => r.values.get(n)!)).toBeCloseTo(2, 12);
    expect(r.plan.doses.map((d) => d.time)).toEqual([0, 24]);
    const o = regimen('name: o\ndose: { amount: 500, unit: mg, route: oral }\nschedule: { times: [0, 12], unit: h }\n');
    expect(o.plan.doses[0].target).toBe(1);
    expect(o.plan.doses[0].duration).toEqual({ k: 'num', v: 0 });
  });

  it('bad doses and schedules are errors at file:line:col', () => {
    const neg = inputError(() => regimen('name: a\ndose: { amount: -5, unit: mg, target: iv }\nschedule: { times: [0], unit: h }\n'));
    expect(neg.diagnostics[0]).toMatchObject({ file: 'reg.yaml', line: 2, col: 17 });
    const zero = inputError(() => regimen('name: a\ndose: { amount: 5, unit: mg, target: iv }\nschedule: { days: [1], cycle_length: 21 d, cycles: 0 }\n'));
    expect(zero.diagnostics[0]).toMatchObject({ line: 3, col: 52 });
    const late = inputError(() => regimen('name: a\ndose: { amount: 5, unit: mg, target: iv }\nschedule: { days: [1], cycle_length: 21 d, cycles: 12 }\n'));
    expect(late.message).toMatch(/after the horizon/);
    const target = inputError(() => regimen('name: a\ndose: { amount: 5, unit: mg, target: ivv }\nschedule: { times: [0], unit: h }\n'));
    expect(target.diagnostics[0].hint).toMatch(/'iv'/);
    const inf = inputError(() => regimen('name: a\ndose: { amount: 5, unit: mg, route: infusion, target: iv }\nschedule: { times: [0], unit: h }\n'));
    expect(inf.message).toMatch(/duration or rate/);
    const unit = inputError(() => regimen('name: a\ndose: { amount: 5, unit: mg/L, target: iv }\nschedule: { times: [0], unit: h }\n'));
    expect(unit.diagnostics[0]).toMatchObject({ line: 2, col: 26 });
  });
});
