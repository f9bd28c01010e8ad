import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writtenDoses } from '../../../engine/common/dosing/written-doses.js';
import { checkDoseRanges } from '../../../engine/common/subgroups/dose-range-check.js';
import { runScenario } from '../../../engine/run-scenario.js';

const ranges = [
  { drug: 'docetaxel', unit: 'mg/m^2', min: 60, max: 100, source: 'label' },
  { drug: 'docetaxel', unit: 'mg/m^2', min: 35, max: 36, source: 'weekly trials' },
  { unit: 'auc', min: 4, max: 8, source: 'calvert' },
];

describe('scenario doses against a model\'s declared dose ranges', () => {
  it('reads each regimen\'s written dose: amount and unit, or a Calvert AUC target; drug or dose target', () => {
    expect(writtenDoses({ regimens: [
      { name: 'a', drug: 'docetaxel', dose: { amount: 75, unit: 'mg/m^2' } },
      { name: 'b', dose: { auc: { target: 5, unit: 'mg/mL*min' }, target: 'iv' } },
      { name: 'c', dose: { route: 'bolus' } },
    ] })).toEqual([
      { regimen: 'a', drug: 'docetaxel', amount: 75, unit: 'mg/m^2' },
      { regimen: 'b', drug: 'iv', amount: 5, unit: 'auc' },
    ]);
  });

  it('reads one written dose per drug of a combination regimen (drugs:)', () => {
    expect(writtenDoses({ regimens: [{ name: 'gc', schedule: { cycle_length: '21 d', cycles: 6 }, drugs: [
      { drug: 'gemcitabine', dose: { amount: 1000, unit: 'mg/m^2' } },
      { drug: 'carboplatin', dose: { auc: { target: 4, unit: 'mg/mL*min' } } },
    ] }] })).toEqual([
      { regimen: 'gc', drug: 'gemcitabine', amount: 1000, unit: 'mg/m^2' },
      { regimen: 'gc', drug: 'carboplatin', amount: 4, unit: 'auc' },
    ]);
  });

  it('inside any range of its unit and drug is inside; between the ranges or beyond is outside; other units say nothing', () => {
    const f = checkDoseRanges(ranges, [
      { regimen: 'q3w', drug: 'docetaxel', amount: 75, unit: 'mg/m²' },
      { regimen: 'weekly', drug: 'docetaxel', amount: 35, unit: 'mg/m^2' },
      { regimen: 'gap', drug: 'docetaxel', amount: 50, unit: 'mg/m^2' },
      { regimen: 'typo', drug: 'docetaxel', amount: 3500, unit: 'mg/m^2' },
      { regimen: 'flat', drug: 'docetaxel', amount: 140, unit: 'mg' },
      { regimen: 'other drug', drug: 'paclitaxel', amount: 175, unit: 'mg/m^2' },
      { regimen: 'carbo', amount: 10, unit: 'auc' },
    ]);
    expect(f.map((x) => [x.regimen, x.inside])).toEqual([['q3w', true], ['weekly', true], ['gap', false], ['typo', false], ['carbo', false]]);
    expect(f[3]).toEqual({ regimen: 'typo', dose: '3500 mg/m²', inside: false, range: '60–100 mg/m² or 35–36 mg/m²', sources: ['label', 'weekly trials'] });
    expect(f[4].dose).toBe('AUC 10');
    expect(f[4].range).toBe('AUC 4–8');
  });

  it('a run reports each regimen of the default scenario inside the docetaxel PK model\'s declared ranges', async () => {
    const r = await runScenario(fileURLToPath(new URL('../../../scenarios/default.yaml', import.meta.url)), { backend: 'cpu', threads: 0, nPatients: 20 });
    const pk = r.subgroups?.validity?.domains.find((d) => d.doseRanges.length > 0);
    expect(pk?.doseRanges.map((x) => [x.regimen, x.inside])).toEqual(r.ensemble.regimens.map((g) => [g.name, true]));
  }, 120_000);
});
