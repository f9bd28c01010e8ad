/**
 * A WebGPU `GPU` object in Node, through Dawn (the `webgpu` npm package).
 *
 * Why this file exists: the engine's WebGPU backend takes a `GPU` object so the same code runs in a
 * browser Worker (navigator.gpu) and in Node. In Node, Dawn needs a Vulkan driver; on machines
 * without a GPU, SwiftShader (shipped with Chromium) is a software Vulkan driver that runs real WGSL.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, globals } from 'webgpu';
import { isSoftwareAdapter } from '../backends/webgpu/capabilities.js';
import { paceDawnPolling } from './dawn-polling.js';

/** Where Debian/Ubuntu's chromium package installs the SwiftShader Vulkan ICD. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let cached: GPU | undefined;
let exitHookInstalled = false;

/**
 * Returns a `GPU` object backed by Dawn, or an Error saying why none could be created.
 *
 * Sets `VK_ICD_FILENAMES` to SwiftShader only when it is unset and the ICD file exists (a real GPU's
 * driver is used otherwise), and `XDG_RUNTIME_DIR` when unset (Dawn warns and may fail without it).
 * Dawn keeps Node's event loop alive after use; `releaseNodeGpu` (also run on `beforeExit`) lets
 * the process end.
 */
export function getNodeGpu(): GPU | Error {
  if (cached) return cached;
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'oncotwin-xdg-'));
  try {
    Object.assign(globalThis, globals);
    cached = withPacedPollingOnSoftware(create(dawnFlags()));
  } catch (e) {
    return new Error(
      `could not load Dawn (npm package 'webgpu'): ${(e as Error).message}. ` +
        'Install libvulkan1 and a Vulkan driver (for software rendering: the chromium package, which ships SwiftShader).',
    );
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('beforeExit', releaseNodeGpu);
  }
  return cached;
}

/**
 * Dawn options: `ONCOTWIN_DAWN_FLAGS` (space-separated, e.g. `enable-dawn-features=dump_shaders`)
 * when set, else robustness off. Why off: Tint's robustness transform clamps every storage and
 * private-array index, and SwiftShader pays for each clamp in the solver loop (reference workload:
 * 548–567 → 694–731 patient-regimens per shader CPU-second, bench/webgpu.ts). What it guards
 * against is an out-of-bounds index in our own generated kernels, which the parity suite checks
 * on every model and scenario with robustness off; an index bug would give wrong numbers either way
 * (clamped reads are wrong too). Browsers keep robustness on (the renderer's navigator.gpu).
 */
function dawnFlags(): string[] {
  const env = process.env.ONCOTWIN_DAWN_FLAGS;
  if (env !== undefined) return env.split(/\s+/).filter(Boolean);
  return ['enable-dawn-features=disable_robustness'];
}

/** The GPU object, with requestAdapter pacing Dawn's polling when it hands out a software adapter. */
function withPacedPollingOnSoftware(gpu: GPU): GPU {
  const request = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = async (options?: GPURequestAdapterOptions) => {
    const adapter = await request(options);
    if (adapter && isSoftwareAdapter(adapter.info)) paceDawnPolling();
    return adapter;
  };
  return gpu;
}

/** Drops the cached GPU object so Dawn's handles can be collected and Node can exit. */
export function releaseNodeGpu(): void {
  cached = undefined;
}

/**
 * Requests an adapter, or explains why none was found (no Vulkan loader, no ICD, SwiftShader missing).
 */
export async function requestNodeAdapter(gpu: GPU): Promise<GPUAdapter | Error> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    adapter = null;
    return new Error(`requestAdapter failed: ${(e as Error).message}. ${adapterHint()}`);
  }
  return adapter ?? new Error(`no WebGPU adapter found. ${adapterHint()}`);
}

/** The diagnosis for a missing adapter, from what the environment shows. */
export function adapterHint(): string {
  const icd = process.env.VK_ICD_FILENAMES;
  if (!icd) {
    return `VK_ICD_FILENAMES is unset and ${SWIFTSHADER_ICD} does not exist: install a GPU's Vulkan driver, or chromium (SwiftShader) and libvulkan1.`;
  }
  if (!existsSync(icd)) return `VK_ICD_FILENAMES points to ${icd}, which does not exist.`;
  return `Vulkan driver ${icd} is set but Dawn found no adapter: check that libvulkan1 is installed (ldconfig -p | grep libvulkan).`;
}
