/**
 * Per-time quantiles from mergeable sketches (docs/KERNEL.md §4). Each (output, grid time) keeps
 * counts over fixed log-spaced buckets (program/sketch.kl: a bucket depends on the value only), so
 * partial results of any patient ranges, threads, batches, backends or shards add up exactly.
 *
 * Error bound: every value in a non-zero bucket lies within a relative SKETCH_ALPHA (0.5%) of the
 * bucket's representative, so each estimated order statistic is within 0.5% (relative) of the
 * exact one, or within 1e-6 (absolute) for values smaller than that; values beyond ±1e6 are clamped
 * to the outermost bucket (reported in the notes). The quantile between order statistics is
 * interpolated as R's type 7, so the estimate is within the same bound of the exact type-7 quantile.
 * Computed in f32 (the GPU), the bucket of a value at a bucket edge may be its neighbour: 1% there.
 */
export const SKETCH_ALPHA = 0.005;
export const SKETCH_VMIN = 1e-6;
export const SKETCH_KMAX = 2763;
/** Buckets per (output, grid time): negative, zero, positive, NaN. */
export const SKETCH_BUCKETS = 2 * SKETCH_KMAX + 2;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);

/** The representative value of bucket b (DDSketch's 2γ^k/(γ+1) estimate, relative error ≤ α). */
export function bucketValue(b: number): number {
  const k = b - SKETCH_KMAX;
  if (k === 0) return 0;
  const mag = SKETCH_VMIN * (2 * GAMMA ** Math.abs(k)) / (GAMMA + 1);
  return k > 0 ? mag : -mag;
}

/** Adds sketch b into a (same shape). */
export function addSketch(a: Uint32Array, b: Uint32Array): void {
  if (a.length !== b.length) throw new Error('sketches of different shapes cannot be merged');
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

/**
 * Quantiles of one (output, time) sketch at `probs` (type 7 over the finite values; NaN if none).
 * `counts` holds SKETCH_BUCKETS counts starting at `base`.
 */
export function sketchQuantiles(counts: Uint32Array, base: number, probs: readonly number[], out: Float64Array, at: number): void {
  const last = base + SKETCH_BUCKETS - 1;
  let n = 0;
  for (let b = base; b < last; b++) n += counts[b];
  if (n === 0) { for (let k = 0; k < probs.length; k++) out[at + k] = NaN; return; }
  // The order statistics needed (0-based ranks), in increasing order, found in one cumulative pass.
  const ranks: number[] = [];
  for (const p of probs) { const lo = Math.floor((n - 1) * p); ranks.push(lo, Math.min(lo + 1, n - 1)); }
  const order = ranks.map((r, i) => i).sort((a, b) => ranks[a] - ranks[b]);
  const value = new Float64Array(ranks.length);
  let cum = 0, b = base, k = 0;
  while (k < order.length) {
    while (b < last - 1 && cum + counts[b] <= ranks[order[k]]) { cum += counts[b]; b++; }
    value[order[k]] = bucketValue(b - base);
    k++;
  }
  probs.forEach((p, j) => {
    const h = (n - 1) * p, lo = Math.floor(h);
    out[at + j] = value[2 * j] + (h - lo) * (value[2 * j + 1] - value[2 * j]);
  });
}

/** Values that fell outside ±1e6 (clamped) or were NaN, over a whole sketch array. */
export function sketchOutliers(counts: Uint32Array): { clamped: number; nan: number } {
  let clamped = 0, nan = 0;
  for (let base = 0; base < counts.length; base += SKETCH_BUCKETS) {
    clamped += counts[base] + counts[base + 2 * SKETCH_KMAX];
    nan += counts[base + SKETCH_BUCKETS - 1];
  }
  return { clamped, nan };
}
