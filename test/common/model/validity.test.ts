import { describe, expect, it } from 'vitest';
import { loadError, loadText, oneCompartmentIv } from './helpers.js';

const pk = (validity: string) => oneCompartmentIv(`validity:\n${validity}`, { head: 'covariates:\n  WT: { unit: kg }\n  SEX: { levels: [F, M] }\n' });

describe('validity domain (the population a model was estimated in)', () => {
  it('keeps n, tumour types, ranges in their written unit, levels, ancestry and genotype coverage', async () => {
    const m = await loadText(pk(`  n: 120
  tumour_types: [NSCLC]
  doses: 75 mg/m^2 q3w
  dose_ranges:
    - { drug: docetaxel, unit: mg/m², min: 60, max: 100, source: label }
    - { unit: AUC mg/mL·min, min: 4, max: 6, source: " s " }
  covariates:
    WT: { min: 45, max: 110, source: s }
    AGE: { min: 30, max: 80, unit: yr }
    SEX: { levels: [F, M] }
  ancestry: { covariate: ANCESTRY, composition: { NFE: 0.9, EAS: 0.1 }, source: s }
  genotypes: { DPYD: not genotyped }
  not_reported: [albumin range]
  source: s
`));
    expect(m.validity).toEqual([{
      model: 'x', file: 'main.yaml', n: 120, tumourTypes: ['NSCLC'], doses: '75 mg/m^2 q3w', source: 's',
      covariates: [
        { name: 'WT', min: 45, max: 110, unit: 'kg', source: 's' },
        { name: 'AGE', min: 30, max: 80, unit: 'yr' },
        { name: 'SEX', levels: ['F', 'M'], unit: '1' },
      ],
      ancestry: { covariate: 'ANCESTRY', composition: { NFE: 0.9, EAS: 0.1 }, source: 's' },
      genotypes: [{ gene: 'DPYD', coverage: 'not genotyped' }],
      notReported: ['albumin range'],
      // Units as scenarios write doses, normalized: mg/m² = mg/m^2, any AUC unit = auc.
      doseRanges: [{ drug: 'docetaxel', unit: 'mg/m^2', min: 60, max: 100, source: 'label' }, { unit: 'auc', min: 4, max: 6, source: 's' }],
    }]);
  });

  it('a model without validity: has none', async () => {
    const m = await loadText(pk('  {}').replace('validity:\n  {}', ''));
    expect(m.validity).toBeUndefined();
  });

  it('reports a unit of the wrong kind, reversed bounds, unknown levels and bad shares at their positions', async () => {
    expect(await loadError(pk('  covariates: { WT: { min: 1, max: 2, unit: cm } }\n'))).toMatchObject({ at: 'main.yaml:17:45', message: "validity of WT: unit cm is a unit of length (e.g. dm), but the model's WT is in kg" });
    expect(await loadError(pk('  covariates: { WT: { min: 90, max: 40 } }\n'))).toMatchObject({ at: 'main.yaml:17:37', message: 'validity of WT: min 90 is above max 40' });
    expect(await loadError(pk('  covariates: { SEX: { levels: [F, X] } }\n'))).toMatchObject({ message: "validity of SEX: level 'X' is not one the model knows (F, M)" });
    expect(await loadError(pk('  covariates: { SEX: { min: 0, max: 1 } }\n'))).toMatchObject({ message: expect.stringContaining('SEX is categorical in this model') });
    expect(await loadError(pk('  covariates: { WT: { source: s } }\n'))).toMatchObject({ message: 'validity of WT: give min and/or max, or levels' });
    expect(await loadError(pk('  ancestry: { covariate: A, composition: { NFE: 1.2 } }\n'))).toMatchObject({ message: 'ancestry share of NFE must lie between 0 and 1, got 1.2' });
    expect(await loadError(pk('  ancestry: { covariate: A, composition: { NFE: 0.7, AFR: 0.7 } }\n'))).toMatchObject({ message: 'ancestry shares add up to 1.4, more than 1' });
    expect(await loadError(pk('  n: 0\n'))).toMatchObject({ at: 'main.yaml:17:6', message: 'validity n must be a whole number ≥ 1, got 0' });
    expect(await loadError(pk('  colour: blue\n'))).toMatchObject({ message: expect.stringContaining('colour') });
    expect(await loadError(pk('  dose_ranges:\n    - { unit: mg, min: 100, max: 60, source: s }\n'))).toMatchObject({ at: 'main.yaml:18:7', message: 'dose range 100–60 mg: need 0 ≤ min ≤ max' });
    expect(await loadError(pk('  dose_ranges:\n    - { unit: mg, min: 1, max: 2, source: " " }\n'))).toMatchObject({ message: 'a dose range needs its source' });
    expect(await loadError(pk('  dose_ranges:\n    - { unit: mg, min: 1, max: 2 }\n'))).toMatchObject({ message: expect.stringContaining('source') });
  });
});
