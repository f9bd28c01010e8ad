/**
 * How the CPU backend hands patient chunks to threads. The Node worker_threads pool lives in
 * engine/node/worker-pool.ts; a browser Web Worker pool can implement the same interface. The
 * in-thread pool here runs chunks on the calling thread (tests, environments without workers).
 */
import { CancelledError } from '../../common/errors.js';
import { instantiateKernel, type KernelData } from '../../codegen/js/kernel-data.js';

/** One run: the kernel source, its data, and how to split the patients. */
export interface ChunkTask {
  source: string;
  data: KernelData;
  nPatients: number;
  chunkSize: number;
}

export interface ChunkPool {
  /** Number of threads that run chunks concurrently. */
  readonly threads: number;
  /**
   * Runs every chunk [i0, i1) of the task once, results written by patient index into task.data.out
   * (shared buffers). Calls onChunk(patients) after each finished chunk. Rejects with CancelledError
   * when the signal aborts (checked between chunks).
   */
  run(task: ChunkTask, onChunk: (patients: number) => void, signal?: AbortSignal): Promise<void>;
  dispose(): Promise<void>;
}

/** Runs chunks on the calling thread, yielding to the event loop between chunks so aborts land. */
export function createInThreadPool(): ChunkPool {
  return {
    threads: 1,
    async run(task, onChunk, signal) {
      const kernel = instantiateKernel(task.source, task.data);
      for (let i0 = 0; i0 < task.nPatients; i0 += task.chunkSize) {
        if (signal?.aborted) throw new CancelledError();
        const i1 = Math.min(task.nPatients, i0 + task.chunkSize);
        // The instance is shared per source in this thread; another run may have rebound it meanwhile.
        kernel.bind(task.data);
        kernel.run(i0, i1);
        onChunk(i1 - i0);
        await new Promise((r) => setTimeout(r, 0));
      }
      if (signal?.aborted) throw new CancelledError();
    },
    async dispose() {},
  };
}
