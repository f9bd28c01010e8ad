/**
 * The file fuzzer in the suite (issue 15, "Done when"): 1,000 deterministic mutations of every
 * built-in model and scenario file through the loaders, each on a worker thread with a time limit,
 * and a sample through `oncotwin validate`. None may end in an internal error or a hang. The full
 * run with more cases and seeds: `npx tsx scripts/fuzz-files.ts` (docs/FORMATS.md "Limits").
 */
import { describe, expect, it } from 'vitest';
import { builtinFiles, fuzzCases } from '../../../scripts/fuzz/cases.js';
import { validateWithCli } from '../../../scripts/fuzz/cli-sample.js';
import { runPool } from '../../../scripts/fuzz/pool.js';
import { runCase } from '../../../scripts/fuzz/run-case.js';

const SEED = 20261205;
const files = builtinFiles();
const cases = fuzzCases(SEED, 1000, files);

describe('file fuzzer', () => {
  it('mutates every built-in file, the same way for the same seed', () => {
    expect(new Set(cases.map((c) => c.base)).size).toBe(files.size);
    expect(fuzzCases(SEED, 50, files)).toEqual(cases.slice(0, 50));
    expect(cases.filter((c) => c.text !== files.get(c.base)).length).toBeGreaterThan(900);
  });

  it('tells valid files, input errors and internal errors apart', async () => {
    const base = 'models/claret-tgi.yaml';
    expect(await runCase({ id: 0, kind: 'model', base, mutation: 'none', text: files.get(base)! }, files)).toEqual({ kind: 'ok' });
    expect(await runCase({ id: 1, kind: 'model', base, mutation: 'bad', text: 'model: [' }, files)).toEqual({ kind: 'input' });
    // A file host handing the loader something that is not text is an engine defect, not bad input.
    expect((await runCase({ id: 2, kind: 'model', base, mutation: 'not text', text: {} as unknown as string }, files)).kind).toBe('internal');
  });

  it('reports a case that runs past its time limit as a hang', async () => {
    const r = await runPool(cases.slice(0, 1), files, 1, 1);
    expect(r.map((x) => x.outcome.kind)).toEqual(['hang']);
  });

  it('1,000 mutations: no internal error, no hang', async () => {
    const results = await runPool(cases, files, 2, 5000);
    const bad = results.filter((r) => r.outcome.kind === 'internal' || r.outcome.kind === 'hang')
      .map((r) => `case ${r.case.id} (${r.case.base}; ${r.case.mutation}): ${r.outcome.kind === 'internal' ? r.outcome.message.split('\n')[0] : 'hang'}`);
    expect(bad).toEqual([]);
    expect(results.filter((r) => r.outcome.kind === 'input').length).toBeGreaterThan(500);
  }, 300_000);

  it('a sample through `oncotwin validate` exits 0 or 2, never 3', () => {
    const sample = cases.filter((_, i) => i % 67 === 0);
    const r = validateWithCli(sample, files, 180_000);
    expect(r.timedOut, r.output).toBe(false);
    expect(r.internal, r.output).toBe(false);
    expect([0, 2]).toContain(r.code);
  }, 240_000);
});
