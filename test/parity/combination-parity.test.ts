/**
 * Cross-backend parity of a combination regimen (two drugs into two dose targets, times of day, a
 * reduce rule naming one drug, dose-delivery columns): WebGPU (f32) runs the job of
 * test/common/dosing/combination-fixture.ts on sampled patients and must agree with the CPU (f64)
 * reference within the tolerances of parity-data.ts. The scenario files (the ovarian
 * carboplatin + gemcitabine trial among them) are covered by parity.test.ts. Without a WebGPU
 * adapter the test is skipped with the reason, except with CI=true where that is a failure.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { createWebGpuBackend } from '../../engine/backends/webgpu/webgpu-backend.js';
import type { SimBackend } from '../../engine/backends/backend.js';
import { getNodeGpu } from '../../engine/node/webgpu-node.js';
import { combinationJob } from '../common/dosing/combination-fixture.js';
import { compareColumn } from './compare.js';
import { KIND_TOLERANCE } from './parity-data.js';

const reference = createCpuBackend({ threads: 0 });
async function openGpu(): Promise<SimBackend | string> {
  const gpu = getNodeGpu();
  if (gpu instanceof Error) return gpu.message;
  try { return await createWebGpuBackend(gpu); } catch (e) { return (e as Error).message; }
}
const gpu = await openGpu();

afterAll(async () => {
  await reference.dispose();
  if (typeof gpu !== 'string') await gpu.dispose();
});

describe('parity: combination regimen, webgpu (f32) vs cpu (f64)', () => {
  if (typeof gpu === 'string') {
    if (process.env.CI === 'true') it('has an adapter (CI=true: required)', () => { throw new Error(`webgpu unavailable: ${gpu}`); });
    else it.skip(`webgpu unavailable here: ${gpu}`, () => undefined);
    return;
  }
  for (const withRules of [false, true]) {
    it(withRules ? 'with a reduce rule naming one drug' : 'every dose as planned', async () => {
      const job = await combinationJob(withRules, 'random');
      const [cpu, other] = [await reference.run(job), await gpu.run(job)];
      const rc = cpu.regimens[0], ro = other.regimens[0];
      expect([...ro.failed]).toEqual([...rc.failed]);
      const failures: string[] = [];
      for (const s of job.summaries) {
        const c = compareColumn(s.name, rc.summaries[s.name], ro.summaries[s.name], KIND_TOLERANCE[s.kind]);
        if (c.outside > 0) failures.push(`${s.name}: ${c.outside} of ${c.n} outside rel ${KIND_TOLERANCE[s.kind].rel}; e.g. ${c.example}`);
      }
      expect(failures).toEqual([]);
      if (withRules) expect([...ro.summaries['dose.reductions']]).toEqual([...rc.summaries['dose.reductions']]);
    }, 180_000);
  }
});
