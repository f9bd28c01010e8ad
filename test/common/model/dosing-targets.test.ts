/** Dosing targets: on a state of the file or re-exported from a module; every bad target reported in one pass. */
import { describe, expect, it } from 'vitest';
import { loadDiagnostics, loadText } from './helpers.js';

const pk = 'model: pk\ntime_unit: h\nparameters:\n  ka: { value: 1, unit: 1/h }\n  F1: { value: 0.5, unit: 1 }\n  tlag: { value: 30, unit: min }\n'
  + 'states:\n  Agut: { unit: mg }\nodes:\n  Agut: -ka * Agut\ndosing:\n  oral: { state: Agut, bioavailability: F1, lag: tlag }\n';

describe('dosing targets', () => {
  it('a state target keeps its bioavailability and lag (in internal time units); a module target is re-exported under its new name', async () => {
    const m = await loadText('model: top\nmodules:\n  pk: { file: pk.yaml }\ndosing:\n  po: { module: pk, target: oral }\n', { 'pk.yaml': pk });
    expect(m.doseTargets.map((t) => t.name)).toEqual(['pk.oral', 'po']);
    const po = m.doseTargets[1];
    expect(po).toMatchObject({ state: 'pk.Agut', bioavailability: { k: 'ref', name: 'pk.F1' }, lag: { k: 'ref', name: 'pk.tlag' } });
  });

  it("a numeric lag is in the file's time unit, converted to the root model's", async () => {
    const inMinutes = pk.replace('time_unit: h', 'time_unit: min').replace('lag: tlag', 'lag: 30');
    const m = await loadText('model: top\ntime_unit: h\nmodules:\n  pk: { file: pk.yaml }\n', { 'pk.yaml': inMinutes });
    expect(m.doseTargets[0].lag).toEqual({ k: 'num', v: 0.5 });
  });

  it('reports every bad target of a file, each at its own place', async () => {
    const text = 'model: top\nmodules:\n  pk: { file: pk.yaml }\nstates:\n  C: { unit: mg/L }\nodes:\n  C: 0\ndosing:\n'
      + '  both: { module: pk, target: oral, state: C }\n'
      + '  nomod: { module: kp, target: oral }\n'
      + '  notarget: { module: pk, target: orl }\n'
      + '  nostate: { state: Cc }\n'
      + '  conc: { state: C }\n';
    expect(await loadDiagnostics(text, { 'pk.yaml': pk })).toEqual([
      'main.yaml:9:3 dosing both: give either state (with bioavailability/lag) or module + target | a module target already has its own bioavailability and lag',
      "main.yaml:10:20 dosing nomod: unknown module 'kp' | did you mean 'pk'?",
      "main.yaml:11:35 dosing notarget: module pk has no dosing target 'orl' | did you mean 'oral'?",
      "main.yaml:12:21 dosing nostate: 'Cc' is not a state | did you mean 'C'?",
      'main.yaml:13:18 dosing conc: state C has unit mg/L, but doses add an amount (mass, e.g. mg, or substance, e.g. umol) | dose into an amount state and derive the concentration from it (C = A / V)',
    ]);
  });
});
