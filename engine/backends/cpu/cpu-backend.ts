/**
 * The CPU backend: the kernel program printed as JavaScript (engine/codegen/js), float64, run
 * through a ChunkPool. Kernels are compiled once per structure key (this backend's cache, and each
 * worker's), patients split into chunks handed out dynamically; every result is written by patient
 * index and sketches add up exactly, so results are bit-identical for any pool, thread count or
 * chunk size.
 *
 * Host-neutral (no Node, no DOM): Node supplies a worker_threads pool through
 * engine/node/node-cpu-backend.ts; a browser Web Worker uses the in-thread pool (the default here).
 */
import type { EnsembleJob } from '../../common/job.js';
import type { CompiledKernel, PatientRange, RangeOptions, RunOptions, SimBackend } from '../backend.js';
import { jsKernelSource } from '../../codegen/js/js-kernel.js';
import { wasmKernelSource } from '../../codegen/wasm/wasm-kernel.js';
import type { JobData } from '../../kernel/pack.js';
import { allocPartial, type PartialResult } from '../../kernel/partial-result.js';
import { JS_CAPS, type KernelPlan } from '../../kernel/plan.js';
import { KernelCache, simulateJob } from '../simulate.js';
import { createInThreadPool, type ChunkPool } from './chunk-pool.js';

export interface CpuBackendOptions {
  /**
   * Where chunks run. Default: the calling thread (`createInThreadPool`). `threads: 0` says the same
   * explicitly; a pool running on other threads must come with `sharedMemory: true`.
   */
  pool?: ChunkPool;
  threads?: 0;
  /** Result buffers as SharedArrayBuffer, needed when the pool writes from other threads (default: false). */
  sharedMemory?: boolean;
  /** Shown in `describe()` and the result's `device` (default "main thread"). */
  device?: string;
  /** Patients per chunk handed to a thread (default 256). */
  chunkSize?: number;
  /**
   * What the kernel program is printed as: WebAssembly (the default where the host has it: the same
   * bits, faster) or JavaScript (docs/BENCHMARKS.md, "CPU backend against the native limit").
   */
  target?: CpuTarget;
}

export type CpuTarget = 'wasm' | 'js';

/** WebAssembly where the host has it (every Node and current browser), else JavaScript. */
export const defaultCpuTarget = (): CpuTarget => (typeof WebAssembly === 'object' ? 'wasm' : 'js');

interface CpuKernel extends CompiledKernel {
  source: string;
}

/** A CPU backend over `opts.pool` (default: the calling thread). `dispose()` disposes the pool. */
export function createCpuBackend(opts: CpuBackendOptions = {}): SimBackend {
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? 256));
  const pool: ChunkPool = opts.pool ?? createInThreadPool();
  const device = opts.device ?? 'main thread';
  const shared = opts.sharedMemory ?? false;
  const cache = new KernelCache<CpuKernel>();
  const target = opts.target ?? defaultCpuTarget();
  const print = target === 'wasm' ? wasmKernelSource : jsKernelSource;
  const language = target === 'wasm' ? 'WebAssembly' : 'JavaScript';
  let queue: Promise<unknown> = Promise.resolve();
  // The pool serves one run at a time; concurrent calls queue.
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = queue.then(f);
    queue = p.then(() => undefined, () => undefined);
    return p;
  };
  const backend: SimBackend = {
    name: 'cpu',
    precision: 64,
    caps: JS_CAPS,
    describe: () => `CPU (generated ${language}, float64), ${device}`,
    get compiles() { return cache.misses; },
    compile: (plan: KernelPlan) => cache.get(`${plan.key}#${target}`, async () => ({ key: `${plan.key}#${target}`, plan, source: print(plan) })),
    runRange: (kernel, data, range, ro) => serial(() => runRange(kernel as CpuKernel, data, range, ro)),
    run: (job: EnsembleJob, ro?: RunOptions) => simulateJob(backend, job, ro),
    dispose: () => queue.then(() => pool.dispose()),
  };
  return backend;

  async function runRange(kernel: CpuKernel, data: JobData, range: PatientRange, ro: RangeOptions): Promise<PartialResult> {
    const plan = kernel.plan;
    const part = allocPartial(plan, data.uniforms.length, data.nGrid, range.start, range.end, ro.trajectories, shared);
    const total = (range.end - range.start) * data.uniforms.length;
    let done = 0;
    await pool.run({
      key: kernel.key, source: kernel.source, start: range.start, end: range.end, chunkSize,
      task: {
        fd: data.fd, seed: data.seed, uniforms: data.uniforms, maxDoses: plan.maxDoses, start: range.start,
        trajectories: part.regimens[0]?.trajectoryRows ?? 0,
        out: part.regimens.map((p) => ({
          sums: p.sums, status: p.status, report: p.report, sketch: p.sketch.length > 0 ? p.sketch : null,
          trajectories: p.trajectoryRows > 0 ? p.trajectories : null,
        })),
      },
    }, (n) => {
      done += n * data.uniforms.length;
      ro.onProgress?.(total === 0 ? 1 : done / total);
    }, ro.signal);
    if (total === 0) ro.onProgress?.(1);
    return part;
  }
}
