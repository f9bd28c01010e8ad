/**
 * The CPU backend: generated JavaScript kernels (Float64) run on worker threads. Patients are split
 * into chunks handed out dynamically; every result is written by patient index, so results are
 * bit-identical for any thread count or chunk size.
 */
import { availableParallelism } from 'node:os';
import type { EnsembleJob } from '../../common/job.js';
import type { EnsembleResult } from '../../common/results.js';
import type { RunOptions, SimBackend } from '../backend.js';
import { emitKernel } from '../../codegen/js/emit-kernel.js';
import { allocOutputs, buildKernelData } from '../../codegen/js/kernel-data.js';
import { summaryColumns } from '../../codegen/js/emit-summaries.js';
import { createWorkerPool } from '../../node/worker-pool.js';
import { createInThreadPool, type ChunkPool } from './chunk-pool.js';
import { assembleRegimens } from './assemble.js';

export interface CpuBackendOptions {
  /** Worker threads (default os.availableParallelism()); 0 runs on the calling thread. */
  threads?: number;
  /** Patients per chunk handed to a thread (default 256). */
  chunkSize?: number;
}

export function createCpuBackend(opts: CpuBackendOptions = {}): SimBackend {
  const threads = Math.max(0, Math.floor(opts.threads ?? availableParallelism()));
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? 256));
  const pool: ChunkPool = threads === 0 ? createInThreadPool() : createWorkerPool(threads);
  const device = threads === 0 ? 'main thread' : `${threads} worker thread${threads === 1 ? '' : 's'}`;
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
    const shared = (bytes: number): ArrayBufferLike => (threads === 0 ? new ArrayBuffer(bytes) : new SharedArrayBuffer(bytes));
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
