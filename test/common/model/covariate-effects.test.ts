/** Covariate effects and the IIV transform of individual parameters (engine/common/model/individual.ts). */
import { describe, expect, it } from 'vitest';
import { loadDiagnostics, loadText, patientEnv } from './helpers.js';

const model = (effects: string, extra = '') => `model: x
covariates:
  WT: { unit: kg }
  RACE: { unit: 1, levels: [A, B, C] }
parameters:
  CL: { value: 5, unit: L/h }
  V: { value: 50, unit: L }
  WTref: { value: 70, unit: kg }
  FR: { value: 0.5 }
${extra}covariate_effects:
${effects}states:
  A: { unit: mg }
odes:
  A: -CL * A / V
`;

describe('covariate effects', () => {
  it('power with a parameter reference, exponential with a number, categorical with an omitted level', async () => {
    const m = await loadText(model(
      '  - { parameter: CL, covariate: WT, model: power, exponent: 0.75, reference: WTref }\n'
      + '  - { parameter: CL, covariate: WT, model: exponential, coefficient: 0.01, reference: 60 }\n'
      + '  - { parameter: V, covariate: RACE, model: categorical, levels: { B: 1.2 } }\n'));
    // Covariates are in internal units (kg → mg); the numeric reference and the coefficient are per kg as written.
    const env = patientEnv(m, { WT: 80e6, RACE: 1 });
    expect(env.CL).toBeCloseTo(5 * (80 / 70) ** 0.75 * Math.exp(0.01 * (80 - 60)), 12);
    expect(env.V).toBeCloseTo(50 * 1.2, 12);
    expect(patientEnv(m, { WT: 70e6, RACE: 2 }).V).toBe(50);
  });

  it('reports every incomplete or inconsistent effect in one pass, each at its place', async () => {
    const effects = '  - { parameter: CLL, covariate: WT, model: power, exponent: 1, reference: 70 }\n'
      + '  - { parameter: CL, covariate: WT, model: power, reference: 70 }\n'
      + '  - { parameter: CL, covariate: WT, model: linear, coefficient: 0.1, reference: WTrf }\n'
      + '  - { parameter: CL, covariate: WT, model: linear, coefficient: 0.1, reference: V }\n'
      + '  - { parameter: V, covariate: RACE, model: categorical, levels: { D: 2 } }\n'
      + '  - { parameter: V, covariate: WT, model: categorical, levels: { heavy: 2 } }\n';
    const variability = 'variability:\n  V: { distribution: logitnormal, sd: 0.3 }\n';
    expect(await loadDiagnostics(model(effects, variability))).toEqual([
      "main.yaml:13:18 covariate effect on unknown parameter 'CLL' | did you mean 'CL'?",
      "main.yaml:14:5 a power covariate effect needs 'exponent' | add exponent: ...",
      "main.yaml:15:81 reference 'WTrf' is not a parameter of this file | did you mean 'WTref'?",
      "main.yaml:16:81 reference 'V' has unit L but covariate WT has mg | give the reference in the covariate's unit",
      "main.yaml:17:68 'D' is not a level of covariate RACE | levels: A, B, C",
      'main.yaml:18:32 categorical covariate WT must be dimensionless (a level index) | set unit: 1 on covariate WT',
      "main.yaml:7:15 logitnormal parameter 'V' needs a typical value strictly between 0 and 1, got 50 | use lognormal or normal variability instead",
    ]);
  });
});
