/**
 * The CPU backend on Node: chunks on worker_threads (engine/node/worker-pool.ts), one per available
 * core by default; `threads: 0` runs on the calling thread.
 */
import { availableParallelism } from 'node:os';
import type { SimBackend } from '../backends/backend.js';
import { createCpuBackend, type CpuTarget } from '../backends/cpu/cpu-backend.js';
import { createWorkerPool } from './worker-pool.js';

export interface NodeCpuBackendOptions {
  /** Worker threads (default os.availableParallelism()); 0 runs on the calling thread. */
  threads?: number;
  /** Patients per chunk handed to a thread (default 256). */
  chunkSize?: number;
  /** The kernel's target (default: ONCOTWIN_CPU_TARGET=js|wasm, else WebAssembly). */
  target?: CpuTarget;
}

/** ONCOTWIN_CPU_TARGET, when it names a target: the JS one stays selectable (A/B, a host without WebAssembly). */
function targetFromEnv(): CpuTarget | undefined {
  const v = process.env.ONCOTWIN_CPU_TARGET;
  return v === 'js' || v === 'wasm' ? v : undefined;
}

/** The CPU backend with a worker_threads pool (or the calling thread for `threads: 0`). */
export function createNodeCpuBackend(opts: NodeCpuBackendOptions = {}): SimBackend {
  const threads = Math.max(0, Math.floor(opts.threads ?? availableParallelism()));
  const target = opts.target ?? targetFromEnv();
  if (threads === 0) return createCpuBackend({ chunkSize: opts.chunkSize, target });
  return createCpuBackend({
    target,
    pool: createWorkerPool(threads),
    sharedMemory: true,
    device: `${threads} worker thread${threads === 1 ? '' : 's'}`,
    chunkSize: opts.chunkSize,
  });
}
