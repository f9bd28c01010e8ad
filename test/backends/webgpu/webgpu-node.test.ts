/**
 * engine/node/webgpu-node.ts: environment set-up for Dawn and the adapter diagnosis.
 */
import { describe, expect, it } from 'vitest';
import { adapterHint, getNodeGpu, requestNodeAdapter, SWIFTSHADER_ICD } from '../../../engine/node/webgpu-node.js';
import { isSoftwareAdapter } from '../../../engine/backends/webgpu/capabilities.js';
import { dawnPollingPaced } from '../../../engine/node/dawn-polling.js';
import { existsSync } from 'node:fs';

describe('getNodeGpu', () => {
  it('sets XDG_RUNTIME_DIR when unset and VK_ICD_FILENAMES only when unset and SwiftShader exists', () => {
    const before = process.env.VK_ICD_FILENAMES;
    const gpu = getNodeGpu();
    expect(process.env.XDG_RUNTIME_DIR).toBeTruthy();
    if (before) expect(process.env.VK_ICD_FILENAMES).toBe(before);
    else if (existsSync(SWIFTSHADER_ICD)) expect(process.env.VK_ICD_FILENAMES).toBe(SWIFTSHADER_ICD);
    if (process.env.CI === 'true') expect(gpu).not.toBeInstanceOf(Error);
  });

  it('finds an adapter here, or explains why not (a failure under CI)', async () => {
    const gpu = getNodeGpu();
    if (gpu instanceof Error) {
      expect(process.env.CI).not.toBe('true');
      return;
    }
    const adapter = await requestNodeAdapter(gpu);
    if (adapter instanceof Error) {
      expect(process.env.CI).not.toBe('true');
      expect(adapter.message).toMatch(/VK_ICD_FILENAMES|Vulkan|libvulkan/);
      return;
    }
    expect(adapter.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    // A software adapter shares the cores with the host: Dawn's polling gets paced (dawn-polling.ts).
    expect(dawnPollingPaced()).toBe(isSoftwareAdapter(adapter.info));
  });

  it('diagnoses a missing ICD file by name', () => {
    const saved = process.env.VK_ICD_FILENAMES;
    process.env.VK_ICD_FILENAMES = '/nonexistent/icd.json';
    try {
      expect(adapterHint()).toMatch(/\/nonexistent\/icd\.json, which does not exist/);
    } finally {
      if (saved === undefined) delete process.env.VK_ICD_FILENAMES; else process.env.VK_ICD_FILENAMES = saved;
    }
  });
});
