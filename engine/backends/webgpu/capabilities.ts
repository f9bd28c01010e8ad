/**
 * What the WebGPU backend cannot run, as a reason a user can read (undefined = supported). Protocol
 * rules, per-cycle windows and dose-delivery columns are compiled into the WGSL kernel
 * (docs/KERNEL.md §7, engine/codegen/wgsl/emit-rules.ts), so every job the CPU backend runs is
 * supported; the backend registry keeps asking, so a future gap is refused rather than run wrongly.
 */
import type { EnsembleJob } from '../../common/job.js';

export function webgpuUnsupported(_job: EnsembleJob): string | undefined {
  return undefined;
}

/**
 * A software adapter (SwiftShader, llvmpipe, lavapipe, or one the implementation marks as a CPU
 * fallback): it runs WGSL on the same CPU cores, slower than the CPU backend on general scenarios,
 * so `auto` skips it (docs/BENCHMARKS.md).
 */
export function isSoftwareAdapter(info: GPUAdapterInfo): boolean {
  const i = info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return i.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe/i.test(`${i.architecture} ${i.description} ${i.device}`);
}
