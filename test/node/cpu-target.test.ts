/**
 * The Node CPU backend's kernel target: WebAssembly by default, JavaScript when ONCOTWIN_CPU_TARGET
 * says so (docs/CLI.md), an explicit option over both; an unknown value is ignored, not an error
 * (the two targets give the same results, so the variable only ever changes speed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeCpuBackend } from '../../engine/node/node-cpu-backend.js';

const saved = process.env.ONCOTWIN_CPU_TARGET;
afterEach(() => {
  if (saved === undefined) delete process.env.ONCOTWIN_CPU_TARGET; else process.env.ONCOTWIN_CPU_TARGET = saved;
});

describe('CPU kernel target', () => {
  it('is WebAssembly by default and JavaScript with ONCOTWIN_CPU_TARGET=js', async () => {
    delete process.env.ONCOTWIN_CPU_TARGET;
    const wasm = createNodeCpuBackend({ threads: 0 });
    expect(wasm.describe()).toMatch(/generated WebAssembly/);
    process.env.ONCOTWIN_CPU_TARGET = 'js';
    const js = createNodeCpuBackend({ threads: 0 });
    expect(js.describe()).toMatch(/generated JavaScript/);
    expect(createNodeCpuBackend({ threads: 0, target: 'wasm' }).describe()).toMatch(/WebAssembly/);
    process.env.ONCOTWIN_CPU_TARGET = 'fortran';
    expect(createNodeCpuBackend({ threads: 0 }).describe()).toMatch(/WebAssembly/);
    await Promise.all([wasm.dispose(), js.dispose()]);
  });
});
