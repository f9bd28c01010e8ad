/**
 * A software adapter (SwiftShader, llvmpipe, lavapipe, or one the implementation marks as a CPU
 * fallback): it runs WGSL on the same CPU cores, slower than the CPU backend on general scenarios,
 * so `auto` skips it (docs/BENCHMARKS.md).
 */
export function isSoftwareAdapter(info: GPUAdapterInfo): boolean {
  const i = info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return i.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe/i.test(`${i.architecture} ${i.description} ${i.device}`);
}
