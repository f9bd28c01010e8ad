/**
 * Philox4x32-10, the counter-based generator of Random123 (Salmon, Moraes, Dror, Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11), on uint32 words only.
 *
 * Why this generator: patient i's draws must depend only on (seed, i, draw index), on every backend,
 * batch size and thread count. A counter-based generator is a pure function of (counter, key), so no
 * state is carried between patients. The WGSL twin (shaders/) implements exactly the same steps:
 * WGSL has no 64-bit integers, so the 32×32→64 multiply is done here with 16-bit halves, which
 * translates line for line to u32 arithmetic.
 *
 * Algorithm (Random123 philox.h, W=32, N=4, R=10):
 *   round(ctr, key):  (hi0, lo0) = M0 · ctr[0];  (hi1, lo1) = M1 · ctr[2]
 *                     ctr = [hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0]
 *   10 rounds; between rounds the key is bumped: key[0] += W0, key[1] += W1 (mod 2³²).
 */

/** Philox multipliers and Weyl key increments (Random123 philox.h). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 values (schoolbook on 16-bit halves). */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  // Carry out of the low 32 bits: bits 16..31 of ll plus the low halves of the cross terms.
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * One Philox4x32-10 block.
 * @param c0..c3 counter words (uint32)
 * @param k0, k1 key words (uint32)
 * @param out receives the 4 output words (uint32)
 */
export function philox4x32_10(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array | number[],
): void {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let key0 = k0 >>> 0, key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    const y0 = (hi1 ^ x1 ^ key0) >>> 0;
    const y2 = (hi0 ^ x3 ^ key1) >>> 0;
    x0 = y0; x1 = lo1; x2 = y2; x3 = lo0;
  }
  out[0] = x0; out[1] = x1; out[2] = x2; out[3] = x3;
}
