import { describe, expect, it } from 'vitest';
import { choleskyFails } from '../../../engine/common/model/variability.js';
import { loadDiagnostics, loadError, loadText } from './helpers.js';

const model = (iiv: string) => `model: x
parameters:
  CL: { value: 5, unit: L/h }
  V: { value: 50, unit: L }
  Q: { value: 2, unit: L/h }
  E0: { value: 100, unit: mg/L }
states:
  A: { unit: mg }
odes:
  A: -CL * A / V
${iiv}`;

describe('inter-individual variability', () => {
  it('converts cv, sd and omega2; normal sd is in the parameter unit', async () => {
    const m = await loadText(model('variability:\n  CL: { distribution: lognormal, cv: 0.5 }\n  V: { distribution: lognormal, sd: 0.2 }\n  E0: { distribution: normal, sd: 2000, unit: ng/mL }\n'));
    expect(m.variability.etas).toEqual(['eta.CL', 'eta.V', 'eta.E0']);
    const o = m.variability.omega;
    expect(o[0]).toBeCloseTo(Math.log(1.25), 15);
    expect(o[4]).toBeCloseTo(0.04, 15);
    expect(o[8]).toBeCloseTo(4, 12); // 2000 ng/mL = 2 mg/L
  });

  it('fills a lower-triangle omega block', async () => {
    const m = await loadText(model('variability:\n  CL: { distribution: lognormal }\n  V: { distribution: lognormal }\n  Q: { distribution: lognormal }\nomega_blocks:\n  - { parameters: [CL, V, Q], lower: [0.1, 0.01, 0.2, 0.02, 0.03, 0.3] }\n'));
    expect(m.variability.omega).toEqual([0.1, 0.01, 0.02, 0.01, 0.2, 0.03, 0.02, 0.03, 0.3]);
  });

  it('rejects a covariance that is not positive definite, at correlations', async () => {
    // r(CL,V) = r(CL,Q) = 0.9 with r(V,Q) = -0.9 is impossible for three variables.
    const e = await loadError(model('variability:\n  CL: { distribution: lognormal, omega2: 0.1 }\n  V: { distribution: lognormal, omega2: 0.1 }\n  Q: { distribution: lognormal, omega2: 0.1 }\ncorrelations:\n  - { between: [CL, V], r: 0.9 }\n  - { between: [CL, Q], r: 0.9 }\n  - { between: [V, Q], r: -0.9 }\n'));
    expect(e).toMatchObject({ at: 'main.yaml:15:1', message: "the eta covariance matrix is not positive definite (fails at 'Q')" });
  });

  it('reports block size, duplicate spread, cv on normal and unknown parameters', async () => {
    expect(await loadError(model('variability:\n  CL: { distribution: lognormal }\n  V: { distribution: lognormal }\nomega_blocks:\n  - { parameters: [CL, V], lower: [0.1, 0.01] }\n')))
      .toMatchObject({ at: 'main.yaml:15:28', message: 'a block of 2 parameters needs 3 lower-triangle values, got 2' });
    expect(await loadError(model('variability:\n  CL: { distribution: lognormal, cv: 0.3, omega2: 0.1 }\n')))
      .toMatchObject({ at: 'main.yaml:12:43', message: 'give only one of cv, omega2, sd (got cv and omega2)' });
    expect(await loadError(model('variability:\n  E0: { distribution: normal, cv: 0.3 }\n')))
      .toMatchObject({ at: 'main.yaml:12:31', message: 'cv is defined for lognormal variability only' });
    expect(await loadError(model('variability:\n  CLL: { distribution: lognormal, cv: 0.3 }\n')))
      .toMatchObject({ at: 'main.yaml:12:3', hint: "did you mean 'CL'?" });
    expect(await loadError(model('variability:\n  CL: { distribution: lognormal, cv: 0.3 }\ncorrelations:\n  - { between: [CL, V], r: 1.5 }\n')))
      .toMatchObject({ at: 'main.yaml:14:21', message: "'V' has no variability entry" });
  });

  it('a correlation sets cov = r·sd·sd, in both triangles', async () => {
    const m = await loadText(model('variability:\n  CL: { distribution: lognormal, omega2: 0.09 }\n  V: { distribution: lognormal, omega2: 0.04 }\ncorrelations:\n  - { between: [CL, V], r: 0.5 }\n'));
    expect(m.variability.omega[1]).toBeCloseTo(0.5 * 0.3 * 0.2, 15);
    expect(m.variability.omega[2]).toBeCloseTo(0.5 * 0.3 * 0.2, 15);
  });

  it('reports every problem of variability, blocks and correlations in one pass', async () => {
    expect(await loadDiagnostics(model('variability:\n  CL: { distribution: lognormal, omega2: 0.1 }\n  V: { distribution: lognormal, unit: L }\n  Q: { distribution: lognormal }\n'
      + 'omega_blocks:\n  - { parameters: [CL, V], lower: [0.2, 0.01, 0.1] }\ncorrelations:\n  - { between: [V, Q], r: 1.5 }\n'))).toEqual([
      'main.yaml:13:33 unit is only meaningful for a normal distribution (lognormal etas are dimensionless) | remove unit',
      "main.yaml:14:3 variability for 'Q' needs cv, omega2 or sd | add e.g. cv: 0.3 (or list it in omega_blocks)",
      "main.yaml:16:28 variance of 'CL' given twice with different values (variability: 0.1, block: 0.2) | give it in one place only",
      "main.yaml:18:17 'V' is in an omega block; put its covariances in the block | use either correlations or omega_blocks for a parameter",
      'main.yaml:18:27 correlation must be between -1 and 1, got 1.5',
    ]);
  });

  it('choleskyFails finds the failing pivot', () => {
    expect(choleskyFails([4, 2, 2, 3], 2)).toBe(-1);
    expect(choleskyFails([1, 2, 2, 1], 2)).toBe(1);
  });
});
