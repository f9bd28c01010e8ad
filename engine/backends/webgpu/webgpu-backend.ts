/**
 * The WebGPU backend: generated WGSL (f32), one invocation per (patient, regimen), run in batches of
 * patients and in short dispatches of at most `maxStepsPerDispatch` solver steps each, so no
 * dispatch runs long; progress and cancellation between submits. Takes a `GPU` object, so the same
 * code runs in Node (Dawn, engine/node/webgpu-node.ts) and in a browser or Worker (navigator.gpu).
 *
 * Interface rules: see engine/backends/backend.ts. Pipelines are cached by generated WGSL text,
 * which depends on structure only. Results are read back as summaries, quantile bands and the
 * first K trajectories — never the whole ensemble's time courses.
 */
import type { RunOptions, SimBackend } from '../backend.js';
import type { EnsembleJob } from '../../common/job.js';
import type { EnsembleResult, QuantileBand, RegimenResult } from '../../common/results.js';
import { CancelledError } from '../../common/errors.js';
import { emitSimKernel, SIM_PARAMS_WORDS, type EmittedKernel } from '../../codegen/wgsl/emit-kernel.js';
import { STATUS_WORDS } from '../../codegen/wgsl/emit-driver.js';
import { packJobData, simParams } from './job-data.js';
import { DOSE_STATE_WORDS } from '../../codegen/wgsl/kernel-plan.js';
import { compilePipeline, createBuffer, layoutEntries, openDevice, type GpuContext } from './gpu-device.js';
import { createQuantilePipelines, QuantileReducer, type QuantilePipelines } from './quantile-pass.js';

export interface WebGpuBackendOptions {
  /** Largest number of patients per batch (default: what the adapter's buffer limits allow, ≤ 65,536). */
  maxBatchPatients?: number;
  /** Solver attempts per patient per dispatch (default 256). */
  maxStepsPerDispatch?: number;
  /** Dispatches encoded per submit between progress/cancellation checks (default 4). */
  dispatchesPerSubmit?: number;
}

/** Default batch: 65,536 patients keep buffers small while filling any GPU. */
const DEFAULT_BATCH = 65_536;
const WORKGROUP = 64;

/** Creates the backend on `gpu` (Dawn's GPU in Node, navigator.gpu in a browser). */
export async function createWebGpuBackend(gpu: GPU, opts: WebGpuBackendOptions = {}): Promise<SimBackend> {
  const ctx = await openDevice(gpu);
  const quantiles = await createQuantilePipelines(ctx.device);
  return new WebGpuBackend(ctx, quantiles, opts);
}

interface SimPipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

class WebGpuBackend implements SimBackend {
  readonly name = 'webgpu' as const;
  readonly precision = 32 as const;
  private readonly cache = new Map<string, Promise<SimPipeline>>();

  constructor(private readonly ctx: GpuContext, private readonly qp: QuantilePipelines, private readonly opts: WebGpuBackendOptions) {}

  describe(): string {
    return `WebGPU: ${this.ctx.description}`;
  }

  async dispose(): Promise<void> {
    this.cache.clear();
    this.ctx.device.destroy();
  }

  private pipelineFor(kernel: EmittedKernel): Promise<SimPipeline> {
    let p = this.cache.get(kernel.code);
    if (!p) {
      const device = this.ctx.device;
      const layout = device.createBindGroupLayout({
        entries: layoutEntries(['uniform', 'read-only-storage', 'read-only-storage', 'storage', 'storage', 'storage', 'storage', 'storage']),
      });
      const pl = device.createPipelineLayout({ bindGroupLayouts: [layout] });
      p = compilePipeline(device, kernel.code, 'sim_main', pl, 'simulation kernel').then((pipeline) => ({ pipeline, layout }));
      p.catch(() => this.cache.delete(kernel.code));
      this.cache.set(kernel.code, p);
    }
    return p;
  }

  /** Patients per batch: the option, the adapter's binding size and workgroup-count limits. */
  private batchSize(job: EnsembleJob, kernel: EmittedKernel): number {
    const lim = this.ctx.device.limits;
    const perPatient = Math.max(stateWords(kernel), Math.max(kernel.plan.nOutputs, 1) * job.grid.length,
      kernel.plan.columns.length, STATUS_WORDS) * 4;
    const byBinding = Math.floor(lim.maxStorageBufferBindingSize / perPatient);
    const byDispatch = lim.maxComputeWorkgroupsPerDimension * WORKGROUP;
    return Math.max(1, Math.min(this.opts.maxBatchPatients ?? DEFAULT_BATCH, byBinding, byDispatch, job.nPatients));
  }

  async run(job: EnsembleJob, opts: RunOptions = {}): Promise<EnsembleResult> {
    const device = this.ctx.device;
    this.ctx.check();
    if (opts.signal?.aborted) throw new CancelledError();
    const kernel = emitSimKernel(job);
    const sim = await this.pipelineFor(kernel);
    const data = packJobData(job, kernel);
    const B = this.batchSize(job, kernel);
    const nO = Math.max(kernel.plan.nOutputs, 1);
    const G = job.grid.length;
    const nCol = Math.max(kernel.plan.columns.length, 1);
    const S = GPUBufferUsage.STORAGE;
    const owned: GPUBuffer[] = [];
    const buf = async (size: number, usage: number, label: string) => {
      const b = await createBuffer(device, size, usage, label);
      owned.push(b);
      return b;
    };
    try {
      const uniform = await buf(4 * SIM_PARAMS_WORDS, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'sim-params');
      const fdata = await buf(data.fdata.byteLength, S | GPUBufferUsage.COPY_DST, 'sim-data');
      const doses = await buf(data.doses.byteLength, S | GPUBufferUsage.COPY_DST, 'sim-doses');
      const pstate = await buf(4 * B * stateWords(kernel), S | GPUBufferUsage.COPY_DST, 'sim-state');
      const gvals = await buf(4 * B * nO * G, S | GPUBufferUsage.COPY_SRC, 'sim-grid-values');
      const sums = await buf(4 * B * nCol, S | GPUBufferUsage.COPY_SRC, 'sim-summaries');
      const status = await buf(4 * B * STATUS_WORDS, S | GPUBufferUsage.COPY_SRC, 'sim-status');
      const counter = await buf(16, S | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, 'sim-counter');
      device.queue.writeBuffer(fdata, 0, data.fdata);
      device.queue.writeBuffer(doses, 0, data.doses);
      const bindGroup = device.createBindGroup({
        layout: sim.layout,
        entries: [uniform, fdata, doses, pstate, gvals, sums, status, counter].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      const total = job.nPatients * job.regimens.length;
      let doneUnits = 0;
      const regimens: RegimenResult[] = [];
      let fallbacks = 0;
      for (let r = 0; r < job.regimens.length; r++) {
        const reducer = await QuantileReducer.create(device, this.qp, gvals, nO * G, job.quantiles, job.nPatients > B);
        try {
          const res = emptyRegimen(job, kernel);
          res.name = job.regimens[r].name;
          for (let start = 0; start < job.nPatients; start += B) {
            const n = Math.min(B, job.nPatients - start);
            device.queue.writeBuffer(uniform, 0, simParams(job, data, kernel, {
              batchStart: start, batchN: n, maxStepsDispatch: this.opts.maxStepsPerDispatch ?? 256, regimen: r,
            }));
            const clear = device.createCommandEncoder();
            clear.clearBuffer(pstate, 0, 4 * n * kernel.plan.stateWords);
            device.queue.submit([clear.finish()]);
            await this.integrate(sim.pipeline, bindGroup, counter, n, opts, (active) => {
              opts.onProgress?.((doneUnits + n - active) / total);
            });
            reducer.add(n);
            fallbacks += await readBatch(device, res, start, n, nCol, sums, status, gvals, nO, G, job.trajectories);
            doneUnits += n;
          }
          const bands = await reducer.finish();
          res.quantiles = bandsFrom(job, bands);
          regimens.push(res);
        } finally {
          reducer.dispose();
        }
      }
      this.ctx.check();
      const notes = [...data.notes];
      if (fallbacks > 0) notes.push(`webgpu: ${fallbacks} patient-regimens integrated the linear subsystem numerically (eigenvalues not real or too close)`);
      if (job.nPatients > B && job.quantiles.length > 0) {
        notes.push(`webgpu: quantile histograms ranged on the first ${B} patients (values outside go to the edge bins)`);
      }
      return { backend: 'webgpu', precision: 32, device: this.ctx.description, grid: job.grid, regimens, notes };
    } finally {
      for (const b of owned) b.destroy();
    }
  }

  /** Dispatches until every patient of the batch is done, checking progress and cancellation. */
  private async integrate(pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, counter: GPUBuffer, n: number,
    opts: RunOptions, progress: (active: number) => void): Promise<void> {
    const device = this.ctx.device;
    const per = Math.max(1, this.opts.dispatchesPerSubmit ?? 4);
    const read = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      for (;;) {
        const enc = device.createCommandEncoder();
        for (let d = 0; d < per; d++) {
          enc.clearBuffer(counter);
          const pass = enc.beginComputePass();
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, bindGroup);
          pass.dispatchWorkgroups(Math.ceil(n / WORKGROUP));
          pass.end();
        }
        enc.copyBufferToBuffer(counter, 0, read, 0, 4);
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
}

/** Persistent words per patient: parked state, and a dynamic kernel's per-dose state (emit-rules.ts). */
function stateWords(kernel: EmittedKernel): number {
  const p = kernel.plan;
  return p.stateWords + (p.dynamic ? DOSE_STATE_WORDS * p.maxDoses : 0);
}

function emptyRegimen(job: EnsembleJob, kernel: EmittedKernel): RegimenResult {
  const summaries: Record<string, Float64Array> = {};
  for (const c of kernel.plan.columns) summaries[c.key] = new Float64Array(job.nPatients);
  const K = Math.min(job.trajectories, job.nPatients);
  return {
    name: '', summaries, failed: new Uint8Array(job.nPatients), steps: new Uint32Array(job.nPatients), quantiles: [],
    trajectories: K > 0 ? { patients: K, outputs: job.model.outputs.map((o) => o.name), values: new Float64Array(K * job.model.outputs.length * job.grid.length) } : undefined,
  };
}

/** Reads a finished batch's summaries, status and (leading) trajectories; returns closed-form fallbacks. */
async function readBatch(device: GPUDevice, res: RegimenResult, start: number, n: number, nCol: number,
  sums: GPUBuffer, status: GPUBuffer, gvals: GPUBuffer, nO: number, G: number, K: number): Promise<number> {
  const trajN = Math.max(0, Math.min(K - start, n));
  const sizes = [4 * n * nCol, 4 * n * STATUS_WORDS, 4 * trajN * nO * G];
  const srcs = [sums, status, gvals];
  const reads = sizes.map((s) => device.createBuffer({ size: Math.max(s, 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
  const enc = device.createCommandEncoder();
  sizes.forEach((s, i) => { if (s > 0) enc.copyBufferToBuffer(srcs[i], 0, reads[i], 0, s); });
  device.queue.submit([enc.finish()]);
  await Promise.all(reads.map((b) => b.mapAsync(GPUMapMode.READ)));
  const sv = new Float32Array(reads[0].getMappedRange());
  const st = new Uint32Array(reads[1].getMappedRange());
  const cols = Object.values(res.summaries);
  cols.forEach((arr, c) => { for (let p = 0; p < n; p++) arr[start + p] = sv[p * nCol + c]; });
  let fallbacks = 0;
  for (let p = 0; p < n; p++) {
    res.failed[start + p] = st[p * STATUS_WORDS];
    res.steps[start + p] = st[p * STATUS_WORDS + 1];
    fallbacks += st[p * STATUS_WORDS + 2];
  }
  if (trajN > 0 && res.trajectories) {
    const tv = new Float32Array(reads[2].getMappedRange(), 0, trajN * nO * G);
    const nOut = res.trajectories.outputs.length;
    for (let p = 0; p < trajN; p++) {
      for (let o = 0; o < nOut; o++) {
        for (let g = 0; g < G; g++) res.trajectories.values[((start + p) * nOut + o) * G + g] = tv[(p * nO + o) * G + g];
      }
    }
  }
  for (const b of reads) b.destroy();
  return fallbacks;
}

function bandsFrom(job: EnsembleJob, bands: Float32Array): QuantileBand[] {
  const P = job.quantiles.length;
  const G = job.grid.length;
  return job.model.outputs.map((o, oi) => {
    const values = new Float64Array(G * P);
    for (let g = 0; g < G; g++) for (let k = 0; k < P; k++) values[g * P + k] = bands[(oi * G + g) * P + k];
    return { output: o.name, probs: [...job.quantiles], values };
  });
}
