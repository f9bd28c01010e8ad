/**
 * The CPU backend's two targets print one kernel program (JavaScript: engine/codegen/js;
 * WebAssembly: engine/codegen/wasm) with the same operations in the same order and the same Math
 * functions, so they must give the same bits — not "close": every summary, failure code, step count,
 * quantile band, trajectory and per-patient value, for every built-in scenario, every model of
 * models/, and the stiff solver variants. An independent check of either printer: a mistake in one
 * (an operand order, an integer conversion, an array copy) shows up as a difference.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../engine/backends/cpu/cpu-backend.js';
import type { EnsembleJob } from '../../../engine/common/job.js';
import type { EnsembleResult } from '../../../engine/common/results.js';
import { loadModel } from '../../../engine/common/model/load-model.js';
import { buildJob } from '../../../engine/common/scenario/index.js';
import { NodeFileHost } from '../../../engine/node/node-file-host.js';
import { loadScenarioFile } from '../../../engine/run-scenario.js';
import { jobFor, modelFiles, root } from '../../models/model-job.js';
import { SOLVER_VARIANTS } from '../../parity/parity-data.js';

const js = createCpuBackend({ target: 'js' });
const wasm = createCpuBackend({ target: 'wasm' });
afterAll(async () => { await js.dispose(); await wasm.dispose(); });

/** Every number of a result as text (NaN and -0 spelled out: both must match too). */
function fingerprint(r: EnsembleResult): string[] {
  const lines: string[] = [];
  const put = (label: string, xs: ArrayLike<number>): void => {
    lines.push(`${label}: ${Array.from(xs, (x) => (Object.is(x, -0) ? '-0' : String(x))).join(' ')}`);
  };
  for (const g of r.regimens) {
    for (const [k, v] of Object.entries(g.summaries)) put(`${g.name} ${k}`, v);
    put(`${g.name} failed`, g.failed);
    put(`${g.name} steps`, g.steps);
    for (const q of g.quantiles) put(`${g.name} band ${q.output}`, q.values);
    if (g.trajectories) put(`${g.name} trajectories`, g.trajectories.values);
  }
  for (const [k, v] of Object.entries(r.patients ?? {})) put(`patients ${k}`, v);
  lines.push(`notes: ${r.notes.join(' | ')}`);
  return lines;
}

async function expectSameBits(job: EnsembleJob): Promise<void> {
  const a = fingerprint(await js.run(job));
  const b = fingerprint(await wasm.run(job));
  expect(b.length).toBe(a.length);
  // Line by line, so a failure names the regimen and column that differ.
  for (let i = 0; i < a.length; i++) expect(b[i]).toBe(a[i]);
}

const scenarioFiles = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();

describe('CPU targets: WebAssembly gives the JavaScript target\'s bits', () => {
  it('describes itself as WebAssembly by default', () => {
    expect(createCpuBackend().describe()).toMatch(/WebAssembly/);
    expect(js.describe()).toMatch(/JavaScript/);
  });

  for (const file of scenarioFiles) {
    it(`scenarios/${file}`, async () => {
      const scenario = await loadScenarioFile(join(root, 'scenarios', file));
      await expectSameBits({ ...buildJob(scenario, { nPatients: 24 }), trajectories: 4 });
    }, 120_000);
  }

  for (const v of SOLVER_VARIANTS) {
    it(`scenarios/${v.file} with solver ${v.method}`, async () => {
      const job = buildJob(await loadScenarioFile(join(root, 'scenarios', v.file)), { nPatients: 12 });
      await expectSameBits({ ...job, solver: { ...job.solver, method: v.method } });
    }, 120_000);
  }

  it('scenarios/docetaxel-neutropenia-kloft2006.yaml with fixed-step RK4', async () => {
    const job = buildJob(await loadScenarioFile(join(root, 'scenarios', 'docetaxel-neutropenia-kloft2006.yaml')), { nPatients: 8 });
    await expectSameBits({ ...job, solver: { ...job.solver, method: 'rk4' } });
  }, 120_000);

  for (const file of modelFiles) {
    it(`models/${file}`, async () => {
      const model = await loadModel(join(root, 'models', file), new NodeFileHost());
      await expectSameBits({ ...jobFor(model), nPatients: 12 });
    }, 120_000);
  }

  it('failing patients: the step limit reached mid-run (failure codes and NaN summaries alike)', async () => {
    const job = buildJob(await loadScenarioFile(join(root, 'scenarios', 'default.yaml')), { nPatients: 16 });
    const r = await wasm.run({ ...job, solver: { ...job.solver, maxSteps: 40 } });
    expect(r.regimens.some((g) => g.failed.some((f) => f !== 0))).toBe(true);
    await expectSameBits({ ...job, solver: { ...job.solver, maxSteps: 40 } });
  }, 120_000);
});
