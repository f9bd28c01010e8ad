import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { loadModel } from '../../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../../engine/node/node-file-host.js';
import { loadError } from './helpers.js';

const missingModule = fileURLToPath(new URL('../../fixtures/models/invalid/missing-module.yaml', import.meta.url));

const ok = (odes = '  A: -CL * A / V\n', extra = '') => `model: x
parameters:
  CL: { value: 5, unit: L/h }
  V: { value: 50, unit: L }
states:
  A: { unit: mg }
odes:
${odes}${extra}`;

describe('model file errors are reported at file:line:col', () => {
  it('malformed YAML', async () => {
    const e = await loadError('model: x\nparameters:\n  CL: { value: 5, unit: L/h\nstates: {}\n');
    expect(e.at).toMatch(/^main\.yaml:[34]:\d+$/);
    expect(e.message).toContain('YAML syntax error');
  });

  it('a top level that is not a mapping', async () => {
    expect(await loadError('- a\n- b\n')).toMatchObject({ at: 'main.yaml:1:1', message: expect.stringContaining('expected a YAML mapping') });
  });

  it('wrong type, at the value', async () => {
    const e = await loadError(ok().replace('value: 5,', 'value: "5 L/h",'));
    expect(e).toMatchObject({ at: 'main.yaml:3:16', message: 'parameters.CL.value must be a number, got a string' });
    expect(e.hint).toContain('units go in `unit:`');
  });

  it('unknown key with the closest valid key', async () => {
    const e = await loadError(ok().replace('unit: L/h', 'unti: L/h'));
    expect(e).toMatchObject({ at: 'main.yaml:3:19', message: "unknown key 'unti' in parameters.CL", hint: "did you mean 'unit'?" });
    const top = await loadError(ok().replace('parameters:', 'parametres:'));
    expect(top).toMatchObject({ at: 'main.yaml:2:1', message: "unknown key 'parametres'", hint: "did you mean 'parameters'?" });
  });

  it('a comma inside a flow mapping value is explained', async () => {
    const e = await loadError(ok().replace('{ unit: mg }', '{ unit: mg, description: Central, plasma }'));
    expect(e.at).toBe('main.yaml:6:40');
    expect(e.hint).toContain('quote text that contains commas');
  });

  it('missing required field, at the enclosing key', async () => {
    const e = await loadError(ok().replace('{ value: 50, unit: L }', '{ unit: L }'));
    expect(e).toMatchObject({ at: 'main.yaml:4:3', message: "missing required field 'value' in parameters.V" });
  });

  it('bad enum value with suggestion', async () => {
    const e = await loadError(ok('  A: -CL * A / V\n', 'variability:\n  CL: { distribution: lognormel, cv: 0.3 }\n'));
    expect(e).toMatchObject({ at: 'main.yaml:10:23', hint: "did you mean 'lognormal'?" });
  });

  it('unknown symbol inside an expression, at its column', async () => {
    const e = await loadError(ok('  A: -CL * A / Vx\n'));
    expect(e).toMatchObject({ at: 'main.yaml:8:16', message: "unknown symbol 'Vx'", hint: "did you mean 'V'?" });
  });

  it('positions inside quoted and block scalars', async () => {
    expect((await loadError(ok('  A: "-CL * A / Vx"\n'))).at).toBe('main.yaml:8:17');
    expect((await loadError(ok('  A: |\n    -CL * A\n      / Vx\n'))).at).toBe('main.yaml:10:9');
  });

  it('unknown unit in a parameter, with suggestion', async () => {
    const e = await loadError(ok().replace('unit: L/h', 'unit: L/hx'));
    expect(e).toMatchObject({ at: 'main.yaml:3:27', message: "unknown unit 'hx' in 'L/hx'", hint: "did you mean 'h'?" });
  });

  it('ODE with the wrong unit shows both units', async () => {
    const e = await loadError(ok('  A: -CL * A\n'));
    expect(e).toMatchObject({ at: 'main.yaml:8:6', message: 'd(A)/dt has unit mg*L/h but must have unit mg/h' });
  });

  it('adding quantities of different dimensions', async () => {
    const e = await loadError(ok('  A: -CL * A / V + V\n'));
    expect(e.at).toBe('main.yaml:8:20');
    expect(e.message).toBe("d(A)/dt: '+' needs equal units, got mg/h and L");
  });

  it('exp of a dimensioned argument', async () => {
    const e = await loadError(ok('  A: -CL * A / V * exp(V)\n'));
    expect(e.at).toBe('main.yaml:8:24');
    expect(e.message).toBe('d(A)/dt: exp() needs a dimensionless argument, got L');
  });

  it('derived unit that does not match its expression', async () => {
    const e = await loadError(ok('  A: -CL * C / V\n', 'derived:\n  C: { expr: A / V, unit: mg }\n'));
    expect(e).toMatchObject({ at: 'main.yaml:10:14', message: 'derived C has unit mg/L but must have unit mg' });
  });

  it('missing ODE for a state and ODE for an unknown state', async () => {
    const e = await loadError(ok('  B: -CL * A / V\n'));
    expect(e.count).toBe(2);
    expect(e).toMatchObject({ at: 'main.yaml:6:3', message: 'state A has no ODE' });
    try {
      await loadModel('main.yaml', new (await import('./helpers.js')).MemoryHost({ 'main.yaml': ok('  B: -CL * A / V\n') }));
    } catch (err) {
      const d = (err as InputError).diagnostics[1];
      expect(d).toMatchObject({ line: 8, col: 3, message: "ODE for unknown state 'B'" });
    }
  });

  it('derived quantities in a cycle', async () => {
    const e = await loadError(ok('  A: -CL * C\n', 'derived:\n  C: { expr: D / V, unit: mg/L }\n  D: { expr: C * V, unit: mg }\n'));
    expect(e.at).toBe('main.yaml:10:3');
    expect(e.message).toContain('cycle: C → D → C');
  });

  it('parameter used before it is a parameter: covariate effect on unknown covariate', async () => {
    const e = await loadError(ok('  A: -CL * A / V\n', 'covariates:\n  WT: { unit: kg }\ncovariate_effects:\n  - { parameter: CL, covariate: WTT, model: power, exponent: 0.75, reference: 70 }\n'));
    expect(e).toMatchObject({ at: 'main.yaml:12:33', message: "unknown covariate 'WTT'", hint: "did you mean 'WT'?" });
  });

  it('dosing into a state that is not an amount', async () => {
    const e = await loadError('model: x\nstates:\n  C: { unit: mg/L }\nodes:\n  C: 0\ndosing:\n  iv: { state: C }\n');
    expect(e).toMatchObject({ at: 'main.yaml:7:16', message: 'dosing iv: state C has unit mg/L, but doses add an amount (mass, e.g. mg, or substance, e.g. umol)' });
  });

  it('duplicate keys are YAML errors', async () => {
    const e = await loadError(ok().replace('  V: { value: 50', '  CL: { value: 50'));
    expect(e.at).toBe('main.yaml:4:3');
  });
});

describe('composition errors', () => {
  const sub = 'model: sub\ninputs:\n  Conc: { unit: umol/L }\nstates:\n  R: { unit: 1 }\nodes:\n  R: -Conc / Conc * R * kout\nparameters:\n  kout: { value: 1, unit: 1/h }\n';

  it('missing module file (Node host), at the file value', async () => {
    try {
      await loadModel(missingModule, new NodeFileHost());
      expect.unreachable();
    } catch (e) {
      const d = (e as InputError).diagnostics[0];
      expect(d).toMatchObject({ file: missingModule, line: 4, col: 15 });
      expect(d.message).toMatch(/no-such-model\.yaml: file not found$/);
    }
  });

  it('bind with a unit of another dimension', async () => {
    const e = await loadError('model: top\nparameters:\n  C0: { value: 1, unit: mg }\nmodules:\n  pd: { file: sub.yaml }\nbind:\n  pd.Conc: C0\n', { 'sub.yaml': sub });
    expect(e).toMatchObject({ at: 'main.yaml:7:12', message: 'bind pd.Conc has unit mg but must have unit µmol/L' });
  });

  it('bind to an unknown input, with suggestion', async () => {
    const e = await loadError('model: top\nmodules:\n  pd: { file: sub.yaml }\nbind:\n  pd.Cnc: 1\n', { 'sub.yaml': sub });
    expect(e).toMatchObject({ at: 'main.yaml:5:3', hint: "did you mean 'pd.Conc'?" });
  });

  it('unbound input without default, at the input in the module file', async () => {
    const e = await loadError('model: top\nmodules:\n  pd: { file: sub.yaml }\n', { 'sub.yaml': sub });
    expect(e).toMatchObject({ at: 'sub.yaml:3:3', message: 'input pd.Conc is not bound and has no default' });
  });

  it('reserved module names', async () => {
    expect(await loadError('model: top\nmodules:\n  tv: { file: sub.yaml }\n', { 'sub.yaml': sub })).toMatchObject({ at: 'main.yaml:3:3', message: "'tv' cannot be used as a module name: 'tv' is reserved" });
  });

  it('module cycles', async () => {
    const e = await loadError('model: top\nmodules:\n  me: { file: main.yaml }\n');
    expect(e).toMatchObject({ at: 'main.yaml:3:15', message: 'module cycle: main.yaml → main.yaml' });
  });

  it('errors inside a module name the module file', async () => {
    const e = await loadError('model: top\nmodules:\n  pd: { file: sub.yaml }\n', { 'sub.yaml': sub.replace('* kout', '* kot') });
    expect(e).toMatchObject({ at: 'sub.yaml:7:25', message: "unknown symbol 'kot'" });
  });
});
