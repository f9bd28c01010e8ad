import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { buildJob, canonicalJson, loadScenario, type ModelLoader } from '../../../engine/common/scenario/index.js';
import { memoryHost, testModel } from './test-model.js';

const fixture = readFileSync(new URL('../../fixtures/scenarios/two-regimens.yaml', import.meta.url), 'utf8');
const csv = readFileSync(new URL('../../fixtures/populations/patients.csv', import.meta.url), 'utf8');
const PATH = '/proj/scenarios/two-regimens.yaml';

function setup(text = fixture, extra: Record<string, string> = {}) {
  const host = memoryHost({ [PATH]: text, ...extra });
  const loaded: string[] = [];
  const loadModel: ModelLoader = async (path) => { loaded.push(path); return testModel(); };
  return { host, loaded, load: () => loadScenario(PATH, host, loadModel, { builtinModelsDir: '/app/models' }) };
}

async function inputError(text: string, extra: Record<string, string> = {}): Promise<InputError> {
  try { await setup(text, extra).load(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

/** The fixture with one line replaced (must match exactly once). */
function edit(from: string, to: string): string {
  expect(fixture.split(from).length).toBe(2);
  return fixture.replace(from, to);
}

describe('loadScenario', () => {
  it('loads the fixture: model resolved relative to the file, values lowered to the model time unit', async () => {
    const { load, loaded } = setup();
    const s = await load();
    expect(loaded).toEqual(['/proj/models/test-1cmt.yaml']);
    expect(s.id).toBe('two-regimens');
    expect(s.horizon).toBe(126 * 24);
    expect(s.grid.length).toBe(127);
    expect(s.grid[1]).toBe(24);
    expect(s.grid[126]).toBe(126 * 24);
    expect(s.population.size).toBe(1000);
    expect(s.regimens.map((r) => r.doses.length)).toEqual([6, 12]);
    expect(s.regimens[0].levels).toHaveLength(3);
    expect(s.summaries[1]).toEqual({ kind: 'auc', name: 'auc_c1', output: 'Cp', from: 0, to: 21 * 24 });
    expect(s.summaries[3]).toEqual({ kind: 'value_at', name: 'c_d42', output: 'Cp', time: 42 * 24 });
    expect(s.events).toEqual([{ name: 'high_peak', summary: 'cmax', above: 3 }]);
    expect(s.golden).toBe('/proj/scenarios/golden/two-regimens.json');
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('solver settings: given values, defaults, and atol per state in the state\'s unit', async () => {
    const s = await setup().load();
    expect(s.solver).toMatchObject({ method: 'dopri5', rtol: 1e-5, maxSteps: 200000, hmax: 126 * 24, hmin: 1e-10, closedFormLinear: true });
    // DEPOT, A1 in mg (internal mg): 1e-8; E in ng/mL = 1e-3 mg/L internally: 1e-8 × 1e-3.
    expect(s.solver.atol[0]).toBe(1e-8);
    expect(s.solver.atol[2]).toBeCloseTo(1e-11, 20);
    const d = await setup(edit('solver: { rtol: 1e-5, atol: 1e-8, max_steps: 200000 }\n', '')).load();
    expect(d.solver).toMatchObject({ rtol: 1e-6, maxSteps: 500000 });
    expect(d.solver.atol).toEqual([1e-9, 1e-9, 1e-7]); // E keeps the model's own atol
    expect(d.quantiles).toEqual([0.1, 0.5, 0.9]);
  });

  it('the hash ignores comments, key order and YAML style', async () => {
    const a = await setup().load();
    const reordered = edit('title: 75 mg/m² q3w vs 35 mg/m² weekly\n', '').replace('scenario: two-regimens\n', 'scenario: two-regimens\n# a comment\ntitle: "75 mg/m² q3w vs 35 mg/m² weekly"\n');
    const b = await setup(reordered.replace('horizon: 126 d', 'horizon: "126 d"')).load();
    expect(b.sha256).toBe(a.sha256);
    const c = await setup(edit('seed: 20261122', 'seed: 20261123')).load();
    expect(c.sha256).not.toBe(a.sha256);
    expect(canonicalJson({ b: 1, a: [1, { d: null, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":null}],"b":1}');
  });

  it('resolves built-in model ids against builtinModelsDir', async () => {
    const { load, loaded } = setup(edit('model: ../models/test-1cmt.yaml', 'model: test-1cmt'));
    await load();
    expect(loaded).toEqual(['/app/models/test-1cmt.yaml']);
  });

  it('imports patients from a CSV table', async () => {
    const text = edit('  size: 1000\n', '  table: { file: ../populations/patients.csv, levels: { SEX: [F, M] } }\n')
      .replace(/ {4}SEX: \{ distribution: categorical.*\n/, '').replace(/ {4}WT: .*\n/, '').replace(/ {4}HT: .*\n/, '')
      .replace('  correlations:\n    - { between: [WT, HT], r: 0.5 }\n', '');
    const s = await setup(text, { '/proj/populations/patients.csv': csv }).load();
    expect(s.population.size).toBe(3);
    expect(s.population.program.table?.rows).toBe(3);
    expect(buildJob(s).nPatients).toBe(3);
    expect(() => buildJob(s, { nPatients: 10 })).toThrow(/cannot be resized/);
  });
});

describe('buildJob', () => {
  it('assembles the job and applies overrides', async () => {
    const s = await setup().load();
    const job = buildJob(s, { nPatients: 50, seed: 2 ** 32 + 7, trajectories: 5 });
    expect(job.nPatients).toBe(50);
    expect(job.seed).toEqual({ lo: 7, hi: 1 });
    expect(job.trajectories).toBe(5);
    expect(job.grid).toBe(s.grid);
    expect(job.population.draws).toBe(5 + 2);
    expect(buildJob(s).seed).toEqual({ lo: 20261122, hi: 0 });
    expect(() => buildJob(s, { nPatients: 0 })).toThrow(InputError);
  });
});

describe('scenario errors: file:line:col with a hint', () => {
  it('unknown key → closest valid key', async () => {
    const e = await inputError(edit('horizon: 126 d', 'horizn: 126 d'));
    expect(e.diagnostics[0]).toMatchObject({ file: PATH, line: 6, col: 1 });
    expect(e.diagnostics[0].hint).toBe("did you mean 'horizon'?");
    expect(e.diagnostics).toHaveLength(1); // not also "missing horizon"
  });

  it('wrong type', async () => {
    const e = await inputError(edit('  seed: 20261122', '  seed: [1, 2]'));
    expect(e.diagnostics[0]).toMatchObject({ line: 11, col: 9 });
    expect(e.message).toMatch(/population.seed must be a number, got a list/);
  });

  it('zero-length horizon', async () => {
    const e = await inputError(edit('horizon: 126 d', 'horizon: 0 d'));
    expect(e.diagnostics[0]).toMatchObject({ line: 6, col: 10 });
    expect(e.message).toMatch(/horizon must be > 0/);
  });

  it('N = 0', async () => {
    const e = await inputError(edit('  size: 1000', '  size: 0'));
    expect(e.diagnostics[0]).toMatchObject({ line: 10, col: 9 });
  });

  it('negative dose', async () => {
    const e = await inputError(edit('dose: { amount: 35,', 'dose: { amount: -35,'));
    expect(e.diagnostics[0]).toMatchObject({ line: 29, col: 21 });
    expect(e.message).toMatch(/must be > 0/);
  });

  it('unknown output in a summary, unknown summary in an event', async () => {
    const e = await inputError(edit('kind: max, output: Cp }', 'kind: max, output: CP }'));
    expect(e.diagnostics[0]).toMatchObject({ line: 32, col: 38 });
    expect(e.diagnostics[0].hint).toBe("did you mean 'Cp'?");
    const ev = await inputError(edit('summary: cmax, above', 'summary: cmx, above'));
    expect(ev.diagnostics[0].line).toBe(37);
  });

  it('YAML syntax errors and unreadable models', async () => {
    const e = await inputError(fixture.replace('horizon: 126 d', 'horizon: [126 d'));
    expect(e.message).toMatch(/YAML syntax error/);
    const host = memoryHost({ [PATH]: fixture });
    const failing: ModelLoader = async () => { throw new Error('ENOENT'); };
    await expect(loadScenario(PATH, host, failing)).rejects.toMatchObject({ diagnostics: [{ line: 5, col: 8 }] });
  });
});

describe('one validate pass reports every problem (issue 13, item 5)', () => {
  it('three independent problems → three diagnostics at their file:line:col, in file order', async () => {
    const text = edit('horizon: 126 d', 'horizon: 126 kg')
      .replace('unit: mg/m^2, route: infusion, duration: 1 h, target: iv }', 'unit: mg/m^2, route: infusion, duration: 1 h, taget: iv }')
      .replace('kind: max, output: Cp }', 'kind: max, output: CP }');
    const e = await inputError(text);
    expect(e.diagnostics.map((d) => [d.line, d.col])).toEqual([[6, 10], [29, 71], [32, 38]]);
    expect(e.diagnostics[0].message).toMatch(/expected a time like '42 d', got unit 'kg'/);
    expect(e.diagnostics[1]).toMatchObject({ message: "unknown key 'taget' in regimens.1.dose", hint: "did you mean 'target'?" });
    expect(e.diagnostics[2]).toMatchObject({ message: "summaries[0].output: model test-1cmt has no output 'CP'", hint: "did you mean 'Cp'?" });
  });

  it('structural problems everywhere are reported together, and nothing twice', async () => {
    const text = edit('  seed: 20261122', '  seed: [1, 2]')
      .replace('quantiles: [0.1, 0.5, 0.9]', 'quantiles: 0.5')
      .replace('  - { name: high_peak, summary: cmax, above: 3 }', '  - { name: high_peak, summary: cmax, above: high }');
    const e = await inputError(text);
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      'population.seed must be a number, got a list',
      'events.0.above must be a number, got a string',
      'quantiles must be a list, got a number',
    ]);
  });

  it('a summary with a problem does not make the event on it a second problem', async () => {
    const e = await inputError(edit('  - { name: cmax, kind: max, output: Cp }', '  - { name: cmax, kind: max, output: Cx }'));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0].line).toBe(32);
  });

  it('problems in the model and in the scenario are reported together', async () => {
    const host = memoryHost({ [PATH]: edit('horizon: 126 d', 'horizn: 126 d') });
    const broken: ModelLoader = async () => { throw InputError.at('/proj/models/test-1cmt.yaml', 3, 5, 'unknown symbol'); };
    const err = (await loadScenario(PATH, host, broken).catch((x: unknown) => x)) as InputError;
    expect(err.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([`${PATH}:6`, '/proj/models/test-1cmt.yaml:3']);
  });
});

describe('names and counts that would go wrong later are errors now (issue 15, items 5 and 8)', () => {
  it('a summary or event named __proto__ / constructor is an error at the name, not a vanished column', async () => {
    const s = await inputError(edit('  - { name: cmax, kind: max, output: Cp }', '  - { name: constructor, kind: max, output: Cp }'));
    expect(s.diagnostics[0]).toMatchObject({ line: 32, col: 13, message: expect.stringContaining("'constructor' cannot name a summary") });
    const e = await inputError(edit('  - { name: high_peak,', "  - { name: '__proto__',"));
    expect(e.diagnostics[0]).toMatchObject({ line: 37, col: 13, message: expect.stringContaining("'__proto__' cannot name an event") });
    const r = await inputError(edit('  - name: 75 mg/m² q3w', '  - name: toString'));
    expect(r.diagnostics[0]).toMatchObject({ line: 24, col: 11, message: expect.stringContaining("'toString' cannot name a regimen") });
  });

  it('a covariate named true or NaN is an error at the covariate', async () => {
    const e = await inputError(edit('    AGE: { distribution', '    NaN: { distribution: fixed, value: 1 }\n    AGE: { distribution'));
    expect(e.diagnostics[0]).toMatchObject({ line: 16, message: expect.stringContaining("'NaN' cannot be used as a name") });
  });

  it('a structural count far beyond reason is refused with its position before anything expands', async () => {
    const e = await inputError(edit('cycle_length: 28 d, cycles: 4 }', 'cycle_length: 28 d, cycles: 4294967296 }'));
    expect(e.diagnostics[0]).toMatchObject({ line: 30, col: 63, message: expect.stringMatching(/4294967296 cycles would plan 12884901888 doses \(at most 100000\)/) });
    const q = await inputError(edit('quantiles: [0.1, 0.5, 0.9]', `quantiles: [${Array.from({ length: 120 }, (_, i) => (i + 1) / 200).join(', ')}]`));
    expect(q.diagnostics[0]).toMatchObject({ line: 38, message: expect.stringMatching(/^quantiles: Too big: expected array to have <=99 items/) });
  });
});

describe('hostile YAML in scenario files (issue 15, item 4)', () => {
  it('a 2.5 MB scenario with a 500,000-item list is refused at once, without parsing it', async () => {
    const big = edit('quantiles: [0.1, 0.5, 0.9]', `quantiles: [${new Array(500_000).fill('0.5').join(',')}]`);
    const started = Date.now();
    const e = await inputError(big);
    expect(e.diagnostics[0]).toMatchObject({ line: 1, col: 1, message: expect.stringMatching(/at most 256 KiB/) });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an alias bomb and an alias without anchor are input errors at the alias', async () => {
    const bomb = await inputError(edit('question: Which schedule gives the higher exposure?', 'question: &a [x, x, x, x, x, x, x, x, x, x]\ndescription: [&b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a], [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]]'));
    expect(bomb.diagnostics[0]).toMatchObject({ line: 5, col: 19, message: expect.stringMatching(/aliases expand to too much data/) });
    const dangling = await inputError(edit('horizon: 126 d', 'horizon: *h'));
    expect(dangling.diagnostics[0]).toMatchObject({ line: 6, col: 10, message: 'alias *h names no anchor defined before it' });
  });
});
