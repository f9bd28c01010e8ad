/**
 * Device acquisition and the error plumbing of the WebGPU backend: every failure of the device
 * itself (no adapter, device lost, shader compile error, out of memory) becomes a RuntimeFailure
 * with a hint, never a raw exception.
 */
import { RuntimeFailure } from '../../common/errors.js';

export interface GpuContext {
  device: GPUDevice;
  description: string;
  /** Throws RuntimeFailure if the device was lost since the last call. */
  check(): void;
}

/** Requests an adapter and a device with the adapter's own storage-buffer limits. */
export async function openDevice(gpu: GPU, powerPreference: GPUPowerPreference = 'high-performance'): Promise<GpuContext> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference });
  } catch (e) {
    throw new RuntimeFailure(`WebGPU requestAdapter failed: ${(e as Error).message}`, 'use --backend cpu, or install a GPU driver (or SwiftShader) with Vulkan support');
  }
  if (!adapter) {
    throw new RuntimeFailure('no WebGPU adapter is available', 'use --backend cpu, or install a GPU driver (or SwiftShader via the chromium package) and libvulkan1');
  }
  const lim = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
        maxBufferSize: lim.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(lim.maxStorageBuffersPerShaderStage, 8),
      },
    });
  } catch (e) {
    throw new RuntimeFailure(`WebGPU requestDevice failed: ${(e as Error).message}`, 'use --backend cpu');
  }
  const info = adapter.info;
  const description = [info?.vendor, info?.architecture, info?.description].filter((x) => x).join(' ') || 'WebGPU adapter';
  let lost: string | undefined;
  void device.lost.then((l) => { if (l.reason !== 'destroyed') lost = l.message || String(l.reason); });
  return {
    device,
    description,
    check() {
      if (lost !== undefined) throw new RuntimeFailure(`the GPU device was lost: ${lost}`, 'retry with fewer patients per batch, or use --backend cpu');
    },
  };
}

/** Compiles a compute pipeline; compile errors become RuntimeFailure with the compiler's messages. */
export async function compilePipeline(device: GPUDevice, code: string, entryPoint: string, layout: GPUPipelineLayout, label: string): Promise<GPUComputePipeline> {
  // Captured so a compile error is reported once, through RuntimeFailure, not also as uncaptured.
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code, label });
  const info = await module.getCompilationInfo();
  await device.popErrorScope();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((m) => `line ${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
    throw new RuntimeFailure(`WGSL compilation of ${label} failed: ${first}`, 'this is an engine bug: report it with the model file; --backend cpu runs meanwhile');
  }
  try {
    return await device.createComputePipelineAsync({ layout, compute: { module, entryPoint }, label });
  } catch (e) {
    throw new RuntimeFailure(`creating the ${label} pipeline failed: ${(e as Error).message}`, 'use --backend cpu');
  }
}

/** Creates a buffer, turning out-of-memory into RuntimeFailure. */
export async function createBuffer(device: GPUDevice, size: number, usage: GPUBufferUsageFlags, label: string): Promise<GPUBuffer> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const buf = device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage, label });
  const [validation, oom] = [await device.popErrorScope(), await device.popErrorScope()];
  const err = oom ?? validation;
  if (err) {
    buf.destroy();
    throw new RuntimeFailure(`allocating GPU buffer ${label} (${size} bytes) failed: ${err.message}`, 'lower the batch size (fewer patients per batch) or use --backend cpu');
  }
  return buf;
}

/** Binding layout entries for compute-only storage/uniform bindings. */
export function layoutEntries(kinds: GPUBufferBindingType[]): GPUBindGroupLayoutEntry[] {
  return kinds.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } }));
}
