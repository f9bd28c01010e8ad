/**
 * Partial results of a patient range, their exact merge, and the EnsembleResult they finalize into.
 *
 * Interface rules:
 * - A partial holds, per regimen, every per-patient value of its range (summary columns, failure
 *   code, steps, closed-form fallback, reported patient values), the trajectories of the leading
 *   patients it has, and the per-time quantile sketch of its non-failed patients.
 * - `mergePartials` of partials covering [a, b) exactly once equals the partial of one run over
 *   [a, b): per-patient values are concatenated by index, sketches added (exact, sketch.ts).
 */
import type { EnsembleJob } from '../common/job.js';
import type { EnsembleResult, QuantileBand, RegimenResult } from '../common/results.js';
import type { KernelPlan } from './plan.js';
import { addSketch, SKETCH_BUCKETS, sketchOutliers, sketchQuantiles } from './sketch.js';

export interface PartialRegimen {
  /** rows × columns, row-major (plan.columns). */
  sums: Float64Array;
  /** rows × 3: failure code, accepted steps, 1 if the closed form fell back to integration. */
  status: Uint32Array;
  /** rows × plan.report.length, internal units. */
  report: Float64Array;
  /** Leading patients' grid values: rows × outputs × grid (the first `trajectoryRows` rows). */
  trajectories: Float64Array;
  trajectoryRows: number;
  /** outputs × grid × SKETCH_BUCKETS counts. */
  sketch: Uint32Array;
}

export interface PartialResult {
  start: number;
  end: number;
  regimens: PartialRegimen[];
  notes: string[];
}

/** Empty buffers for `rows` patients starting at `start` (`shared` allocates SharedArrayBuffers). */
export function allocPartial(plan: KernelPlan, nRegimens: number, nGrid: number, start: number, end: number,
  trajectories: number, shared = false): PartialResult {
  const rows = end - start;
  const buf = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(Math.max(8, bytes)) : new ArrayBuffer(Math.max(8, bytes)));
  const nOut = plan.consts.NOUT as number;
  const traj = Math.max(0, Math.min(trajectories, end) - start);
  return {
    start, end, notes: [],
    regimens: Array.from({ length: nRegimens }, () => ({
      sums: new Float64Array(buf(8 * rows * plan.columns.length), 0, rows * plan.columns.length),
      status: new Uint32Array(buf(4 * rows * 3), 0, rows * 3),
      report: new Float64Array(buf(8 * rows * plan.report.length), 0, rows * plan.report.length),
      trajectories: new Float64Array(buf(8 * traj * nOut * nGrid), 0, traj * nOut * nGrid),
      trajectoryRows: traj,
      sketch: new Uint32Array(buf(4 * nOut * nGrid * SKETCH_BUCKETS), 0, nOut * nGrid * SKETCH_BUCKETS),
    })),
  };
}

function concat<T extends Float64Array | Uint32Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Merges partials covering a contiguous range exactly once (order does not matter). */
export function mergePartials(parts: PartialResult[]): PartialResult {
  if (parts.length === 0) throw new Error('nothing to merge');
  const ps = [...parts].sort((a, b) => a.start - b.start);
  for (let k = 1; k < ps.length; k++) {
    if (ps[k].start !== ps[k - 1].end) {
      throw new Error(ps[k].start < ps[k - 1].end
        ? `patient ranges overlap: [${ps[k - 1].start}, ${ps[k - 1].end}) and [${ps[k].start}, ${ps[k].end})`
        : `patients [${ps[k - 1].end}, ${ps[k].start}) are missing`);
    }
  }
  const nReg = ps[0].regimens.length;
  if (ps.some((p) => p.regimens.length !== nReg)) throw new Error('partials have different regimens');
  const regimens = ps[0].regimens.map((_, r) => {
    const sketch = ps[0].regimens[r].sketch.slice();
    for (const p of ps.slice(1)) addSketch(sketch, p.regimens[r].sketch);
    // Trajectories are kept for the leading patients: only while every earlier partial had all its rows.
    const trajParts: Float64Array[] = [];
    let trajRows = 0;
    for (const p of ps) {
      const reg = p.regimens[r];
      trajParts.push(reg.trajectories);
      trajRows += reg.trajectoryRows;
      if (reg.trajectoryRows < p.end - p.start) break;
    }
    return {
      sums: concat(ps.map((p) => p.regimens[r].sums), (n) => new Float64Array(n)),
      status: concat(ps.map((p) => p.regimens[r].status), (n) => new Uint32Array(n)),
      report: concat(ps.map((p) => p.regimens[r].report), (n) => new Float64Array(n)),
      trajectories: concat(trajParts, (n) => new Float64Array(n)), trajectoryRows: trajRows, sketch,
    };
  });
  return { start: ps[0].start, end: ps[ps.length - 1].end, regimens, notes: [...new Set(ps.flatMap((p) => p.notes))] };
}

function bands(job: EnsembleJob, sketch: Uint32Array): QuantileBand[] {
  const G = job.grid.length, P = job.quantiles.length;
  return job.model.outputs.map((o, oi) => {
    const values = new Float64Array(G * P);
    for (let g = 0; g < G; g++) sketchQuantiles(sketch, (oi * G + g) * SKETCH_BUCKETS, job.quantiles, values, g * P);
    return { output: o.name, probs: [...job.quantiles], values };
  });
}

/** The EnsembleResult of a partial covering every patient of `job`. */
export function finalizeResult(plan: KernelPlan, job: EnsembleJob, part: PartialResult,
  backend: { name: string; precision: 32 | 64; device: string }): EnsembleResult {
  const N = part.end - part.start;
  const nCol = plan.columns.length, nRep = plan.report.length;
  const notes = [...part.notes];
  let fallback = 0, nan = 0;
  const clampedBy = new Map<string, number>();
  const regimens: RegimenResult[] = job.regimens.map((reg, r) => {
    const p = part.regimens[r];
    const summaries: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
    for (const { name, col } of plan.resultColumns) {
      const v = new Float64Array(N);
      for (let i = 0; i < N; i++) v[i] = p.sums[i * nCol + col];
      summaries[name] = v;
    }
    const failed = new Uint8Array(N), steps = new Uint32Array(N);
    for (let i = 0; i < N; i++) { failed[i] = p.status[3 * i]; steps[i] = p.status[3 * i + 1]; fallback += p.status[3 * i + 2]; }
    // Outliers per output, so the note names the curves whose outer quantiles are only a bound.
    const span = job.grid.length * SKETCH_BUCKETS;
    job.model.outputs.forEach((out, oi) => {
      const o = sketchOutliers(p.sketch.subarray(oi * span, (oi + 1) * span));
      if (o.clamped > 0) clampedBy.set(out.name, (clampedBy.get(out.name) ?? 0) + o.clamped);
      nan += o.nan;
    });
    const res: RegimenResult = { name: reg.name, summaries, failed, steps, quantiles: job.quantiles.length ? bands(job, p.sketch) : [] };
    if (p.trajectoryRows > 0) res.trajectories = { patients: p.trajectoryRows, outputs: job.model.outputs.map((x) => x.name), values: p.trajectories };
    return res;
  });
  if (fallback > 0) notes.push(`${backend.name}: ${fallback} patient-regimens integrated the linear subsystem numerically (eigenvalues not real or too close)`);
  if (clampedBy.size > 0) {
    const which = [...clampedBy].map(([name, n]) => `${name} ${n}`).join(', ');
    notes.push(`per-time quantiles: values at or beyond ±1e6 counted in the outermost sketch bucket (a quantile there is a bound, not a value): ${which}`);
  }
  if (nan > 0) notes.push(`per-time quantiles: ${nan} NaN output values of patients that did not fail were left out`);
  const patients: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
  const rep = part.regimens[0]?.report;
  plan.report.forEach((name, k) => {
    const v = new Float64Array(N);
    if (rep) for (let i = 0; i < N; i++) v[i] = rep[i * nRep + k];
    patients[name] = v;
  });
  return { backend: backend.name, precision: backend.precision, device: backend.device, grid: Float64Array.from(job.grid), regimens, patients, notes };
}
