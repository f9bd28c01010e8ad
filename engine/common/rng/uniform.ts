/**
 * Per-patient uniform draws, exactly as docs/KERNEL.md §1:
 *   u_k = philox4x32_10(counter = (i, 0, floor(k/4), 0), key = (seed.lo, seed.hi))[k mod 4]
 *   uniform = (word + 0.5) / 2³²   — strictly inside (0, 1), so qnorm(u) is always finite.
 *
 * Counter word 1 is the stream (0 = population draws); other streams are free for future use.
 */
import { philox4x32_10 } from './philox.js';

/** 2⁻³²: scales a uint32 word into [0, 1). */
const TWO_POW_M32 = 1 / 4294967296;

/** A 64-bit seed as two uint32 halves (seed = hi·2³² + lo), as in EnsembleJob.seed. */
export interface Seed {
  lo: number;
  hi: number;
}

/** Splits a non-negative integer seed (≤ 2⁵³ − 1) into uint32 halves. */
export function splitSeed(seed: number): Seed {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  return { lo: seed % 4294967296, hi: Math.floor(seed / 4294967296) };
}

const block = new Uint32Array(4);

/** The k-th uniform draw in (0,1) of patient `patient` (0-based) under `seed`. */
export function uniform(seed: Seed, patient: number, k: number): number {
  philox4x32_10(patient, 0, Math.floor(k / 4), 0, seed.lo, seed.hi, block);
  return (block[k % 4] + 0.5) * TWO_POW_M32;
}

/**
 * All `draws` uniforms of one patient, one Philox block per 4 draws (the same values `uniform`
 * returns, computed 4× faster for population sampling on the host).
 */
export function patientUniforms(seed: Seed, patient: number, draws: number, out = new Float64Array(draws)): Float64Array {
  const w = new Uint32Array(4);
  for (let b = 0; b * 4 < draws; b++) {
    philox4x32_10(patient, 0, b, 0, seed.lo, seed.hi, w);
    for (let j = 0; j < 4 && b * 4 + j < draws; j++) out[b * 4 + j] = (w[j] + 0.5) * TWO_POW_M32;
  }
  return out;
}
