/**
 * Uniform draws for simulated event times (death, new lesions), from the same counter-based Philox
 * generator as the population draws but on their own stream:
 *
 *   u_k = philox4x32_10(counter = (i, SURVIVAL_STREAM, floor(k/4), 0), key = (seed.lo, seed.hi))[k mod 4]
 *
 * Population draws use counter word 1 = 0 (engine/common/rng/uniform.ts, docs/KERNEL.md §1), so these
 * draws never overlap them: adding or changing a survival sub-model shifts no covariate or eta of any
 * patient. Patient i's k-th survival draw depends only on (seed, i, k) — not on the backend, thread
 * count, batch or regimen — so every regimen sees the same "frailty" draw for patient i and regimen
 * comparisons of event times are paired (common random numbers).
 */
import { philox4x32_10, type Seed } from '../../rng/index.js';

/** Counter word 1 of the survival draws (0 = population draws). */
export const SURVIVAL_STREAM = 1;

/** 2⁻³²: scales a uint32 word into [0, 1). */
const TWO_POW_M32 = 1 / 4294967296;
const block = new Uint32Array(4);

/** The k-th survival uniform in (0, 1) of patient `patient` (0-based) under `seed`. */
export function survivalUniform(seed: Seed, patient: number, k: number): number {
  if (!Number.isInteger(patient) || patient < 0 || !Number.isInteger(k) || k < 0) {
    throw new RangeError(`survival draw needs non-negative integer patient and draw indices, got ${patient}, ${k}`);
  }
  philox4x32_10(patient, SURVIVAL_STREAM, Math.floor(k / 4), 0, seed.lo, seed.hi, block);
  return (block[k % 4] + 0.5) * TWO_POW_M32;
}
