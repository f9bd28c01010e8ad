/**
 * Schedules as clinicians write them (docs/FORMATS.md "Schedules"): day ranges, times of day and
 * NONMEM-style repeats, with their errors at file:line:col; and combination regimens (several drugs,
 * each its own dose and schedule, one common cycle) with rules naming the drugs they act on.
 */
import { describe, expect, it } from 'vitest';
import { buildRegimen } from '../../../engine/common/dosing/regimen.js';
import { regimenSchema } from '../../../engine/common/dosing/schema.js';
import { InputError } from '../../../engine/common/errors.js';
import { evalExpr } from '../../../engine/common/ir-eval.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { splitSeed } from '../../../engine/common/rng/uniform.js';
import { populationSpec, yamlNode } from '../yaml/yaml-helpers.js';
import { evalPatient, testModel } from '../scenario/test-model.js';

const D = 24;

function patient() {
  const pop = buildPopulation(populationSpec(`mode: typical
covariates:
  WT: { distribution: fixed, value: 70, unit: kg }
  SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }
  BSA: { distribution: fixed, value: 2, unit: m^2 }
  CRCL: { distribution: fixed, value: 100, unit: mL/min }
`), testModel());
  return { symbols: pop.symbols, values: evalPatient(pop.program, splitSeed(1), 0) };
}

function regimen(yaml: string, horizon = 200 * D) {
  const p = patient();
  const plan = buildRegimen(yamlNode(yaml, 'reg.yaml', regimenSchema), { model: testModel(), symbols: p.symbols, horizon });
  return { plan, amounts: plan.levels.map((e) => evalExpr(e, (n) => p.values.get(n)!)) };
}

const DOSE = 'dose: { amount: 1000, unit: mg/m^2, route: oral }';
const single = (schedule: string, horizon?: number) => regimen(`name: a\n${DOSE}\nschedule: ${schedule}\n`, horizon).plan;

function inputError(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describe('schedules: day ranges, times of day, repeats', () => {
  it('days: [1-14] at ["08:00", "20:00"] q21d × 2 = 56 doses, 12 h apart on days 1-14 of each cycle', () => {
    const p = single('{ days: [1-14], at: ["08:00", "20:00"], cycle_length: 21 d, cycles: 2 }');
    expect(p.doses).toHaveLength(56);
    const expected = [0, 21].flatMap((c) => Array.from({ length: 28 }, (_, k) => (c + Math.floor(k / 2)) * D + (k % 2 ? 20 : 8)));
    expect(p.doses.map((d) => d.time)).toEqual(expected);
    expect(p.doses.map((d) => d.cycle)).toEqual([...Array(28).fill(1), ...Array(28).fill(2)]);
  });

  it('ranges and single days mix: [1-3, 8, 15-16]', () => {
    expect(single('{ days: [1-3, 8, 15-16], cycle_length: 28 d, cycles: 1 }').doses.map((d) => d.time / D)).toEqual([0, 1, 2, 7, 14, 15]);
  });

  it('NONMEM ii/addl: one dose + 111 repeats every 12 h = 112 doses; and repeats of each day of a cycle', () => {
    const train = single('{ ii: 12 h, addl: 111, start: 2 h }');
    expect(train.doses.map((d) => d.time)).toEqual(Array.from({ length: 112 }, (_, k) => 2 + 12 * k));
    expect(train.doses.every((d) => d.cycle === 1)).toBe(true);
    const perCycle = single('{ days: [1], at: ["08:00"], ii: 12 h, addl: 27, cycle_length: 21 d, cycles: 2 }');
    const bid = single('{ days: [1-14], at: ["08:00", "20:00"], cycle_length: 21 d, cycles: 2 }');
    expect(perCycle.doses.map((d) => [d.time, d.cycle])).toEqual(bid.doses.map((d) => [d.time, d.cycle]));
  });

  it('explicit times keep working, and an equal list written as days/at gives the same doses', () => {
    const times = Array.from({ length: 28 }, (_, k) => 12 * k);
    const a = single(`{ times: [${times.join(', ')}], unit: h }`);
    const b = single('{ days: [1-14], at: ["00:00", "12:00"], cycle_length: 21 d, cycles: 1 }');
    expect(a.doses.map((d) => [d.time, d.cycle, d.level, d.target])).toEqual(b.doses.map((d) => [d.time, d.cycle, d.level, d.target]));
  });

  it('bad ranges and times are errors at their own line:col', () => {
    const at = (schedule: string) => inputError(() => single(schedule)).diagnostics[0];
    expect(at('{ days: [1, 14-1], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ file: 'reg.yaml', line: 3, col: 23, message: expect.stringMatching(/runs backwards/), hint: expect.stringMatching(/1-14/) });
    expect(at('{ days: [d1-14], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ line: 3, col: 20, message: expect.stringMatching(/without the 'd'/) });
    expect(at('{ days: [1-14], at: ["08:00", "25:00"], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ line: 3, col: 41, message: expect.stringMatching(/'25:00' is not a time of day/) });
    expect(at('{ days: [1-14], at: ["8h"], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ message: expect.stringMatching(/not a time of day/) });
    expect(at('{ days: [1-14, 10], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ col: 26, message: expect.stringMatching(/day 10 is already in 1-14/) });
    expect(at('{ days: [1, 8, 8], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ message: expect.stringMatching(/day 8 is listed twice/) });
    expect(at('{ days: [1], at: ["20:00", "08:00"], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ message: expect.stringMatching(/comes before/) });
    expect(at('{ times: [0, 12, 12], unit: h }')).toMatchObject({ col: 28, message: expect.stringMatching(/listed twice/) });
    expect(at('{ days: [1, 8], ii: 24 h, addl: 7, cycle_length: 21 d, cycles: 1 }')).toMatchObject({ message: expect.stringMatching(/repeats of the dose at day 1 00:00 .* reach the next planned dose at day 8 00:00/) });
    expect(single('{ days: [1-21], at: ["23:30"], cycle_length: 21 d, cycles: 1 }').doses).toHaveLength(21);
    expect(at('{ days: [1-22], cycle_length: 21 d, cycles: 1 }')).toMatchObject({ message: expect.stringMatching(/day 22 lies outside a cycle of 21 days/) });
    expect(at('{ ii: 12 h }')).toMatchObject({ message: expect.stringMatching(/ii and addl go together/) });
    expect(at('{ at: ["08:00"], ii: 12 h, addl: 1 }')).toMatchObject({ message: expect.stringMatching(/'at' needs days/) });
  });
});

const CARBO = 'drug: carbo, dose: { auc: { target: 4, unit: mg/mL*min }, duration: 30 min, target: iv }';
const GEM = 'drug: gem, dose: { amount: 1000, unit: mg/m^2, route: oral, target: oral, reductions: ["80%"] }';

describe('combination regimens', () => {
  it('carboplatin AUC 4 d1 + a second drug 1000 mg/m² d1,8 q3w × 6: each drug its levels, target and days', () => {
    const { plan, amounts } = regimen(`name: combo\nschedule: { cycle_length: 21 d, cycles: 6 }\ndrugs:\n  - { ${CARBO}, schedule: { days: [1] } }\n  - { ${GEM}, schedule: { days: [1, 8] } }\n`);
    expect(amounts).toEqual([4 * 125, 2000, 1600].map((x) => expect.closeTo(x, 9)));
    expect(plan.description).toBe('carbo + gem');
    const rows = plan.doses.map((d) => [d.time / D, d.target, d.level, d.cycle]);
    expect(rows).toEqual([0, 21, 42, 63, 84, 105].flatMap((c, k) => [[c, 0, 0, k + 1], [c, 1, 1, k + 1], [c + 7, 1, 1, k + 1]]));
    // No reduce rule names a drug: each stays at its starting level.
    expect(plan.doses.every((d) => d.lastLevel === d.level)).toBe(true);
  });

  it('the common cycle: the longest drug cycle (or the regimen\'s) numbers every dose by its planned time', () => {
    const { plan } = regimen(`name: c\ndrugs:\n  - { ${CARBO}, schedule: { days: [1], cycle_length: 28 d, cycles: 2 } }\n  - { ${GEM}, schedule: { days: [1], cycle_length: 14 d, cycles: 4 } }\n`);
    expect(plan.doses.map((d) => [d.time / D, d.cycle])).toEqual([[0, 1], [0, 1], [14, 1], [28, 2], [28, 2], [42, 2]]);
    const bad = inputError(() => regimen(`name: c\ndrugs:\n  - { ${CARBO}, schedule: { days: [1], cycle_length: 21 d, cycles: 2 } }\n  - { ${GEM}, schedule: { days: [1], cycle_length: 14 d, cycles: 3 } }\n`));
    expect(bad.message).toMatch(/gem's cycle of 14 d does not fit the regimen's cycle of 21 d/);
    expect(bad.diagnostics[0].line).toBe(4);
  });

  it('a reduce rule names the drugs it steps down; delays act on the whole regimen', () => {
    const y = (rules: string) => `name: c\nschedule: { cycle_length: 21 d, cycles: 2 }\ndrugs:\n  - { ${CARBO}, schedule: { days: [1] } }\n  - { ${GEM}, schedule: { days: [1, 8] } }\nrules:\n${rules}`;
    const { plan } = regimen(y('  - { when: "Cp > 100", action: reduce, drugs: [gem] }\n  - { when: "Cp > 200", action: delay, by: 7 d, drugs: all }\n'));
    expect(plan.rules!.rules.map((r) => r.targets)).toEqual([[1], undefined]);
    expect(plan.doses.filter((d) => d.target === 1).every((d) => d.level === 1 && d.lastLevel === 2)).toBe(true);
    expect(plan.doses.filter((d) => d.target === 0).every((d) => d.level === 0 && d.lastLevel === 0)).toBe(true);
    const err = (rules: string) => inputError(() => regimen(y(rules))).message;
    expect(err('  - { when: "Cp > 100", action: reduce }\n')).toMatch(/several drugs \(carbo, gem\): say which this rule acts on/);
    expect(err('  - { when: "Cp > 100", action: reduce, drugs: [carbo] }\n')).toMatch(/carbo has no reduced dose level/);
    expect(err('  - { when: "Cp > 100", action: delay, by: 7 d, drugs: [gem] }\n')).toMatch(/a delay acts on every drug/);
    expect(err('  - { when: "Cp > 100", action: reduce, drugs: [gen] }\n')).toMatch(/no drug 'gen'/);
  });

  it('single-drug keys and a combination do not mix; a combination\'s schedule holds only the common cycle', () => {
    expect(inputError(() => regimen(`name: c\n${DOSE}\ndrugs:\n  - { ${GEM}, schedule: { days: [1], cycle_length: 21 d, cycles: 1 } }\n`)).message).toMatch(/'dose' belongs to each drug/);
    const e = inputError(() => regimen(`name: c\nschedule: { days: [1], cycle_length: 21 d, cycles: 1 }\ndrugs:\n  - { ${GEM}, schedule: { days: [1] } }\n`));
    expect(e.message).toMatch(/holds only the common cycle.*'days' belongs to each drug's schedule/);
    expect(e.diagnostics[0]).toMatchObject({ line: 2, col: 19 });
  });
});
