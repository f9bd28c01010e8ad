/**
 * Runs a WGSL snippet over an input array on the GPU (Dawn/SwiftShader in Node), for testing the
 * hand-written shader pieces in isolation. Under CI a missing adapter throws; otherwise the caller
 * gets the reason and skips.
 */
import { getNodeGpu, requestNodeAdapter } from '../../../engine/node/webgpu-node.js';

export interface Harness {
  /**
   * Runs `body` once per input word, inside `fn main` after `let i = gid.x;` (inputs `inp[i]`,
   * results written to `out[outPer * i + k]`), with `prelude` at module scope.
   */
  run(prelude: string, body: string, input: Uint32Array, outPer: number): Promise<Uint32Array>;
  destroy(): void;
}

/** A harness on a fresh device, or the reason none is available (thrown under CI). */
export async function gpuHarness(): Promise<Harness | string> {
  const fail = (msg: string): string => {
    if (process.env.CI === 'true') throw new Error(msg);
    console.warn(`WebGPU shader tests skipped: ${msg}`);
    return msg;
  };
  const gpu = getNodeGpu();
  if (gpu instanceof Error) return fail(gpu.message);
  const adapter = await requestNodeAdapter(gpu);
  if (adapter instanceof Error) return fail(adapter.message);
  const device = await adapter.requestDevice();
  return {
    async run(prelude, body, input, outPer) {
      const code = `${prelude}
@group(0) @binding(0) var<storage, read> inp: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= arrayLength(&inp)) { return; }
  ${body}
}`;
      const module = device.createShaderModule({ code });
      const info = await module.getCompilationInfo();
      const errs = info.messages.filter((m) => m.type === 'error');
      if (errs.length > 0) throw new Error(errs.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n'));
      const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      const inBuf = device.createBuffer({ size: input.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      const outSize = input.length * outPer * 4;
      const outBuf = device.createBuffer({ size: outSize, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      const read = device.createBuffer({ size: outSize, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(inBuf, 0, input as Uint32Array<ArrayBuffer>);
      const bg = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: inBuf } }, { binding: 1, resource: { buffer: outBuf } }],
      });
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(Math.ceil(input.length / 64));
      pass.end();
      enc.copyBufferToBuffer(outBuf, 0, read, 0, outSize);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const res = new Uint32Array(read.getMappedRange().slice(0));
      for (const b of [inBuf, outBuf, read]) b.destroy();
      return res;
    },
    destroy() {
      device.destroy();
    },
  };
}

/** f32 bit patterns ↔ numbers. */
export function f32Bits(xs: number[]): Uint32Array {
  return new Uint32Array(Float32Array.from(xs).buffer);
}
export function bitsF32(u: Uint32Array): Float32Array {
  return new Float32Array(u.buffer, u.byteOffset, u.length);
}
