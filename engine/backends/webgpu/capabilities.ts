/**
 * What the WebGPU backend cannot run yet, as a reason a user can read (undefined = supported).
 * Protocol rules (dose delays, reductions, discontinuation) and the summaries that depend on them
 * (per-cycle windows of each regimen's own, possibly delayed, schedule; dose-delivery counters) are
 * compiled into the CPU kernel only so far; running such a job on the GPU without them would give
 * silently wrong numbers, so the backend refuses it and `auto` falls back to the CPU.
 */
import type { EnsembleJob } from '../../common/job.js';

export function webgpuUnsupported(job: EnsembleJob): string | undefined {
  const ruled = job.regimens.filter((r) => (r.rules?.rules.length ?? 0) > 0).map((r) => r.name);
  if (ruled.length > 0) return `protocol rules (regimens ${ruled.map((n) => `'${n}'`).join(', ')}) are not yet implemented on the WebGPU backend`;
  const perCycle = job.summaries.filter((s) => (s.kind === 'min' || s.kind === 'max') && s.cycle !== undefined).map((s) => s.name);
  if (perCycle.length > 0) return `per-cycle summaries (${perCycle.join(', ')}) are not yet implemented on the WebGPU backend`;
  const dosing = job.summaries.filter((s) => s.kind === 'value_at' && s.dosing !== undefined).map((s) => s.name);
  if (dosing.length > 0) return `dose-delivery summaries (${dosing.join(', ')}) are not yet implemented on the WebGPU backend`;
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
