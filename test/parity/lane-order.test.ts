/**
 * Lane ordering on WebGPU (engine/backends/webgpu/simd-efficiency.ts): later regimens run their
 * patients in the order of the first regimen's step counts so that a SIMD group's lanes take
 * similar step counts. Results must not depend on it: every per-patient value, the trajectories and
 * the quantile sketches are the same as with patients in index order, and stay in patient order.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebGpuBackend } from '../../engine/backends/webgpu/webgpu-backend.js';
import { laneRows, simdEfficiency } from '../../engine/backends/webgpu/simd-efficiency.js';
import { buildJob } from '../../engine/common/scenario/index.js';
import { getNodeGpu } from '../../engine/node/webgpu-node.js';
import { loadScenarioFile } from '../../engine/run-scenario.js';
import { root } from '../models/model-job.js';

describe('lane rows and SIMD efficiency', () => {
  it('laneRows is the identity without a pilot and a stable sort by the pilot with one', () => {
    expect(Array.from(laneRows(4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(laneRows(5, [30, 10, 20, 10, 5]))).toEqual([4, 1, 3, 2, 0]);
  });
  it('simdEfficiency is mean/max per group of consecutive patients', () => {
    expect(simdEfficiency([10, 10, 5, 15], 2)).toBeCloseTo((1 + 10 / 15) / 2, 12);
    expect(simdEfficiency([0, 0], 2)).toBe(1);
  });
});

const gpu = getNodeGpu();
describe.skipIf(gpu instanceof Error)('webgpu: ordering lanes by a pilot leaves results unchanged', () => {
  const opened: { dispose(): Promise<void> }[] = [];
  afterAll(async () => { for (const b of opened) await b.dispose(); });

  it('default.yaml, 160 patients (3 workgroups), both regimens: identical per-patient results', async () => {
    const job = buildJob(await loadScenarioFile(join(root, 'scenarios', 'default.yaml')), { nPatients: 160 });
    const [ordered, plain] = await Promise.all([true, false].map((orderByPilot) => createWebGpuBackend(gpu as GPU, { orderByPilot })));
    opened.push(ordered, plain);
    const a = await ordered.run(job), b = await plain.run(job);
    // The ordering is real: regimen 2's steps are not already sorted by regimen 1's.
    expect(Array.from(laneRows(160, a.regimens[0].steps))).not.toEqual(Array.from(laneRows(160)));
    a.regimens.forEach((ra, r) => {
      const rb = b.regimens[r];
      expect(Array.from(ra.steps)).toEqual(Array.from(rb.steps));
      expect(Array.from(ra.failed)).toEqual(Array.from(rb.failed));
      for (const k of Object.keys(ra.summaries)) expect(Array.from(ra.summaries[k]), k).toEqual(Array.from(rb.summaries[k]));
      expect(Array.from(ra.trajectories?.values ?? [])).toEqual(Array.from(rb.trajectories?.values ?? []));
      expect(ra.quantiles).toEqual(rb.quantiles);
    });
    expect(a.patients).toEqual(b.patients);
  }, 300_000);
});
