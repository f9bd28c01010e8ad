/**
 * What a what-if edit touches (engine/what-if.ts) on real scenario edits, and the session's staged
 * run (engine/staged-run.ts): reused regimens and the merged final result equal a fresh full run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { buildJob } from '../../engine/common/scenario/index.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { BUILTIN_SCENARIOS_DIR, loadScenarioFile } from '../../engine/run-scenario.js';
import { EngineSession } from '../../engine/session.js';
import { PREVIEW_PATIENTS } from '../../engine/staged-run.js';
import { regimensToRun, runIdentity } from '../../engine/what-if.js';

// The translational scenario (two regimens, the previous default) whose text these edits were written against.
const SCENARIO = join(BUILTIN_SCENARIOS_DIR, 'docetaxel-schedules-translational.yaml');
const original = readFileSync(SCENARIO, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'what-if-'));
let n = 0;

/** The translational scenario with `edit` applied, loaded (in the scenarios folder's place, for its model path). */
async function scenarioWith(edit: (yaml: string) => string) {
  const text = edit(original).replace('model: ../models/', `model: ${join(SCENARIO, '../../models')}/`);
  if (edit(original) === original && edit !== same) throw new Error('the edit did not change the scenario');
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, text);
  return loadScenarioFile(file);
}
const same = (y: string): string => y;
const identity = async (edit: (y: string) => string) => runIdentity(buildJob(await scenarioWith(edit), { nPatients: 10 }), 'cpu');

describe('which regimens an edit re-runs', () => {
  const cases: [string, (y: string) => string, boolean[]][] = [
    ['nothing changed', same, [false, false]],
    ['the second regimen\'s dose', (y) => y.replace('amount: 35,', 'amount: 36,'), [false, true]],
    ['the first regimen\'s schedule', (y) => y.replace('cycle_length: 21 d', 'cycle_length: 22 d'), [true, false]],
    // Per-cycle nadirs are summaries up to the largest cycle count of any regimen: 6 → 5 drops one.
    ['a regimen\'s cycle count that changes the per-cycle summaries', (y) => y.replace('cycles: 6 }', 'cycles: 5 }'), [true, true]],
    ['a regimen\'s name', (y) => y.replace('- name: 75 mg/m² q3w', '- name: standard'), [false, false]],
    ['an endpoint\'s grading', (y) => y.replace('neutropenia: { output: ANC }', 'neutropenia: { output: ANC, lln: 2.5 }'), [false, false]],
    ['an endpoint that needs other summaries', (y) => y.replace('every: 6 wk', 'every: 8 wk'), [true, true]],
    ['an event threshold', (y) => y.replace('below: 0.5 }', 'below: 0.4 }'), [false, false]],
    ['the population', (y) => y.replace('median: 70, cv: 0.2', 'median: 72, cv: 0.2'), [true, true]],
    ['the seed', (y) => y.replace('seed: 20261122', 'seed: 7'), [true, true]],
    ['a summary', (y) => y.replace('threshold: 0.5 }', 'threshold: 0.4 }'), [true, true]],
    ['the output grid', (y) => y.replace('every: 1 d', 'every: 2 d'), [true, true]],
    ['the horizon', (y) => y.replace('horizon: 126 d', 'horizon: 140 d'), [true, true]],
  ];
  it.each(cases)('%s', async (_what, edit, expected) => {
    expect(regimensToRun(await identity(same), await identity(edit))).toEqual(expected);
  });

  it('a reordered regimen is found at its new place; an added one runs alone', async () => {
    const kept = await identity(same);
    const next = { ...kept, regimens: [kept.regimens[1], kept.regimens[0], 'new'] };
    expect(regimensToRun(kept, next)).toEqual([false, false, true]);
  });

  it('a different target (backend) or nothing kept re-runs everything', async () => {
    const job = buildJob(await scenarioWith(same), { nPatients: 10 });
    expect(regimensToRun(runIdentity(job, 'cpu'), runIdentity(job, 'webgpu'))).toEqual([true, true]);
    expect(regimensToRun(undefined, runIdentity(job, 'cpu'))).toEqual([true, true]);
  });
});

describe('a staged what-if run on a session', () => {
  const backend = createCpuBackend();
  const host = { factories: () => ({ cpu: async () => backend, webgpu: async () => { throw new Error('no GPU in this test'); } }), engineVersion: () => 'test' };
  const session = new EngineSession(host);
  afterAll(() => session.dispose());
  const N = PREVIEW_PATIENTS + 40;
  const columns = (r: ScenarioResult) => r.ensemble!.regimens.map((g) => ({ ...g.summaries, failed: g.failed }));

  it('previews the leading patients, reuses the untouched regimen and ends equal to a fresh full run', async () => {
    await session.run(await scenarioWith(same), { backend: 'cpu', nPatients: N, reuse: true });
    const compiles = backend.compiles;
    const previews: [ScenarioResult, number][] = [];
    const edited = await scenarioWith((y) => y.replace('amount: 35,', 'amount: 30,'));
    const progress: number[] = [];
    const r = await session.run(edited, { backend: 'cpu', nPatients: N, reuse: true, onPreview: (p, k) => previews.push([p, k]), onProgress: (f) => progress.push(f) });
    expect(backend.compiles).toBe(compiles);
    expect(previews.map(([p, k]) => [k, p.provenance.nPatients, p.ensemble!.regimens[1].failed.length])).toEqual([[PREVIEW_PATIENTS, PREVIEW_PATIENTS, PREVIEW_PATIENTS]]);
    expect(r.provenance.notes.some((x) => x.startsWith('what-if: 75 mg/m² q3w reused'))).toBe(true);
    expect(progress.at(-1)).toBe(1);

    const fresh = await new EngineSession(host).run(edited, { backend: 'cpu', nPatients: N });
    expect(columns(r)).toEqual(columns(fresh));
    expect(r.regimens).toEqual(fresh.regimens);
    expect(r.ensemble!.regimens.map((g) => g.quantiles)).toEqual(fresh.ensemble!.regimens.map((g) => g.quantiles));
    // The preview's patients are the final run's first ones.
    expect(previews[0][0].ensemble!.regimens[1].summaries.auc).toEqual(fresh.ensemble!.regimens[1].summaries.auc.slice(0, PREVIEW_PATIENTS));
  }, 120_000);

  it('an edit of events only simulates nothing and still assembles the new event rates', async () => {
    await session.run(await scenarioWith(same), { backend: 'cpu', nPatients: N, reuse: true });
    let progressCalls = 0, previews = 0;
    const r = await session.run(await scenarioWith((y) => y.replace('below: 0.5 }', 'below: 0.4 }')), { backend: 'cpu', nPatients: N, reuse: true, onProgress: () => progressCalls++, onPreview: () => previews++ });
    expect(r.provenance.notes.some((x) => x.includes('75 mg/m² q3w, 35 mg/m² weekly d1,8,15 q4w reused'))).toBe(true);
    expect([progressCalls, previews]).toEqual([1, 0]);
    const fresh = await new EngineSession(host).run(await scenarioWith((y) => y.replace('below: 0.5 }', 'below: 0.4 }')), { backend: 'cpu', nPatients: N });
    expect(r.regimens).toEqual(fresh.regimens);
  }, 120_000);
});
