/**
 * Philox4x32-10 (Random123, Salmon et al. SC'11) and the per-patient uniform draw, in WGSL.
 * Line-for-line twin of engine/common/rng/philox.ts: WGSL has no 64-bit integers, so the 32×32→64
 * multiply's high word is formed from 16-bit halves exactly as the TS version does.
 *
 * Uniform: KERNEL.md defines u = (word + 0.5)/2³² in f64. In f32 that rounds to 1.0 for the top
 * words, and qnorm(1) = ∞; so the GPU keeps the top 23 bits, u = ((word >> 9) + 0.5)/2²³, which
 * needs 24 significant bits (exact in f32), lies strictly inside (0,1), and is within 2⁻²⁴ of the
 * f64 value.
 */
export const philoxWgsl = /* wgsl */ `
fn philox_mulhi(a: u32, b: u32) -> u32 {
  let al = a & 0xffffu; let ah = a >> 16u;
  let bl = b & 0xffffu; let bh = b >> 16u;
  let ll = al * bl; let lh = al * bh; let hl = ah * bl;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return ah * bh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox4x32_10(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = ctr;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u); }
    let hi0 = philox_mulhi(0xd2511f53u, x.x);
    let lo0 = 0xd2511f53u * x.x;
    let hi1 = philox_mulhi(0xcd9e8d57u, x.z);
    let lo1 = 0xcd9e8d57u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
  }
  return x;
}

/** Uniform in (0,1) from one Philox word (see the file header for the f32 rounding). */
fn uniform_from_word(w: u32) -> f32 {
  return (f32(w >> 9u) + 0.5) * 1.1920928955078125e-7;
}
`;
