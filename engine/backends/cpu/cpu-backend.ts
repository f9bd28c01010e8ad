/**
 * The CPU backend: generated JavaScript kernels (Float64) run through a ChunkPool. Patients are split
 * into chunks handed out dynamically; every result is written by patient index, so results are
 * bit-identical for any pool, thread count or chunk size.
 *
 * Host-neutral (no Node, no DOM): Node supplies a worker_threads pool through
 * engine/node/node-cpu-backend.ts; a browser Web Worker uses the in-thread pool (the default here).
 */
import type { EnsembleJob } from '../../common/job.js';
import type { EnsembleResult } from '../../common/results.js';
import type { RunOptions, SimBackend } from '../backend.js';
import { emitKernel } from '../../codegen/js/emit-kernel.js';
import { allocOutputs, buildKernelData } from '../../codegen/js/kernel-data.js';
import { summaryColumns } from '../../codegen/js/emit-summaries.js';
import { createInThreadPool, type ChunkPool } from './chunk-pool.js';
import { assembleRegimens } from './assemble.js';

export interface CpuBackendOptions {
  /**
   * Where chunks run. Default: the calling thread (`createInThreadPool`). `threads: 0` says the same
   * explicitly; a pool running on other threads must come with `sharedMemory: true`.
   */
  pool?: ChunkPool;
  threads?: 0;
  /** Output buffers as SharedArrayBuffer, needed when the pool writes from other threads (default: false). */
  sharedMemory?: boolean;
  /** Shown in `describe()` and the result's `device` (default "main thread"). */
  device?: string;
  /** Patients per chunk handed to a thread (default 256). */
  chunkSize?: number;
}

/** A CPU backend over `opts.pool` (default: the calling thread). `dispose()` disposes the pool. */
export function createCpuBackend(opts: CpuBackendOptions = {}): SimBackend {
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? 256));
  const pool: ChunkPool = opts.pool ?? createInThreadPool();
  const device = opts.device ?? 'main thread';
  const sharedMemory = opts.sharedMemory ?? false;
  let queue: Promise<void> = Promise.resolve();
  return {
    name: 'cpu',
    precision: 64,
    describe: () => `CPU (generated JavaScript, float64), ${device}`,
    run(job: EnsembleJob, ro: RunOptions = {}): Promise<EnsembleResult> {
      // The pool serves one run at a time; concurrent calls queue.
      const p = queue.then(() => runOnce(job, ro));
      queue = p.then(() => undefined, () => undefined);
      return p;
    },
    dispose: () => queue.then(() => pool.dispose()),
  };

  async function runOnce(job: EnsembleJob, ro: RunOptions): Promise<EnsembleResult> {
    const kernel = emitKernel(job);
    const shared = (bytes: number): ArrayBufferLike => (sharedMemory ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const out = allocOutputs(job, summaryColumns(job.summaries).length, shared);
    const data = buildKernelData(job, kernel, out);
    const total = job.nPatients * job.regimens.length;
    let done = 0;
    await pool.run({ source: kernel.source, data, nPatients: job.nPatients, chunkSize }, (n) => {
      done += n * job.regimens.length;
      ro.onProgress?.(total === 0 ? 1 : done / total);
    }, ro.signal);
    if (total === 0) ro.onProgress?.(1);
    const notes: string[] = [];
    let fb = 0;
    for (let i = 0; i < job.nPatients; i++) fb += out.fallback[i];
    if (fb > 0) {
      notes.push(`closed-form linear subsystem unavailable for ${fb} of ${job.nPatients} patients (complex or near-equal eigenvalues); integrated numerically`);
    }
    return { backend: 'cpu', precision: 64, device, grid: Float64Array.from(job.grid), regimens: assembleRegimens(job, out), notes };
  }
}
