/**
 * Shards on the WebGPU backend (f32; what `oncotwin slurm --gpu` runs) merge into the one-machine
 * WebGPU run exactly. Without a WebGPU adapter the test is skipped — except under CI=true, where the
 * GPU path must be exercised (SwiftShader there), as in the other WebGPU tests.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNodeGpu, requestNodeAdapter } from '../../engine/node/webgpu-node.js';
import { cli, expectSameRun, FIXTURE, tempDir } from './harness.js';

async function adapterProblem(): Promise<string | undefined> {
  const gpu = getNodeGpu();
  if (gpu instanceof Error) return gpu.message;
  const adapter = await requestNodeAdapter(gpu);
  return adapter instanceof Error ? adapter.message : undefined;
}

const problem = await adapterProblem();
if (problem && process.env.CI === 'true') {
  describe('WebGPU shards', () => {
    it('have an adapter (CI=true: required)', () => { throw new Error(`WebGPU unavailable: ${problem}`); });
  });
}

describe.skipIf(problem !== undefined)('WebGPU shards', () => {
  it('3 shards on webgpu merge into the single webgpu run', async () => {
    const work = tempDir('gpu-shards');
    const args = ['--patients', '200', '--backend', 'webgpu', '--quiet'];
    const single = await cli(['run', FIXTURE, '--out', join(work, 'single'), ...args]);
    expect(single.code, single.err).toBe(0);
    for (let k = 0; k < 3; k++) {
      const r = await cli(['run', FIXTURE, '--shard', `${k}/3`, '--out', join(work, 'parts'), ...args]);
      expect(r.code, r.err).toBe(0);
    }
    const merged = await cli(['merge', join(work, 'parts'), '--out', join(work, 'merged'), '--quiet']);
    expect(merged.code, merged.err).toBe(0);
    expectSameRun(join(work, 'merged'), join(work, 'single'));
  }, 180_000);
});
