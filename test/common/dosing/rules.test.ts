import { describe, expect, it } from 'vitest';
import { buildRegimen } from '../../../engine/common/dosing/regimen.js';
import { InputError } from '../../../engine/common/errors.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { regimenSchema } from '../../../engine/common/dosing/schema.js';
import { populationSpec, yamlNode } from '../yaml/yaml-helpers.js';
import { testModel } from '../scenario/test-model.js';

const HEAD = `name: q3w
dose: { amount: 75, unit: mg/m^2, duration: 1 h, target: iv, reductions: ["80%", "60%"] }
schedule: { days: [1], cycle_length: 21 d, cycles: 6 }
`;

function build(yaml: string) {
  const pop = buildPopulation(populationSpec(`mode: typical
covariates:
  WT: { distribution: fixed, value: 70, unit: kg }
  SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }
  BSA: { distribution: fixed, value: 1.8, unit: m^2 }
`), testModel());
  return buildRegimen(yamlNode(yaml, 'reg.yaml', regimenSchema), { model: testModel(), symbols: pop.symbols, horizon: 200 * 24 });
}

function inputError(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describe('regimen rules: → RegimenRules', () => {
  it('lowers conditions, delays (internal time units), trackers and after: delay', () => {
    const plan = build(`${HEAD}rules:
  - { when: "Cp > 1.5", at: dose, action: delay, by: 7 d, max: 2 }
  - { when: "high_days > 7", action: reduce }
  - { after: delay, action: reduce }
  - { when: "reductions >= 2 or WT < 40", action: discontinue }
track:
  high_days: { output: Cp, above: 2, unit: d }
`);
    const r = plan.rules!;
    expect(r.rules.map((q) => q.action)).toEqual(['delay', 'reduce', 'reduce', 'discontinue']);
    expect(r.rules[0]).toMatchObject({ by: 7 * 24, max: 2, then: 'discontinue', when: { k: 'op', op: '>', a: { k: 'ref', name: 'out:Cp' }, b: { k: 'num', v: 1.5 } } });
    expect(r.rules[1].when).toMatchObject({ a: { k: 'ref', name: 'track:high_days' } });
    expect(r.rules[2].when).toEqual({ k: 'op', op: '>', a: { k: 'ref', name: 'rule:delayed' }, b: { k: 'num', v: 0 } });
    expect(JSON.stringify(r.rules[3].when)).toContain('"rule:reductions"');
    // WT is compared in kg (the scenario's unit): internal mg / 1e6.
    expect(JSON.stringify(r.rules[3].when)).toContain('{"k":"op","op":"/","a":{"k":"ref","name":"WT"},"b":{"k":"num","v":1000000}}');
    expect(r.trackers).toEqual([{ name: 'high_days', output: 'Cp', kind: 'above', threshold: 2, unitFactor: 24 }]);
  });

  it('a regimen without rules has none (plans stay as before)', () => {
    expect(build(HEAD).rules).toBeUndefined();
  });

  it.each([
    ['unknown symbol in a condition, at its column inside the quotes', `rules:\n  - { when: "ANC < 1.5", action: delay, by: 7 d }\n`, 5, 14, /unknown symbol 'ANC'/],
    ['unknown action', `rules:\n  - { when: "Cp > 1", action: hold }\n`, 5, 31, /one of|hold/],
    ['delay without by', `rules:\n  - { when: "Cp > 1", action: delay }\n`, 5, 5, /by/],
    ['by on a reduce rule', `rules:\n  - { when: "Cp > 1", action: reduce, by: 7 d }\n`, 5, 43, /'by' applies only/],
    ['both when and after', `rules:\n  - { when: "Cp > 1", after: delay, action: reduce }\n`, 5, 5, /exactly one of when or after/],
    ['tracker of an unknown output', `rules:\n  - { when: "x > 1", action: reduce }\ntrack:\n  x: { output: ANC, below: 0.5 }\n`, 7, 16, /no output 'ANC'/],
    ['by is not a time', `rules:\n  - { when: "Cp > 1", action: delay, by: 7 mg }\n`, 5, 42, /time/],
  ])('%s → file:line:col', (_, rules, line, col, msg) => {
    const e = inputError(() => build(HEAD + rules));
    expect(e.message).toMatch(msg);
    expect(e.message).toMatch(new RegExp(`^reg\\.yaml:${line}:${col}: `));
  });

  it('a reduce rule needs reduced levels', () => {
    const e = inputError(() => build(`name: a\ndose: { amount: 75, unit: mg/m^2, target: iv }\nschedule: { days: [1], cycle_length: 21 d, cycles: 2 }\nrules:\n  - { when: "Cp > 1", action: reduce }\n`));
    expect(e.message).toMatch(/no reduced dose level/);
    expect(e.message).toMatch(/add reductions:/);
  });
});

describe('rule conditions with units (issue 15, item 19)', () => {
  const when = (cond: string, track = '') => build(`${HEAD}rules:\n  - { when: "${cond}", action: discontinue }\n${track}`).rules!.rules[0].when;

  it('numbers with units compare every value in internal units', () => {
    // Cp is in mg/L (scale 1): 100 ng/mL = 0.1 mg/L.
    expect(when('Cp > 100 ng/mL')).toEqual({ k: 'op', op: '>', a: { k: 'op', op: '/', a: { k: 'ref', name: 'out:Cp' }, b: { k: 'num', v: 1 } }, b: { k: 'num', v: 0.1 } });
    // WT is kept in mg internally: 40 kg = 4e7 mg, compared without the scenario's kg factor.
    expect(when('WT < 40 kg')).toEqual({ k: 'op', op: '<', a: { k: 'ref', name: 'WT' }, b: { k: 'num', v: 4e7 } });
    // A tracker in days is converted to the model's hours; so is the 1 wk literal.
    expect(when('low_days > 1 wk', 'track:\n  low_days: { output: Cp, below: 0.5, unit: d }\n')).toEqual(
      { k: 'op', op: '>', a: { k: 'op', op: '*', a: { k: 'ref', name: 'track:low_days' }, b: { k: 'num', v: 24 } }, b: { k: 'num', v: 168 } });
  });

  it('a condition mixing numbers with and without units, or of the wrong kind, is an error at the condition', () => {
    const mixed = inputError(() => when('Cp > 1.5 or WT < 40 kg'));
    expect(mixed.diagnostics[0]).toMatchObject({ line: 5, col: 13, message: "rules[0].when: comparison '>' needs equal units, got mg/L and 1" });
    expect(mixed.diagnostics[0].hint).toMatch(/write every value that has a unit with it/);
    expect(inputError(() => when('Cp > 100 ng')).diagnostics[0].message).toMatch(/needs equal units, got mg\/L and mg/);
  });

  it('without units, conditions keep the units the files wrote', () => {
    expect(when('Cp > 1.5')).toEqual({ k: 'op', op: '>', a: { k: 'ref', name: 'out:Cp' }, b: { k: 'num', v: 1.5 } });
  });
});
