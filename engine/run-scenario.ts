/**
 * The typed programmatic API for Node: `runScenario(path, opts)` loads a scenario and its model,
 * builds the job, selects a backend (auto: WebGPU through Dawn, else the CPU worker backend — the
 * reason is recorded), runs it and assembles a `ScenarioResult`. The CLI, tests and benchmarks use it.
 *
 * Errors: InputError (bad files or options, exit 2), RuntimeFailure (backend failure, exit 3),
 * CancelledError (aborted through `signal`, exit 130).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeCpuBackend } from './node/node-cpu-backend.js';
import { selectBackend, type BackendChoice, type BackendFactories } from './backends/registry.js';
import { isSoftwareAdapter } from './backends/webgpu/capabilities.js';
import { createWebGpuBackend } from './backends/webgpu/webgpu-backend.js';
import type { SimBackend } from './backends/backend.js';
import { assembleResult } from './common/assemble-result.js';
import type { ScenarioResult } from './common/scenario-result.js';
import { buildJob, loadScenario, type Scenario } from './common/scenario/index.js';
import { loadModel } from './common/model/load-model.js';
import { NodeFileHost } from './node/node-file-host.js';
import { getNodeGpu, requestNodeAdapter } from './node/webgpu-node.js';

/** The package root: built-in models/ and scenarios/ live there. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILTIN_MODELS_DIR = join(PACKAGE_ROOT, 'models');
export const BUILTIN_SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');
/** The embedded default scenario the README's main command runs. */
export const DEFAULT_SCENARIO = join(BUILTIN_SCENARIOS_DIR, 'default.yaml');

export interface RunScenarioOptions {
  backend?: BackendChoice;
  threads?: number;
  nPatients?: number;
  seed?: number;
  trajectories?: number;
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

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

export async function runScenario(path: string, opts: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const scenario = await loadScenarioFile(path);
  const job = buildJob(scenario, { nPatients: opts.nPatients, seed: opts.seed, trajectories: opts.trajectories });
  const choice = opts.backend ?? 'auto';
  const { backend, notes } = await selectBackend(choice, nodeBackendFactories(opts.threads, choice !== 'auto'));
  return runWith(backend, scenario, job, notes, opts).finally(() => backend.dispose());
}

async function runWith(
  backend: SimBackend,
  scenario: Scenario,
  job: ReturnType<typeof buildJob>,
  notes: string[],
  opts: RunScenarioOptions,
): Promise<ScenarioResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const ens = await backend.run(job, { onProgress: opts.onProgress, signal: opts.signal });
  const durationMs = performance.now() - t0;
  return assembleResult(scenario, job, ens, {
    engineVersion: engineVersion(),
    gitCommit: gitCommit(),
    startedAt,
    durationMs,
    notes,
    seed: opts.seed ?? scenario.population.seed,
  });
}

let versionCache: string | undefined;
function engineVersion(): string {
  versionCache ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return versionCache;
}

let commitCache: string | null | undefined;
/** The git commit of the engine's checkout, when it is one (provenance); undefined otherwise. */
function gitCommit(): string | undefined {
  if (commitCache === undefined) {
    try {
      commitCache = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      commitCache = null;
    }
  }
  return commitCache ?? undefined;
}
