/**
 * The bucket of the per-time quantile sketch (docs/KERNEL.md §4): a value's bucket depends on the
 * value only (log-spaced, relative width 2·SK_ALPHA), so sketches from any backend, batch, thread or
 * shard add up exactly. Printed into the CPU kernel and into the GPU's sketch pass from this one
 * source; engine/kernel/sketch.ts turns counts back into quantiles.
 */
export const sketchKl = {
  file: 'sketch.kl',
  text: /* kl */ `
const SK_VMIN: real = 1e-6;       // |v| below this is the zero bucket
const SK_LOG_GAMMA: real = 0.010000333353334772;  // ln((1 + a)/(1 - a)), a = 0.005
const SK_KMAX: u32 = 2763u;       // buckets per sign: up to 1e6 (SK_VMIN · gamma^SK_KMAX ≥ 1e6)

/**
 * Bucket in [0, 2·SK_KMAX + 1]: SK_KMAX is zero, above it positive values, below it negative ones
 * (beyond ±1e6 the outermost bucket), and 2·SK_KMAX + 1 counts NaN (reported, never a quantile).
 */
fn sketch_bucket(v: real) -> u32 {
  if (is_nan(v)) { return 2u * SK_KMAX + 1u; }
  let a = abs(v);
  if (a < SK_VMIN) { return SK_KMAX; }
  let k = u32(clamp(ceil(log(a / SK_VMIN) / SK_LOG_GAMMA), 1.0, real(SK_KMAX)));
  return select(SK_KMAX - k, SK_KMAX + k, v > 0.0);
}
`,
};
