/**
 * The real engine for the browser (runs inside engine-worker.ts): loads the scenario through a
 * UrlFileHost and runs it on the worker's engine session (engine/session.ts) — WebGPU through
 * navigator.gpu when a hardware adapter exists, else the CPU backend on the worker's own thread.
 * The session lives as long as the worker, so a what-if edit that changes only numbers reuses the
 * compiled kernel, re-simulates only the regimens the edit touched (engine/what-if.ts) and sends a
 * preview of the leading patients first (engine/staged-run.ts). Every choice and skip is recorded in
 * provenance.notes.
 */
import type { EngineEntry, EngineProgress, EngineRunOptions, OnPreview } from '../common/engine-client.js';
import { yamlDiagnostics } from '../common/scenario-doc.js';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import type { BackendFactories } from '../../engine/backends/registry.js';
import { isSoftwareAdapter } from '../../engine/backends/webgpu/capabilities.js';
import { createWebGpuBackend } from '../../engine/backends/webgpu/webgpu-backend.js';
import { InputError, type Diagnostic } from '../../engine/common/errors.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { buildJob, loadScenario, type Scenario } from '../../engine/common/scenario/index.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { EngineSession } from '../../engine/session.js';
import { UrlFileHost } from './url-file-host.js';

/** Engine version and commit, served by desktop/serve.ts as /version.json. */
export interface EngineVersion {
  version: string;
  gitCommit?: string;
}

async function load(origin: string, yaml: string, fileName: string): Promise<Scenario> {
  const host = new UrlFileHost(origin, new Map([[fileName, yaml]]));
  return loadScenario(fileName, host, loadModel, { builtinModelsDir: '/models' });
}

/**
 * Browser backend factories. `auto` refuses a software WebGPU adapter (SwiftShader runs WGSL on the
 * same CPU cores, slower than the CPU backend); asking for `webgpu` explicitly still uses it.
 */
function factories(allowSoftwareGpu: boolean): BackendFactories {
  return {
    cpu: async () => createCpuBackend({ device: 'Web Worker thread' }),
    webgpu: async () => {
      const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
      if (!gpu) throw new Error('this browser exposes no navigator.gpu (WebGPU disabled or unsupported)');
      const adapter = await gpu.requestAdapter();
      if (!adapter) throw new Error('navigator.gpu returned no adapter');
      if (!allowSoftwareGpu && isSoftwareAdapter(adapter.info)) {
        throw new Error(`the only WebGPU adapter is a software renderer (${adapter.info.description || adapter.info.architecture || 'fallback'}), slower than the CPU backend`);
      }
      return createWebGpuBackend(gpu);
    },
  };
}

/** The EngineEntry over the real engine, reading models from `origin` (the worker's own server). */
export function browserEngine(origin: string, version: EngineVersion): EngineEntry {
  const session = new EngineSession({ factories, engineVersion: () => version.version, gitCommit: () => version.gitCommit });
  return {
    kind: 'engine',
    async runScenario(yaml: string, opts: EngineRunOptions, onProgress: (p: EngineProgress) => void, signal: AbortSignal, onPreview?: OnPreview): Promise<ScenarioResult> {
      const scenario = await load(origin, yaml, opts.fileName);
      const { backend } = await session.backend(opts.backend);
      const label = backend.describe();
      const total = (opts.nPatients ?? scenario.population.size) * scenario.regimens.length;
      onProgress({ patientsDone: 0, patientsTotal: total, backend: label });
      return session.run(scenario, {
        backend: opts.backend, nPatients: opts.nPatients, seed: opts.seed, signal, reuse: true,
        onPreview,
        onProgress: (f) => onProgress({ patientsDone: Math.round(f * total), patientsTotal: total, backend: label }),
      });
    },
    async validateScenario(yaml: string, fileName: string): Promise<Diagnostic[]> {
      const syntax = yamlDiagnostics(yaml, fileName);
      if (syntax.length) return syntax;
      try {
        const scenario = await load(origin, yaml, fileName);
        buildJob(scenario, { nPatients: 1 });
        return [];
      } catch (e) {
        if (e instanceof InputError) return e.diagnostics;
        return [{ file: fileName, line: 1, col: 1, message: e instanceof Error ? e.message : String(e) }];
      }
    },
  };
}
