/**
 * Per-time quantile bands on the GPU (shaders/histogram-quantiles.wgsl.ts): one histogram per
 * (output, grid time), filled batch by batch from the simulation's grid-value buffer, reduced to
 * type-7 quantiles at the end. Only the bands are read back, never the ensemble's trajectories.
 */
import { histogramQuantilesWgsl } from '../../../shaders/histogram-quantiles.wgsl.js';
import { compilePipeline, createBuffer, layoutEntries } from './gpu-device.js';

/** Bins per (output, time) histogram: ~0.5% of the range per bin before in-bin interpolation. */
export const HISTOGRAM_BINS = 2048;
/** How far beyond the first batch's range later batches may fall before landing in an edge bin. */
export const RANGE_WIDEN = 0.05;

export interface QuantilePipelines {
  layout: GPUBindGroupLayout;
  range: GPUComputePipeline;
  hist: GPUComputePipeline;
  final: GPUComputePipeline;
}

/** Compiles the three histogram entry points once per device. */
export async function createQuantilePipelines(device: GPUDevice): Promise<QuantilePipelines> {
  const layout = device.createBindGroupLayout({
    entries: layoutEntries(['uniform', 'read-only-storage', 'storage', 'storage', 'storage', 'read-only-storage', 'storage']),
  });
  const pl = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const [range, hist, final] = await Promise.all(['q_range', 'q_hist', 'q_final'].map(
    (e) => compilePipeline(device, histogramQuantilesWgsl, e, pl, `quantiles:${e}`)));
  return { layout, range, hist, final };
}

/** One regimen's histograms over a run: `add` each batch, then `finish` for the bands. */
export class QuantileReducer {
  private batches = 0;
  private constructor(
    private readonly device: GPUDevice,
    private readonly pipes: QuantilePipelines,
    private readonly cells: number,
    private readonly bins: number,
    private readonly probs: number,
    private readonly widen: number,
    private readonly uniform: GPUBuffer,
    private readonly buffers: GPUBuffer[],
    private readonly bindGroup: GPUBindGroup,
    private readonly out: GPUBuffer,
  ) {}

  /** Allocates histograms for `cells` = outputs × grid times over `vals` (the simulation's grid values). */
  static async create(device: GPUDevice, pipes: QuantilePipelines, vals: GPUBuffer, cells: number, probs: number[], multiBatch: boolean): Promise<QuantileReducer> {
    const maxBins = Math.floor(device.limits.maxStorageBufferBindingSize / (4 * Math.max(cells, 1)));
    const bins = Math.max(16, Math.min(HISTOGRAM_BINS, maxBins));
    const S = GPUBufferUsage.STORAGE;
    const uniform = await createBuffer(device, 32, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'q-params');
    const range = await createBuffer(device, 16 * cells, S, 'q-range');
    const hist = await createBuffer(device, 4 * cells * bins, S | GPUBufferUsage.COPY_DST, 'q-hist');
    const ext = await createBuffer(device, 8 * cells, S, 'q-extremes');
    const probBuf = await createBuffer(device, 4 * probs.length, S | GPUBufferUsage.COPY_DST, 'q-probs');
    const out = await createBuffer(device, 4 * cells * probs.length, S | GPUBufferUsage.COPY_SRC, 'q-out');
    device.queue.writeBuffer(probBuf, 0, new Float32Array(probs.length > 0 ? probs : [0]));
    const bindGroup = device.createBindGroup({
      layout: pipes.layout,
      entries: [uniform, vals, range, hist, ext, probBuf, out].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return new QuantileReducer(device, pipes, cells, bins, probs.length, multiBatch ? RANGE_WIDEN : 0,
      uniform, [range, hist, ext, probBuf], bindGroup, out);
  }

  private params(batch: number): void {
    const b = new ArrayBuffer(32);
    new Uint32Array(b).set([batch, this.cells, this.bins, this.probs]);
    new Float32Array(b).set([this.widen], 4);
    this.device.queue.writeBuffer(this.uniform, 0, b);
  }

  /** Encodes the histogram update for a batch of `batchN` patients (range set by the first batch). */
  add(batchN: number): void {
    this.params(batchN);
    const enc = this.device.createCommandEncoder();
    if (this.batches === 0) enc.clearBuffer(this.buffers[1]);
    const pass = enc.beginComputePass();
    pass.setBindGroup(0, this.bindGroup);
    if (this.batches === 0) {
      pass.setPipeline(this.pipes.range);
      pass.dispatchWorkgroups(Math.ceil(this.cells / 64));
    }
    pass.setPipeline(this.pipes.hist);
    pass.dispatchWorkgroups(Math.ceil(batchN / 64));
    pass.end();
    this.device.queue.submit([enc.finish()]);
    this.batches++;
  }

  /** Computes and reads back the bands: values[cell * probs + k]. */
  async finish(): Promise<Float32Array> {
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setBindGroup(0, this.bindGroup);
    pass.setPipeline(this.pipes.final);
    pass.dispatchWorkgroups(Math.ceil(this.cells / 64));
    pass.end();
    const size = 4 * this.cells * this.probs;
    const read = this.device.createBuffer({ size: Math.max(size, 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    if (size > 0) enc.copyBufferToBuffer(this.out, 0, read, 0, size);
    this.device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const vals = new Float32Array(read.getMappedRange().slice(0, size));
    read.destroy();
    return vals;
  }

  dispose(): void {
    for (const b of [this.uniform, this.out, ...this.buffers]) b.destroy();
  }
}
