/**
 * How the CPU backend hands patient chunks to threads. The Node worker_threads pool lives in
 * engine/node/worker-pool.ts; a browser Web Worker pool can implement the same interface. The
 * in-thread pool here runs chunks on the calling thread (tests, environments without workers).
 */
import { CancelledError } from '../../common/errors.js';

/** The object a kernel source evaluates to (engine/codegen/js/js-kernel.ts). */
export interface JsKernel {
  /** Binds a run (its result buffers, shared with the other threads). */
  begin(task: KernelTask): void;
  chunk(i0: number, i1: number): void;
}

/** What one run hands every thread (structured-cloneable; result buffers shared between threads). */
export interface KernelTask {
  fd: Float64Array;
  seed: { lo: number; hi: number };
  uniforms: Record<string, number>[];
  maxDoses: number;
  /** Patient index of row 0 of the result buffers. */
  start: number;
  /** Rows (from `start`) whose trajectories are kept. */
  trajectories: number;
  /** Per regimen, for the whole range: summaries, status, reported values, sketch counts (outputs × grid × SKETCH_BUCKETS), leading trajectories. */
  out: { sums: Float64Array; status: Uint32Array; report: Float64Array; sketch: Uint32Array | null; trajectories: Float64Array | null }[];
}

/** One run: the kernel (by structure key and source), its task, and how to split the range. */
export interface ChunkRun {
  key: string;
  source: string;
  task: KernelTask;
  start: number;
  end: number;
  chunkSize: number;
}

export interface ChunkPool {
  /** Number of threads that run chunks concurrently. */
  readonly threads: number;
  /**
   * Runs every chunk of [start, end) once (results written by patient index into the task's shared
   * buffers, sketch counts added atomically), calling onChunk(patients) after each chunk. Rejects
   * with CancelledError when the signal aborts (checked between chunks).
   */
  run(run: ChunkRun, onChunk: (patients: number) => void, signal?: AbortSignal): Promise<void>;
  dispose(): Promise<void>;
}

const kernels = new Map<string, JsKernel>();

/** The kernel of `key` in this thread, compiled from `source` the first time (one instance per key). */
export function kernelInThisThread(key: string, source: string): JsKernel {
  let k = kernels.get(key);
  if (!k) {
    k = (new Function(`return (\n${source}\n);`)() as () => JsKernel)();
    kernels.set(key, k);
    // Bounded: a long-lived host (desktop) edits its way through many structures.
    if (kernels.size > 16) kernels.delete(kernels.keys().next().value!);
  }
  return k;
}

/** Runs chunks on the calling thread, yielding to the event loop between chunks so aborts land. */
export function createInThreadPool(): ChunkPool {
  return {
    threads: 1,
    async run(r, onChunk, signal) {
      const kernel = kernelInThisThread(r.key, r.source);
      for (let i0 = r.start; i0 < r.end; i0 += r.chunkSize) {
        if (signal?.aborted) throw new CancelledError();
        const i1 = Math.min(r.end, i0 + r.chunkSize);
        // The instance is shared per key in this thread; another run may have begun on it meanwhile.
        kernel.begin(r.task);
        kernel.chunk(i0, i1);
        onChunk(i1 - i0);
        await new Promise((res) => setTimeout(res, 0));
      }
      if (signal?.aborted) throw new CancelledError();
    },
    async dispose() {},
  };
}
