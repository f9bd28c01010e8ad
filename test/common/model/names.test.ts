/**
 * Names mathjs reads as constants or operators, and names of built-in object properties, cannot name
 * anything in a model (issue 15, item 8): a parameter `true: { value: 0.5 }` used to run as 1.
 */
import { describe, expect, it } from 'vitest';
import { loadError, loadText } from './helpers.js';

const model = (name: string) => `model: x
parameters:
  CL: { value: 5, unit: L/h }
  ${name}: { value: 50, unit: L }
states:
  A: { unit: mg }
odes:
  A: -CL * A / ${name}
`;

describe('reserved names in model files', () => {
  it.each(['true', 'false', 'undefined', 'NaN', 'Infinity', 'xor', 'mod', 'to', 'in', 'constructor', 'toString', 'hasOwnProperty'])('a parameter named %s is an error at its key', async (name) => {
    const e = await loadError(model(name));
    expect(e).toMatchObject({ at: 'main.yaml:4:3', message: expect.stringContaining(`'${name}' cannot be used as a name`) });
    expect(e.hint).toMatch(/not one of true, false, null/);
  });

  it('a key written null (or ~, or nothing) reads as no name: an error at the key', async () => {
    for (const key of ['null', '~', '""']) {
      const e = await loadError(model('V').replace('  V: {', `  ${key}: { value: 1, unit: L }\n  V: {`));
      expect(e.at, key).toBe('main.yaml:4:3');
      expect(e.message, key).toMatch(key === '""' ? /cannot be used as a name/ : /a key must be a name/);
    }
  });

  it('an ordinary name still loads', async () => {
    expect((await loadText(model('V'))).params.map((p) => p.name)).toEqual(['tv.CL', 'tv.V']);
  });

  it('outputs, dosing targets and modules are checked too', async () => {
    const outputs = await loadError(`${model('V')}outputs:\n  NaN: { expr: A / V, unit: mg/L }\n`);
    expect(outputs).toMatchObject({ at: 'main.yaml:10:3', message: expect.stringContaining("'NaN' cannot be used as an output name") });
    const dosing = await loadError(`${model('V')}dosing:\n  constructor: { state: A }\n`);
    expect(dosing).toMatchObject({ at: 'main.yaml:10:3', message: expect.stringContaining("'constructor' cannot be used as a dosing target name") });
    const modules = await loadError('model: x\nmodules:\n  true: { file: a.yaml }\n');
    expect(modules).toMatchObject({ at: 'main.yaml:3:3', message: expect.stringContaining("'true' cannot be used as a module name") });
  });

  it('an ODE for a state named like a built-in property is not silently ignored', async () => {
    const e = await loadError(`${model('V')}  constructor: 0\n`);
    expect(e).toMatchObject({ at: 'main.yaml:9:3', message: "ODE for unknown state 'constructor'" });
  });

  it('variability on a built-in property name is variability on an unknown parameter', async () => {
    const e = await loadError(`${model('V')}variability:\n  constructor: { distribution: lognormal, cv: 0.3 }\n`);
    expect(e).toMatchObject({ at: 'main.yaml:10:3', message: "variability on unknown parameter 'constructor'" });
  });
});

describe('a structural count cannot be scaled by a bare-number unit (issue 15, item 5)', () => {
  it('the Friberg transit count with unit "4294967296" is an error at the unit, not a run of hours', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../../models/friberg-docetaxel.yaml', import.meta.url), 'utf8');
    const bad = text.replace(/(NTR: +\{ value: 3, +unit: )"1"/, '$1"4294967296"');
    expect(bad).not.toBe(text);
    const line = bad.split('\n').findIndex((l) => l.includes('4294967296')) + 1;
    const e = await loadError(bad);
    expect(e.at).toBe(`main.yaml:${line}:${bad.split('\n')[line - 1].indexOf('4294967296') + 1}`);
    expect(e.message).toBe("unit '4294967296' is a bare number, not a unit");
  });
});
