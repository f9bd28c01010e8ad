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
