/**
 * The typed programmatic API for Node: `runScenario(path, opts)` loads a scenario and its model and
 * runs it on an engine session (engine/session.ts: job, backend — auto: WebGPU through Dawn, else
 * the CPU worker backend, the reason recorded — and the ScenarioResult). The session keeps its
 * backends alive, so later runs of the same structure reuse the compiled kernel. The CLI, tests and
 * benchmarks use it.
 *
 * Errors: InputError (bad files or options, exit 2), RuntimeFailure (backend failure, exit 3),
 * CancelledError (aborted through `signal`, exit 130).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeCpuBackend } from './node/node-cpu-backend.js';
import type { BackendFactories } from './backends/registry.js';
import { isSoftwareAdapter } from './backends/webgpu/capabilities.js';
import { createWebGpuBackend } from './backends/webgpu/webgpu-backend.js';
import type { ScenarioResult } from './common/scenario-result.js';
import { loadScenario, type Scenario } from './common/scenario/index.js';
import { EngineSession, type SessionRunOptions } from './session.js';
import { loadModel } from './common/model/load-model.js';
import { NodeFileHost } from './node/node-file-host.js';
import { getNodeGpu, requestNodeAdapter } from './node/webgpu-node.js';

/** The package root: built-in models/ and scenarios/ live there. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILTIN_MODELS_DIR = join(PACKAGE_ROOT, 'models');
export const BUILTIN_SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');
/** The embedded default scenario the README's main command runs. */
export const DEFAULT_SCENARIO = join(BUILTIN_SCENARIOS_DIR, 'default.yaml');

export type RunScenarioOptions = SessionRunOptions;

/** Loads and validates a scenario file (and its model) with the Node file host. */
export function loadScenarioFile(path: string): Promise<Scenario> {
  return loadScenario(path, new NodeFileHost(), loadModel, { builtinModelsDir: BUILTIN_MODELS_DIR });
}

/**
 * Node's backend factories: Dawn (a real GPU's Vulkan driver, or SwiftShader) and worker threads.
 * With `allowSoftwareGpu` false (what `auto` uses), a software adapter is refused with the reason:
 * SwiftShader runs WGSL on the same CPU cores, and on scenarios with many summaries the CPU backend
 * is several times faster there (docs/BENCHMARKS.md); `--backend webgpu` still uses it.
 */
export function nodeBackendFactories(threads?: number, allowSoftwareGpu = true): BackendFactories {
  return {
    cpu: async () => createNodeCpuBackend({ threads }),
    webgpu: async () => {
      const gpu = getNodeGpu();
      if (gpu instanceof Error) throw gpu;
      const adapter = await requestNodeAdapter(gpu);
      if (adapter instanceof Error) throw adapter;
      if (!allowSoftwareGpu && isSoftwareAdapter(adapter.info)) {
        throw new Error(`the only WebGPU adapter is a software renderer (${adapter.info.description || adapter.info.architecture}), slower than the CPU backend here; use --backend webgpu to run on it anyway`);
      }
      return createWebGpuBackend(gpu);
    },
  };
}

/** A Node engine session: backends stay alive between its runs (compile once, run many). */
export function createNodeSession(): EngineSession {
  return new EngineSession({ factories: (allowSoftwareGpu, threads) => nodeBackendFactories(threads, allowSoftwareGpu), engineVersion, gitCommit });
}

let defaultSession: EngineSession | undefined;

/**
 * Runs a scenario file on the process's default session, whose backends (worker threads, GPU
 * device, compiled kernels) are kept for later runs; `disposeDefaultSession` releases them.
 */
export async function runScenario(path: string, opts: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const scenario = await loadScenarioFile(path);
  defaultSession ??= createNodeSession();
  return defaultSession.run(scenario, opts);
}

/** Releases the default session's backends (worker threads, GPU device). */
export async function disposeDefaultSession(): Promise<void> {
  const s = defaultSession;
  defaultSession = undefined;
  await s?.dispose();
}

let versionCache: string | undefined;
/** The engine's package version (provenance). */
export function engineVersion(): string {
  versionCache ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return versionCache;
}

let commitCache: string | null | undefined;
/** The git commit of the engine's checkout, when it is one (provenance); undefined otherwise. */
export function gitCommit(): string | undefined {
  if (commitCache === undefined) {
    try {
      commitCache = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      commitCache = null;
    }
  }
  return commitCache ?? undefined;
}
