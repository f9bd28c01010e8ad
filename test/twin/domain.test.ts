import { describe, expect, it } from 'vitest';
import { checkDomain } from '../../engine/twin/domain.js';
import { twinProblem } from '../../engine/twin/problem.js';
import { at, builtinModel, fixtureModel, record } from './helpers.js';

const dose = [{ time: 0, amount: 100, unit: 'mg', duration: 0, pos: at }];

describe('outside the estimation population', () => {
  it('warns for each covariate outside the declared range or levels, in the declaration\'s units', async () => {
    const model = await fixtureModel('weight-model.yaml');
    const check = (wt: number, sex: string) => checkDomain(twinProblem(model, record({ doses: dose, covariates: [{ name: 'WT', value: wt, unit: 'kg', pos: at }, { name: 'SEX', value: sex, pos: at }] })));
    const inside = check(70, 'M');
    expect(inside.warnings).toEqual([]);
    expect(inside.notAssessable).toEqual(['tumour type: the population model weight-model was estimated in (n = 40) had solid tumours (the record does not say)']);
    const outside = check(38, 'F');
    expect(outside.warnings).toEqual([
      'WT 38 kg is below the range of the population model weight-model was estimated in (n = 40) (45–110 kg); test',
      'SEX = F is not among the levels of the population model weight-model was estimated in (n = 40) (M); test',
    ]);
    expect(check(130, 'M').warnings[0]).toContain('WT 130 kg is above the range');
  });

  it('a model without a declaration says the check was not made', async () => {
    const model = await builtinModel('docetaxel-kloft2006');
    const c = checkDomain(twinProblem(model, record({ doses: dose, covariates: [{ name: 'SEX', value: 'F', pos: at }] })));
    expect(c.warnings).toEqual([]);
    expect(c.notAssessable[0]).toContain('declares no estimation population');
  });
});
