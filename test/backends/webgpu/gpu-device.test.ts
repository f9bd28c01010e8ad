/**
 * Failures of the device itself become RuntimeFailure with a hint: shader compile errors, buffers
 * beyond the adapter's limits, a missing adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../../../engine/common/errors.js';
import { compilePipeline, createBuffer, layoutEntries, openDevice, type GpuContext } from '../../../engine/backends/webgpu/gpu-device.js';
import { createWebGpuBackend } from '../../../engine/backends/webgpu/webgpu-backend.js';
import { getNodeGpu } from '../../../engine/node/webgpu-node.js';

let ctx: GpuContext | undefined;
beforeAll(async () => {
  const gpu = getNodeGpu();
  try {
    if (gpu instanceof Error) throw gpu;
    ctx = await openDevice(gpu);
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    console.warn(`WebGPU device tests skipped: ${(e as Error).message}`);
  }
});
afterAll(() => ctx?.device.destroy());

describe('webgpu device errors', () => {
  it('turns a WGSL compile error into RuntimeFailure naming the line', async (t) => {
    if (!ctx) return t.skip();
    const layout = ctx.device.createPipelineLayout({ bindGroupLayouts: [ctx.device.createBindGroupLayout({ entries: layoutEntries(['storage']) })] });
    const p = compilePipeline(ctx.device, '@compute @workgroup_size(1) fn main() { let x: f32 = undefined_name; }', 'main', layout, 'test kernel');
    await expect(p).rejects.toBeInstanceOf(RuntimeFailure);
    await expect(p).rejects.toThrow(/test kernel failed: line 1/);
  });

  it('turns an allocation beyond the limits into RuntimeFailure with a hint', async (t) => {
    if (!ctx) return t.skip();
    const huge = ctx.device.limits.maxBufferSize * 2;
    const p = createBuffer(ctx.device, huge, GPUBufferUsage.STORAGE, 'too-big');
    await expect(p).rejects.toBeInstanceOf(RuntimeFailure);
    await expect(p).rejects.toThrow(/too-big/);
  });

  it('reports a missing adapter as RuntimeFailure', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(createWebGpuBackend(noAdapter)).rejects.toThrow(/no WebGPU adapter/);
  });
});
