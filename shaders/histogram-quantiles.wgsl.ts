/**
 * Per-time quantiles of an ensemble from per-(output, grid time) histograms, on the GPU.
 *
 * Layout: the simulation writes a batch's grid values as vals[(p · cells) + cell], cell = o·G + g;
 * failed patients write NaN and are skipped. Three entry points:
 * - `q_range`  (one invocation per cell): the bin range from the first batch — log space when every
 *   value is > 0 (concentrations span decades), linear otherwise; widened by `widen` (a fraction of
 *   the span) on both sides when later batches may fall outside it; such values go to the edge bins.
 * - `q_hist`   (one invocation per patient): counts each value into its cell's bins (atomics) and
 *   keeps the exact extremes as order-preserving u32 keys.
 * - `q_final`  (one invocation per cell): type-7 quantiles (R's default): order statistics j and j+1
 *   at rank (n−1)p, each placed uniformly inside its bin, interpolated; j = 0 and j = n−1 give the
 *   exact minimum and maximum.
 */
import { specialsWgsl } from './specials.wgsl.js';

export const histogramQuantilesWgsl = specialsWgsl + /* wgsl */ `
struct QParams {
  batch: u32,
  cells: u32,
  bins: u32,
  probs: u32,
  widen: f32,
  _p0: u32,
  _p1: u32,
  _p2: u32,
}

@group(0) @binding(0) var<uniform> qp: QParams;
@group(0) @binding(1) var<storage, read> vals: array<f32>;
@group(0) @binding(2) var<storage, read_write> qrange: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(4) var<storage, read_write> extremes: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read> probs: array<f32>;
@group(0) @binding(6) var<storage, read_write> qout: array<f32>;

fn q_finite(v: f32) -> bool {
  return v == v && abs(v) <= 3.4028234e38;
}

fn q_key(v: f32) -> u32 {
  let b = bitcast<u32>(v);
  return select(b ^ 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

fn q_unkey(k: u32) -> f32 {
  return bitcast<f32>(select(~k, k ^ 0x80000000u, (k & 0x80000000u) != 0u));
}

@compute @workgroup_size(64)
fn q_range(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= qp.cells) { return; }
  var lo = 3.4028234e38;
  var hi = -3.4028234e38;
  for (var p = 0u; p < qp.batch; p++) {
    let v = vals[p * qp.cells + c];
    if (q_finite(v)) { lo = min(lo, v); hi = max(hi, v); }
  }
  var uselog = 0.0;
  if (lo > 0.0) { uselog = 1.0; lo = log(lo); hi = log(hi); }
  let span = max(hi - lo, max(abs(hi), 1.0) * 1e-6);
  qrange[c] = vec4<f32>(lo - qp.widen * span, hi + qp.widen * span, uselog, 0.0);
  atomicStore(&extremes[2u * c], 0xffffffffu);
  atomicStore(&extremes[2u * c + 1u], 0u);
}

@compute @workgroup_size(64)
fn q_hist(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p >= qp.batch) { return; }
  for (var c = 0u; c < qp.cells; c++) {
    let v = vals[p * qp.cells + c];
    if (!q_finite(v)) { continue; }
    let r = qrange[c];
    var x = v;
    if (r.z > 0.0) { x = log(max(v, 1e-38)); }
    let fb = (x - r.x) / (r.y - r.x) * f32(qp.bins);
    let b = u32(clamp(fb, 0.0, f32(qp.bins - 1u)));
    atomicAdd(&hist[c * qp.bins + b], 1u);
    atomicMin(&extremes[2u * c], q_key(v));
    atomicMax(&extremes[2u * c + 1u], q_key(v));
  }
}

/** Value of the j-th order statistic (0-based), placed uniformly inside its bin. */
fn q_order_stat(c: u32, j: u32, n: u32, lo: f32, hi: f32, uselog: bool) -> f32 {
  if (j == 0u) { return q_unkey(atomicLoad(&extremes[2u * c])); }
  if (j + 1u >= n) { return q_unkey(atomicLoad(&extremes[2u * c + 1u])); }
  var cum = 0u;
  let w = (hi - lo) / f32(qp.bins);
  for (var b = 0u; b < qp.bins; b++) {
    let nb = atomicLoad(&hist[c * qp.bins + b]);
    if (j < cum + nb) {
      let x = lo + w * (f32(b) + (f32(j - cum) + 0.5) / f32(nb));
      let v = select(x, exp(x), uselog);
      return clamp(v, q_unkey(atomicLoad(&extremes[2u * c])), q_unkey(atomicLoad(&extremes[2u * c + 1u])));
    }
    cum += nb;
  }
  return q_unkey(atomicLoad(&extremes[2u * c + 1u]));
}

@compute @workgroup_size(64)
fn q_final(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= qp.cells) { return; }
  var n = 0u;
  for (var b = 0u; b < qp.bins; b++) { n += atomicLoad(&hist[c * qp.bins + b]); }
  let r = qrange[c];
  for (var k = 0u; k < qp.probs; k++) {
    if (n == 0u) { qout[c * qp.probs + k] = f32_nan(); continue; }
    let h = f32(n - 1u) * probs[k];
    let j = min(u32(floor(h)), n - 1u);
    let frac = h - f32(j);
    let a = q_order_stat(c, j, n, r.x, r.y, r.z > 0.0);
    var v = a;
    if (frac > 0.0 && j + 1u < n) { v = a + frac * (q_order_stat(c, j + 1u, n, r.x, r.y, r.z > 0.0) - a); }
    qout[c * qp.probs + k] = v;
  }
}
`;
