import { describe, expect, it } from 'vitest';
import { loadError, loadText, oneCompartmentIv } from './helpers.js';

const pk = (observations: string) => oneCompartmentIv(`observations:\n${observations}`, { cpUnit: 'ng/mL' });

describe('observation models (residual error per output)', () => {
  it('converts additive SDs and limits of quantification to the output unit', async () => {
    const m = await loadText(pk(`  Cp:
    error: combined
    sd: { value: 0.002, unit: mg/L, source: s }
    cv: { value: 15, unit: "%", source: s }
    lloq: { value: 1, unit: ug/L, source: s }
`));
    expect(m.observations).toEqual([{ output: 'Cp', error: 'combined', sd: 2, cv: 0.15, lloq: 1, source: 's' }]);
  });

  it('exponential is the log-additive form; its SD is dimensionless', async () => {
    const m = await loadText(pk('  Cp: { error: exponential, sd: { value: 0.3, source: koolen } }\n'));
    expect(m.observations?.[0]).toMatchObject({ error: 'log_additive', sd: 0.3, cv: 0 });
    const e = await loadError(pk('  Cp: { error: log_additive, sd: { value: 0.3, unit: mg/L } }\n'));
    expect(e.message).toContain('must be dimensionless');
    expect(e.at).toBe('main.yaml:14:54');
  });

  it('names a missing value, an extra value, a wrong unit and a non-positive value at their positions', async () => {
    expect(await loadError(pk('  Cp: { error: proportional }\n'))).toMatchObject({ at: 'main.yaml:14:3', message: 'observations.Cp: error proportional needs cv' });
    expect(await loadError(pk('  Cp: { error: additive, sd: { value: 1, unit: ng/mL }, cv: { value: 0.1 } }\n'))).toMatchObject({ at: 'main.yaml:14:57', message: 'observations.Cp: error additive has no cv' });
    const unit = await loadError(pk('  Cp: { error: additive, sd: { value: 1, unit: mg } }\n'));
    expect(unit.message).toContain('must be in a unit of ng/mL');
    expect(unit.at).toBe('main.yaml:14:48');
    expect(await loadError(pk('  Cp: { error: additive, sd: { value: -1, unit: ng/mL } }\n'))).toMatchObject({ at: 'main.yaml:14:39', message: expect.stringContaining('must be a positive number') });
  });

  it('an observation model of something that is not an output is an error with a suggestion', async () => {
    const e = await loadError(pk('  CP: { error: proportional, cv: { value: 0.2 } }\n'));
    expect(e).toMatchObject({ at: 'main.yaml:14:3', message: "observations: 'CP' is not an output of this file", hint: "did you mean 'Cp'?" });
  });

  it('an unknown error form is a structural error', async () => {
    const e = await loadError(pk('  Cp: { error: poisson, cv: { value: 0.2 } }\n'));
    expect(e.at).toBe('main.yaml:14:16');
  });

  it('a composed model inherits a module output re-exported unchanged, in its own unit; its own declaration wins', async () => {
    const composed = (own: string) => `model: c
modules:
  pk: { file: pk.yaml }
outputs:
  Cp: { expr: pk.Cp, unit: mg/L }
  Cdouble: { expr: 2 * pk.Cp, unit: mg/L }
dosing:
  iv: { module: pk, target: iv }
${own}`;
    const module = pk('  Cp: { error: additive, sd: { value: 5, unit: ng/mL }, lloq: { value: 10, unit: ng/mL } }\n');
    const m = await loadText(composed(''), { 'pk.yaml': module });
    expect(m.observations).toEqual([
      { output: 'pk.Cp', error: 'additive', sd: 5, cv: 0, lloq: 10, source: '' },
      { output: 'Cp', error: 'additive', sd: 0.005, cv: 0, lloq: 0.01, source: '' },
    ]);
    const own = await loadText(composed('observations:\n  Cp: { error: proportional, cv: { value: 0.1, source: mine } }\n'), { 'pk.yaml': module });
    expect(own.observations?.find((o) => o.output === 'Cp')).toMatchObject({ error: 'proportional', cv: 0.1, source: 'mine' });
  });
});

describe('built-in models', () => {
  it('every residual-error value of models/ carries a source', async () => {
    const { readdirSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { loadModel } = await import('../../../engine/common/model/load-model.js');
    const { NodeFileHost } = await import('../../../engine/node/node-file-host.js');
    const dir = fileURLToPath(new URL('../../../models/', import.meta.url));
    let declared = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const m = await loadModel(dir + f, new NodeFileHost());
      for (const o of m.observations ?? []) {
        expect(o.source, `${f} ${o.output}`).toMatch(/\[(T|S|D)\]/);
        declared++;
      }
    }
    expect(declared).toBeGreaterThanOrEqual(8);
  });
});
