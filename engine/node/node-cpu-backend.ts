/**
 * The CPU backend on Node: chunks on worker_threads (engine/node/worker-pool.ts), one per available
 * core by default; `threads: 0` runs on the calling thread.
 */
import { availableParallelism } from 'node:os';
import type { SimBackend } from '../backends/backend.js';
import { createCpuBackend } from '../backends/cpu/cpu-backend.js';
import { createWorkerPool } from './worker-pool.js';

export interface NodeCpuBackendOptions {
  /** Worker threads (default os.availableParallelism()); 0 runs on the calling thread. */
  threads?: number;
  /** Patients per chunk handed to a thread (default 256). */
  chunkSize?: number;
}

/** The CPU backend with a worker_threads pool (or the calling thread for `threads: 0`). */
export function createNodeCpuBackend(opts: NodeCpuBackendOptions = {}): SimBackend {
  const threads = Math.max(0, Math.floor(opts.threads ?? availableParallelism()));
  if (threads === 0) return createCpuBackend({ chunkSize: opts.chunkSize });
  return createCpuBackend({
    pool: createWorkerPool(threads),
    sharedMemory: true,
    device: `${threads} worker thread${threads === 1 ? '' : 's'}`,
    chunkSize: opts.chunkSize,
  });
}
