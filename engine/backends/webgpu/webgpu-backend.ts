/**
 * The WebGPU backend: the kernel program printed as WGSL (engine/codegen/wgsl), f32, one invocation
 * per (patient, regimen), run in batches of patients and in short dispatches of at most
 * `maxStepsPerDispatch` driver iterations each, so no dispatch runs long; progress and cancellation
 * between submits. Takes a `GPU` object, so the same code runs in Node (Dawn,
 * engine/node/webgpu-node.ts) and in a browser or Worker (navigator.gpu).
 *
 * Interface rules: see engine/backends/backend.ts. Pipelines are cached by the plan's structure key.
 * Results are read back as per-patient summaries and reported values, the first K trajectories and
 * the quantile sketches — never the whole ensemble's time courses.
 */
import type { CompiledKernel, PatientRange, RangeOptions, RunOptions, SimBackend } from '../backend.js';
import type { EnsembleJob } from '../../common/job.js';
import { CancelledError, RuntimeFailure } from '../../common/errors.js';
import { wgslKernel, SIM_BINDINGS, type WgslKernel } from '../../codegen/wgsl/wgsl-kernel.js';
import { sketchPassWgsl, SKETCH_BINDINGS } from '../../codegen/wgsl/sketch-pass.js';
import type { JobData } from '../../kernel/pack.js';
import { allocPartial, type PartialRegimen, type PartialResult } from '../../kernel/partial-result.js';
import { DOSE_WORDS, WGSL_CAPS, type KernelPlan } from '../../kernel/plan.js';
import { SKETCH_BUCKETS } from '../../kernel/sketch.js';
import { KernelCache, simulateJob } from '../simulate.js';
import { laneRows } from './simd-efficiency.js';
import { compilePipeline, createBuffer, layoutEntries, openDevice, type GpuContext } from './gpu-device.js';

export interface WebGpuBackendOptions {
  /** Largest number of patients per batch (default: what the adapter's buffer limits allow, ≤ 65,536). */
  maxBatchPatients?: number;
  /** Driver iterations (breakpoints and attempted steps) per patient per dispatch (default 256). */
  maxStepsPerDispatch?: number;
  /** Dispatches encoded per submit between progress/cancellation checks (default 4). */
  dispatchesPerSubmit?: number;
  /**
   * Regimens after the first run their patients in the order of the first regimen's step counts,
   * so that the lanes of a SIMD group take similar step counts (default true; results are the
   * same either way — docs/BENCHMARKS.md, "Divergence").
   */
  orderByPilot?: boolean;
}

/** Default batch: 65,536 patients keep buffers small while filling any GPU. */
const DEFAULT_BATCH = 65_536;
const WORKGROUP = 64;

interface Pipe { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }
interface GpuKernel extends CompiledKernel { wgsl: WgslKernel; sim: Pipe }

/** Creates the backend on `gpu` (Dawn's GPU in Node, navigator.gpu in a browser). */
export async function createWebGpuBackend(gpu: GPU, opts: WebGpuBackendOptions = {}): Promise<SimBackend> {
  const ctx = await openDevice(gpu);
  const sketch = await pipe(ctx.device, sketchPassWgsl(), 'sketch_main', SKETCH_BINDINGS, 'quantile sketch pass');
  return new WebGpuBackend(ctx, sketch, opts);
}

async function pipe(device: GPUDevice, code: string, entry: string, kinds: readonly GPUBufferBindingType[], label: string): Promise<Pipe> {
  const layout = device.createBindGroupLayout({ entries: layoutEntries([...kinds]) });
  const pipeline = await compilePipeline(device, code, entry, device.createPipelineLayout({ bindGroupLayouts: [layout] }), label);
  return { pipeline, layout };
}

/** Per-batch buffers of one run. */
interface RunBuffers {
  uniform: GPUBuffer; fdata: GPUBuffer; pstate: GPUBuffer; gvals: GPUBuffer; sums: GPUBuffer;
  status: GPUBuffer; report: GPUBuffer; counter: GPUBuffer; qparams: GPUBuffer; counts: GPUBuffer; laneRow: GPUBuffer;
}

class WebGpuBackend implements SimBackend {
  readonly name = 'webgpu' as const;
  readonly precision = 32 as const;
  readonly caps = WGSL_CAPS;
  private readonly cache = new KernelCache<GpuKernel>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: GpuContext, private readonly sketchPipe: Pipe, private readonly opts: WebGpuBackendOptions) {}

  get compiles(): number { return this.cache.misses; }

  describe(): string { return `WebGPU: ${this.ctx.description}`; }

  async dispose(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.cache.clear();
    this.ctx.device.destroy();
  }

  compile(plan: KernelPlan): Promise<CompiledKernel> {
    return this.cache.get(plan.key, async () => {
      const wgsl = wgslKernel(plan);
      const sim = await pipe(this.ctx.device, wgsl.code, 'sim_main', SIM_BINDINGS, 'simulation kernel');
      return { key: plan.key, plan, wgsl, sim };
    });
  }

  run(job: EnsembleJob, opts?: RunOptions) {
    return simulateJob(this, job, opts);
  }

  runRange(kernel: CompiledKernel, data: JobData, range: PatientRange, opts: RangeOptions): Promise<PartialResult> {
    // One run at a time per device: runs share nothing but the queue, and serialising keeps memory bounded.
    const p = this.queue.then(() => this.runOnce(kernel as GpuKernel, data, range, opts));
    this.queue = p.then(() => undefined, () => undefined);
    return p;
  }

  /** Patients per batch: the option, the adapter's binding size and workgroup-count limits. */
  private batchSize(k: GpuKernel, data: JobData, n: number): number {
    const lim = this.ctx.device.limits;
    const plan = k.plan;
    const cells = (plan.consts.NOUT as number) * data.nGrid;
    const perPatient = Math.max(k.wgsl.stateWords + DOSE_WORDS * plan.maxDoses, cells, plan.columns.length, 3, plan.report.length, 1) * 4;
    const byBinding = Math.floor(lim.maxStorageBufferBindingSize / perPatient);
    const byDispatch = lim.maxComputeWorkgroupsPerDimension * WORKGROUP;
    return Math.max(1, Math.min(this.opts.maxBatchPatients ?? DEFAULT_BATCH, byBinding, byDispatch, Math.max(n, 1)));
  }

  private async runOnce(k: GpuKernel, data: JobData, range: PatientRange, opts: RangeOptions): Promise<PartialResult> {
    this.ctx.check();
    if (opts.signal?.aborted) throw new CancelledError();
    const plan = k.plan;
    const n = range.end - range.start;
    const B = this.batchSize(k, data, n);
    const cells = (plan.consts.NOUT as number) * data.nGrid;
    const sketchBytes = 4 * cells * SKETCH_BUCKETS;
    if (sketchBytes > this.ctx.device.limits.maxStorageBufferBindingSize) {
      throw new RuntimeFailure(`the quantile sketches of ${cells} output×grid points need ${Math.round(sketchBytes / 2 ** 20)} MiB, more than this GPU binds`, 'use a coarser output_grid, or --backend cpu');
    }
    const part = allocPartial(plan, data.uniforms.length, data.nGrid, range.start, range.end, opts.trajectories);
    const owned: GPUBuffer[] = [];
    const buf = async (size: number, usage: number, label: string): Promise<GPUBuffer> => {
      const b = await createBuffer(this.ctx.device, size, usage, label);
      owned.push(b);
      return b;
    };
    const S = GPUBufferUsage.STORAGE, SRC = GPUBufferUsage.COPY_SRC, DST = GPUBufferUsage.COPY_DST;
    try {
      const pmStride = DOSE_WORDS * plan.maxDoses;
      const b: RunBuffers = {
        uniform: await buf(4 * k.wgsl.uniforms.length, GPUBufferUsage.UNIFORM | DST, 'sim-params'),
        fdata: await buf(4 * data.fd.length, S | DST, 'sim-data'),
        pstate: await buf(4 * B * (k.wgsl.stateWords + pmStride), S | DST, 'sim-state'),
        gvals: await buf(4 * B * cells, S | SRC, 'sim-grid-values'),
        sums: await buf(4 * B * plan.columns.length, S | SRC, 'sim-summaries'),
        status: await buf(4 * B * 3, S | SRC, 'sim-status'),
        report: await buf(4 * B * plan.report.length, S | SRC, 'sim-report'),
        counter: await buf(16, S | SRC | DST, 'sim-counter'),
        qparams: await buf(16, GPUBufferUsage.UNIFORM | DST, 'sketch-params'),
        counts: await buf(sketchBytes, S | SRC | DST, 'sketch-counts'),
        laneRow: await buf(4 * B, S | DST, 'sim-lane-rows'),
      };
      this.ctx.device.queue.writeBuffer(b.fdata, 0, Float32Array.from(data.fd));
      const total = n * data.uniforms.length;
      let doneUnits = 0;
      for (let r = 0; r < data.uniforms.length; r++) {
        const enc = this.ctx.device.createCommandEncoder();
        enc.clearBuffer(b.counts);
        this.ctx.device.queue.submit([enc.finish()]);
        for (let start = range.start; start < range.end; start += B) {
          const bn = Math.min(B, range.end - start);
          this.ctx.device.queue.writeBuffer(b.uniform, 0, this.uniformBlock(k, data, r, start, bn, pmStride));
          const row0 = start - range.start;
          // The first regimen's steps (status rows: code, steps, fallback) order the later ones' lanes.
          const st = part.regimens[0].status;
          const pilot = r > 0 && this.opts.orderByPilot !== false ? Array.from({ length: bn }, (_, i) => st[3 * (row0 + i) + 1]) : undefined;
          this.ctx.device.queue.writeBuffer(b.laneRow, 0, laneRows(bn, pilot));
          const clear = this.ctx.device.createCommandEncoder();
          clear.clearBuffer(b.pstate, 0, 4 * bn * k.wgsl.stateWords);
          this.ctx.device.queue.submit([clear.finish()]);
          await this.integrate(k.sim, b, bn, opts, (active) => opts.onProgress?.((doneUnits + bn - active) / total));
          if (cells > 0) this.sketchBatch(b, bn, cells);
          await readBatch(this.ctx.device, part.regimens[r], plan, b, row0, bn, cells);
          doneUnits += bn;
        }
        part.regimens[r].sketch.set(await readWords(this.ctx.device, b.counts, cells * SKETCH_BUCKETS));
      }
      this.ctx.check();
      return part;
    } finally {
      for (const x of owned) x.destroy();
    }
  }

  /** The uniform block: the regimen's kernel uniforms by name, then this dispatch's words. */
  private uniformBlock(k: GpuKernel, data: JobData, r: number, start: number, bn: number, pmStride: number): ArrayBuffer {
    const words = new ArrayBuffer(4 * k.wgsl.uniforms.length);
    const u = new Uint32Array(words), f = new Float32Array(words);
    const values: Record<string, number> = {
      ...data.uniforms[r], max_iter: this.opts.maxStepsPerDispatch ?? 256,
      batch_start: start, batch_n: bn, seed_lo: data.seed.lo, seed_hi: data.seed.hi, pm_stride: pmStride,
    };
    k.wgsl.uniforms.forEach((x, i) => {
      if (x.name.startsWith('_pad')) return;
      const v = values[x.name];
      if (v === undefined) throw new Error(`webgpu: no value for uniform '${x.name}'`);
      if (x.type === 'f32') f[i] = v; else u[i] = Math.min(v, 0xffffffff) >>> 0;
    });
    return words;
  }

  /** Dispatches until every patient of the batch is done, checking progress and cancellation. */
  private async integrate(sim: Pipe, b: RunBuffers, n: number, opts: RunOptions, progress: (active: number) => void): Promise<void> {
    const device = this.ctx.device;
    const per = Math.max(1, this.opts.dispatchesPerSubmit ?? 4);
    const bindGroup = device.createBindGroup({
      layout: sim.layout,
      entries: [b.uniform, b.fdata, b.pstate, b.gvals, b.sums, b.status, b.report, b.counter, b.laneRow].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const read = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      for (;;) {
        const enc = device.createCommandEncoder();
        for (let d = 0; d < per; d++) {
          enc.clearBuffer(b.counter);
          const pass = enc.beginComputePass();
          pass.setPipeline(sim.pipeline);
          pass.setBindGroup(0, bindGroup);
          pass.dispatchWorkgroups(Math.ceil(n / WORKGROUP));
          pass.end();
        }
        enc.copyBufferToBuffer(b.counter, 0, read, 0, 4);
        device.queue.submit([enc.finish()]);
        // In Node, Dawn's binding polls without pause while this map is pending; on a software
        // adapter engine/node/dawn-polling.ts paces it so the host leaves the cores to the shader.
        await read.mapAsync(GPUMapMode.READ);
        const active = new Uint32Array(read.getMappedRange())[0];
        read.unmap();
        this.ctx.check();
        progress(active);
        if (active === 0) return;
        if (opts.signal?.aborted) throw new CancelledError();
      }
    } finally {
      read.destroy();
    }
  }

  /** Adds the batch's grid values of patients that did not fail to the regimen's sketch. */
  private sketchBatch(b: RunBuffers, n: number, cells: number): void {
    const device = this.ctx.device;
    const groups = Math.ceil((n * cells) / WORKGROUP);
    const x = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
    const y = Math.ceil(groups / x);
    device.queue.writeBuffer(b.qparams, 0, new Uint32Array([n, cells, x * WORKGROUP, 0]));
    const bindGroup = device.createBindGroup({
      layout: this.sketchPipe.layout,
      entries: [b.qparams, b.gvals, b.status, b.counts].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(this.sketchPipe.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y);
    pass.end();
    device.queue.submit([enc.finish()]);
  }
}

/** Copies `words` u32 words of a buffer to the host. */
async function readWords(device: GPUDevice, src: GPUBuffer, words: number): Promise<Uint32Array> {
  const rb = device.createBuffer({ size: Math.max(4, 4 * words), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    if (words > 0) {
      const enc = device.createCommandEncoder();
      enc.copyBufferToBuffer(src, 0, rb, 0, 4 * words);
      device.queue.submit([enc.finish()]);
    }
    await rb.mapAsync(GPUMapMode.READ);
    return new Uint32Array(rb.getMappedRange().slice(0, 4 * words));
  } finally {
    rb.destroy();
  }
}

/** Reads a finished batch's summaries, status, reported values and leading trajectories into `reg` at row `row0`. */
async function readBatch(device: GPUDevice, reg: PartialRegimen, plan: KernelPlan, b: RunBuffers, row0: number, n: number, cells: number): Promise<void> {
  const nCol = plan.columns.length, nRep = plan.report.length;
  const trajN = Math.max(0, Math.min(reg.trajectoryRows - row0, n));
  const [sv, st, rv, tv] = await Promise.all([
    readWords(device, b.sums, n * nCol), readWords(device, b.status, n * 3), readWords(device, b.report, n * nRep),
    readWords(device, b.gvals, trajN * cells),
  ]);
  const f = (w: Uint32Array): Float32Array => new Float32Array(w.buffer, w.byteOffset, w.length);
  reg.sums.set(f(sv), row0 * nCol);
  reg.status.set(st, row0 * 3);
  reg.report.set(f(rv), row0 * nRep);
  if (trajN > 0) reg.trajectories.set(f(tv), row0 * cells);
}
