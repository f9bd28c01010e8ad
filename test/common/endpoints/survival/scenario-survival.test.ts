/**
 * Overall survival computed by scenario runs (`endpoints.survival`, engine/common/scenario/
 * survival-endpoint.ts → assembleResult):
 * - equals the host computation the virtual-trial harness uses (test/models/clinical-trial.ts:
 *   computeEndpoints with the survival file, covariate columns, seed and clock) on the same patients;
 * - is the same for every CPU thread count, and on WebGPU (f32) within the kernel's parity tolerance;
 * - a bad survival key is an InputError at the key's file:line:col; a bad survival file at its own.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeEndpoints, loadSurvivalSpec } from '../../../../engine/common/endpoints/index.js';
import { InputError } from '../../../../engine/common/errors.js';
import type { ScenarioResult } from '../../../../engine/common/scenario-result.js';
import { NodeFileHost } from '../../../../engine/node/node-file-host.js';
import { getNodeGpu } from '../../../../engine/node/webgpu-node.js';
import { createNodeSession, loadScenarioFile } from '../../../../engine/run-scenario.js';
import { root } from '../../../models/model-job.js';
import { buildSummary } from '../../../../engine/cli/summary-json.js';
import { patientsCsv } from '../../../../engine/cli/result-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'oncotwin-survival-'));
const base = readFileSync(join(root, 'scenarios', 'nsclc-docetaxel-schedules.yaml'), 'utf8')
  .replace('model: ../models/docetaxel-kloft-struemper2025.yaml', `model: ${join(root, 'models', 'docetaxel-kloft-struemper2025.yaml')}`)
  .replace('model: ../models/survival/struemper2025-os.yaml', `model: ${join(root, 'models', 'survival', 'struemper2025-os.yaml')}`)
  .replace(/^golden:.*$/m, '')
  .replace('horizon: 728 d', 'horizon: 252 d'); // shorter for the test (the tumour minimum is still inside it for most patients)
const session = createNodeSession();
afterAll(() => session.dispose());

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function inputError(path: string): Promise<InputError> {
  try { await loadScenarioFile(path); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

const N = 48;
let cpu1: ScenarioResult;

describe('overall survival in scenario runs', () => {
  it('equals the virtual-trial host computation on the same patients', async () => {
    const path = write('nsclc.yaml', base);
    const scenario = await loadScenarioFile(path);
    expect(scenario.summaries.map((s) => s.name)).toEqual(expect.arrayContaining(['survival.KG', 'survival.TSB', 'survival.TTG']));
    cpu1 = await session.run(scenario, { backend: 'cpu', threads: 1, nPatients: N });
    const sv = cpu1.endpoints!.survival!;
    // The harness's computation (clinical-trial.ts): survival file + covariate columns in its units + seed + clock.
    const model = scenario.model;
    const spec = await loadSurvivalSpec(join(root, 'models', 'survival', 'struemper2025-os.yaml'), new NodeFileHost(), model);
    const columns = { ALB: cpu1.patients.ALB, TPRO: cpu1.patients.TPRO, NLR: cpu1.patients.NLR };
    expect(columns.ALB[0]).toBeCloseTo(39.4, 10);
    const ens = cpu1.ensemble!;
    const host = computeEndpoints(scenario.endpoints!, ens.regimens, {
      spec, covariates: columns, seed: { lo: 20261122, hi: 0 }, horizon: 252, modelDays: 1, followUpDays: 5 * 365.25,
    });
    for (let r = 0; r < 2; r++) {
      expect(Array.from(sv.regimens[r].os.time)).toEqual(Array.from(host.survival!.regimens[r].os.time));
      expect(Array.from(sv.regimens[r].os.event)).toEqual(Array.from(host.survival!.regimens[r].os.event));
      expect(Array.from(cpu1.endpoints!.recist!.regimens[r].pfs!.time)).toEqual(Array.from(host.recist!.regimens[r].pfs!.time));
    }
    expect(sv.comparisons[0].os.hr).toBe(host.survival!.comparisons[0].os.hr);
    expect(sv.followUpDays).toBeCloseTo(1826.25, 9);
    // Event times are finite and censored at 5 years; PFS never exceeds OS.
    for (const reg of sv.regimens) for (const [i, t] of reg.os.time.entries()) {
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(1826.25);
      expect(cpu1.endpoints!.recist!.regimens[sv.regimens.indexOf(reg)].pfs!.time[i]).toBeLessThanOrEqual(t);
    }
  }, 120_000);

  it('goes to summary.json (no per-patient arrays) and patients.csv (OS and PFS per patient)', () => {
    const sum = buildSummary(cpu1).endpoints!.survival!;
    const os = sum.regimens[1].os;
    expect(os.events + os.censored).toBe(N);
    expect(os).not.toHaveProperty('time');
    expect(os.median).toEqual(cpu1.endpoints!.survival!.regimens[1].os.median);
    expect(os.atRisk[0]).toEqual({ time: 0, atRisk: N, events: 0 });
    expect(buildSummary(cpu1).endpoints!.recist!.regimens[0].pfs).not.toHaveProperty('time');
    // Fields split outside quotes (regimen names hold commas: "d1,8,15").
    const rows = [...patientsCsv(cpu1)].map((l) => l.trimEnd().split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    const col = (name: string): number => rows[0].indexOf(name);
    const row = rows[1 + N + 7]; // header, regimen 0's N rows, then patient 7 of regimen 1
    expect(row[0]).toBe('7');
    expect(Number(row[col('os_days')])).toBe(cpu1.endpoints!.survival!.regimens[1].os.time[7]);
    expect(Number(row[col('os_event')])).toBe(cpu1.endpoints!.survival!.regimens[1].os.event[7]);
    expect(Number(row[col('pfs_days')])).toBe(cpu1.endpoints!.recist!.regimens[1].pfs!.time[7]);
  });

  it('is the same with 2 worker threads', async () => {
    const two = await session.run(await loadScenarioFile(join(dir, 'nsclc.yaml')), { backend: 'cpu', threads: 2, nPatients: N });
    for (let r = 0; r < 2; r++) expect(Array.from(two.endpoints!.survival!.regimens[r].os.time)).toEqual(Array.from(cpu1.endpoints!.survival!.regimens[r].os.time));
    expect(two.endpoints!.survival!.comparisons[0].os).toEqual(cpu1.endpoints!.survival!.comparisons[0].os);
  }, 120_000);

  it.skipIf(getNodeGpu() instanceof Error)('agrees on WebGPU (f32): per-patient OS within 1%, same events', async () => {
    const gpu = await session.run(await loadScenarioFile(join(dir, 'nsclc.yaml')), { backend: 'webgpu', nPatients: N });
    for (let r = 0; r < 2; r++) {
      const a = cpu1.endpoints!.survival!.regimens[r].os, b = gpu.endpoints!.survival!.regimens[r].os;
      expect(Array.from(b.event)).toEqual(Array.from(a.event));
      // The same survival uniforms; only the f32 tumour summaries (KG, baseline size, nadir time) differ.
      for (let i = 0; i < N; i++) expect(Math.abs(b.time[i] - a.time[i])).toBeLessThanOrEqual(0.01 * a.time[i]);
    }
  }, 300_000);

  it('a survival key naming a missing file is an error at the key', async () => {
    const e = await inputError(write('missing.yaml', base.replace(/model: \S*struemper2025-os\.yaml/, 'model: ./nope.yaml')));
    const d = e.diagnostics[0];
    expect(d.file).toContain('missing.yaml');
    expect(d.message).toMatch(/endpoints\.survival\.model: cannot read survival file '\.\/nope\.yaml'/);
    const line = base.replace(/model: \S*struemper2025-os\.yaml/, 'model: ./nope.yaml').split('\n').findIndex((l) => l.includes('nope.yaml')) + 1;
    expect(d.line).toBe(line);
    expect(d.col).toBeGreaterThan(1);
  });

  it('a survival key with an unknown field or a bad follow-up is an error at file:line:col', async () => {
    const e1 = await inputError(write('unknown.yaml', base.replace('follow_up: 5 yr', 'folow_up: 5 yr')));
    expect(e1.diagnostics[0].message).toMatch(/folow_up/);
    expect(e1.diagnostics[0].line).toBeGreaterThan(1);
    const e2 = await inputError(write('unit.yaml', base.replace('follow_up: 5 yr', 'follow_up: 5 mg')));
    expect(e2.diagnostics[0].message).toMatch(/endpoints\.survival\.follow_up: expected a time/);
  });

  it('a covariate the survival file reads but the population lacks is an error at the key, with the fix', async () => {
    const e = await inputError(write('nocov.yaml', base.replace(/^ {4}NLR:.*\n/m, '')));
    expect(e.diagnostics[0].message).toMatch(/reads the population covariate NLR/);
    expect(e.diagnostics[0].hint).toMatch(/add NLR/);
  });

  it('an error inside the survival file is reported at that file\'s line and column', async () => {
    const text = readFileSync(join(root, 'models', 'survival', 'struemper2025-os.yaml'), 'utf8').replace('output: KG_I', 'output: KG_X');
    const sfile = write('bad-os.yaml', text);
    const e = await inputError(write('badfile.yaml', base.replace(/model: \S*struemper2025-os\.yaml/, `model: ${sfile}`)));
    expect(e.diagnostics[0].file).toBe(sfile);
    expect(e.diagnostics[0].line).toBe(text.split('\n').findIndex((l) => l.includes('KG_X')) + 1);
    expect(e.diagnostics[0].message).toMatch(/no output 'KG_X'/);
  });
});
