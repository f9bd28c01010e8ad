/**
 * Host side of a CPU kernel: the runtime data object `D` the generated code reads (all values of
 * the job), the result buffers it writes (optionally on SharedArrayBuffers so worker threads write
 * by patient index into one place), and a per-source compile cache.
 */
import type { EnsembleJob } from '../../common/job.js';
import { emitKernel, type KernelSource } from './emit-kernel.js';

/** Result buffers, one entry per regimen; patient i's data sits at fixed offsets. */
export interface KernelOutputs {
  /** values[(i * nOut + o) * nGrid + g], user units. */
  grid: Float64Array[];
  /** values[i * nCols + c], columns as summaryColumns(). */
  sums: Float64Array[];
  failed: Uint8Array[];
  steps: Uint32Array[];
  /** 1 where the closed form was unavailable for patient i and the subsystem was integrated. */
  fallback: Uint8Array;
}

export interface KernelData {
  [key: string]: unknown;
  out: KernelOutputs;
}

/** A compiled kernel instance. */
export interface Kernel {
  bind(data: KernelData): void;
  run(i0: number, i1: number): void;
}

type Alloc = (bytes: number) => ArrayBufferLike;
const plain: Alloc = (bytes) => new ArrayBuffer(bytes);

/** Allocates result buffers; pass a SharedArrayBuffer allocator to share them with workers. */
export function allocOutputs(job: EnsembleJob, nCols: number, alloc: Alloc = plain): KernelOutputs {
  const N = job.nPatients, nOut = job.model.outputs.length, G = job.grid.length;
  const f64 = (n: number): Float64Array => new Float64Array(alloc(8 * Math.max(1, n)));
  return {
    grid: job.regimens.map(() => f64(N * nOut * G)),
    sums: job.regimens.map(() => f64(N * nCols)),
    failed: job.regimens.map(() => new Uint8Array(alloc(Math.max(1, N)))),
    steps: job.regimens.map(() => new Uint32Array(alloc(4 * Math.max(1, N)))),
    fallback: new Uint8Array(alloc(Math.max(1, N))),
  };
}

/** Every value of the job the generated code reads, as typed arrays (structured-cloneable). */
export function buildKernelData(job: EnsembleJob, k: KernelSource, out: KernelOutputs): KernelData {
  const s = job.solver, m = job.model, L = k.layout;
  if (s.atol.length !== m.states.length) {
    throw new Error(`solver.atol has ${s.atol.length} entries for ${m.states.length} states`);
  }
  // AUC aux states have no unit of their own: they use the smallest state atol (docs/KERNEL.md §3).
  const auxAtol = Math.min(...s.atol);
  const aux = L.aucOutputs.map(() => auxAtol);
  const sp = new Float64Array(3 * Math.max(1, job.summaries.length));
  const edges: number[] = [];
  job.summaries.forEach((q, j) => {
    sp[3 * j] = 'from' in q && q.from !== undefined ? q.from : 0;
    sp[3 * j + 1] = 'to' in q && q.to !== undefined ? q.to : job.horizon;
    // Per-cycle windows are set per (patient, regimen) by the kernel (emit-rules.ts); their edges
    // are dose times, breakpoints already.
    const cycle = (q.kind === 'max' || q.kind === 'min') && q.cycle !== undefined;
    if ((q.kind === 'max' || q.kind === 'min' || q.kind === 'auc') && !cycle) edges.push(sp[3 * j], sp[3 * j + 1]);
    if (q.kind === 'time_below' || q.kind === 'time_above') sp[3 * j + 2] = q.threshold;
    if (q.kind === 'value_at') sp[3 * j + 2] = q.time;
  });
  const table = job.population.table;
  return {
    P: Float64Array.from(m.params.map((p) => p.value)),
    C: Float64Array.from(k.constants),
    grid: Float64Array.from(job.grid),
    horizon: job.horizon,
    sp,
    scale: Float64Array.from(m.outputs.map((o) => o.scale)),
    rtol: s.rtol, hmax: s.hmax, h0: s.h0, hmin: s.hmin, maxSteps: s.maxSteps,
    useCf: s.closedFormLinear && L.lin.length > 0,
    atolFull: Float64Array.from([...s.atol, ...aux]),
    atolCf: Float64Array.from([...L.nonLin.map((j) => s.atol[j]), ...aux]),
    table: table ? Float64Array.from(table.data) : new Float64Array(1),
    tableRows: table ? table.rows : 0,
    seedLo: job.seed.lo >>> 0, seedHi: job.seed.hi >>> 0,
    doseTime: job.regimens.map((r) => Float64Array.from(r.doses.map((d) => d.time))),
    doseTarget: job.regimens.map((r) => Int32Array.from(r.doses.map((d) => d.target))),
    doseLevel: job.regimens.map((r) => Int32Array.from(r.doses.map((d) => d.level))),
    doseCycle: job.regimens.map((r) => Int32Array.from(r.doses.map((d) => d.cycle))),
    doseDur: job.regimens.map((r) => Float64Array.from(r.doses.map((d) => (d.duration.k === 'num' ? d.duration.v : NaN)))),
    windowEdges: Float64Array.from(edges),
    out,
  };
}

const cache = new Map<string, Kernel>();

/**
 * Compiles (once per distinct source text) and binds a kernel in this thread. One instance per
 * source is kept, so later runs reuse its optimised code; runs in one thread never overlap.
 */
export function instantiateKernel(source: string, data: KernelData): Kernel {
  let kernel = cache.get(source);
  if (!kernel) {
    kernel = (new Function(`return (\n${source}\n);`)() as () => Kernel)();
    cache.set(source, kernel);
  }
  kernel.bind(data);
  return kernel;
}

export { emitKernel };
