/**
 * A scenario with protocol rules and endpoints loads, lowers and runs on the CPU backend; bad
 * endpoint input is an InputError at file:line:col.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNodeCpuBackend } from '../../../engine/node/node-cpu-backend.js';
import { InputError } from '../../../engine/common/errors.js';
import { buildJob, loadScenario, type ModelLoader } from '../../../engine/common/scenario/index.js';
import { ir } from '../../../engine/common/ir.js';
import { evalPatient, memoryHost, testModel } from './test-model.js';

const fixture = readFileSync(new URL('../../fixtures/scenarios/two-regimens.yaml', import.meta.url), 'utf8');
const PATH = '/proj/scenarios/two-regimens.yaml';
const Q3W = '    schedule: { days: [1], cycle_length: 21 d, cycles: 6 }\n';
// Heavy patients (WT > 90 kg) have every dose held once for 7 days, then given (max 1, then: give).
const RULES = `${Q3W}    rules:\n      - { when: "WT > 90", action: delay, by: 7 d, max: 1, then: give }\n`;

function load(text: string) {
  const host = memoryHost({ [PATH]: text });
  // The test model plus a tumour size (mm) and a neutrophil count (×10⁹/L) for the endpoints.
  const loadModel: ModelLoader = async () => {
    const m = testModel();
    m.outputs.push({ name: 'SLD', expr: ir.num(5), unit: 'mm', scale: 1 }, { name: 'ANC', expr: ir.num(3), unit: '1e9/L', scale: 1 });
    return m;
  };
  return loadScenario(PATH, host, loadModel);
}

async function inputError(text: string): Promise<InputError> {
  try { await load(text); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

const withRules = fixture.replace(Q3W, RULES).replace('events:', 'endpoints:\n  neutropenia: { output: ANC, per_cycle: true }\n  recist: { output: SLD, every: 6 wk, measure: diameter }\nevents:');

describe('scenario with rules and endpoints', () => {
  it('lowers rules into the regimen and adds endpoint and dose-delivery summaries', async () => {
    const s = await load(withRules);
    expect(s.regimens[0].rules?.rules[0]).toMatchObject({ action: 'delay', by: 7 * 24, max: 1, then: 'give' });
    expect(s.regimens[1].rules).toBeUndefined();
    const names = s.summaries.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['recist.0', 'recist.3', 'dose.delivered', 'dose.rdi', 'dose.discontinued',
      'neutropenia.nadir', 'neutropenia.g4_time', 'neutropenia.nadir.c1', 'neutropenia.nadir.c6']));
    expect(names).not.toContain('neutropenia.nadir.c7'); // the longest schedule has 6 cycles
    expect(s.summaries.find((x) => x.name === 'neutropenia.g3_time')).toMatchObject({ kind: 'time_below', threshold: 1.0 });
    expect(s.summaries.find((x) => x.name === 'neutropenia.nadir.c2')).toMatchObject({ kind: 'min', output: 'ANC', cycle: 2 });
    expect(s.endpoints?.recist?.times).toEqual([0, 42, 84, 126].map((d) => d * 24));
    expect(s.summaries.find((x) => x.name === 'recist.1')).toMatchObject({ kind: 'value_at', time: 42 * 24 });
  });

  it('runs: a held patient gets 5 of 6 doses (delays push the 6th past the horizon), others all 6', async () => {
    // Dose k (0-based) is decided at 28k days (21k planned + 7 per earlier hold), held to 28k + 7 and
    // given; k = 5 would be decided on day 140 > 126 (horizon): 5 delays, RDI 5/6.
    const s = await load(fixture.replace(Q3W, RULES));
    const job = buildJob(s, { nPatients: 40 });
    const backend = createNodeCpuBackend({ threads: 1 });
    try {
      const res = await backend.run(job);
      const [q3w, weekly] = res.regimens;
      const wt = new Float64Array(40);
      // WT is the patients' own covariate (recomputed the same way the kernel draws it).
      const kg = s.population.symbols.find((x) => x.name === 'WT')!.factor;
      for (let i = 0; i < 40; i++) wt[i] = evalPatient(job.population, job.seed, i).get('WT')! / kg;
      expect([...wt].some((w) => w > 90) && [...wt].some((w) => w <= 90)).toBe(true);
      for (let i = 0; i < 40; i++) {
        const heavy = wt[i] > 90;
        expect(q3w.failed[i]).toBe(0);
        expect(q3w.summaries['dose.delays'][i]).toBe(heavy ? 5 : 0);
        expect(q3w.summaries['dose.rdi'][i]).toBeCloseTo(heavy ? 5 / 6 : 1, 12);
        expect(q3w.summaries['dose.delivered'][i]).toBeCloseTo(q3w.summaries['dose.planned'][i] * (heavy ? 5 / 6 : 1), 9);
        expect(q3w.summaries['dose.discontinued'][i]).toBe(0);
        expect(weekly.summaries['dose.delays'][i]).toBe(0);
        expect(weekly.summaries['dose.rdi'][i]).toBe(1);
      }
    } finally { await backend.dispose(); }
  });

  it.each([
    ['an unknown endpoint output', withRules.replace('recist: { output: SLD,', 'recist: { output: TS,'), 40, 21, /no output 'TS'/],
    ['a diameter measure on a concentration', withRules.replace('recist: { output: SLD,', 'recist: { output: Cp,'), 40, 21, /sum of diameters must be in a unit like mm/],
    ['an unknown endpoint', withRules.replace('  recist:', '  recists:'), 40, 3, /unknown key 'recists'/],
    ['neutropenia on a non-count output', withRules.replace('neutropenia: { output: ANC', 'neutropenia: { output: Cp'), 39, 26, /neutrophil output must be in a unit like 1e9\/L/],
  ])('%s → file:line:col', async (_, text, line, col, msg) => {
    const e = await inputError(text);
    expect(e.message).toMatch(new RegExp(`^${PATH}:${line}:${col}: `));
    expect(e.message).toMatch(msg);
  });
});
