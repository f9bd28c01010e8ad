/**
 * SIMD divergence of per-patient work (docs/BENCHMARKS.md, "Divergence"): the lanes of a GPU SIMD
 * group (32 on NVIDIA, 64 on AMD, a workgroup of 64 here) step in lockstep, so a group costs its
 * slowest patient's steps. Efficiency = mean over groups of (mean steps / max steps); 1 = none lost.
 */

/** Mean over groups of `width` consecutive patients of (mean steps / max steps). */
export function simdEfficiency(steps: ArrayLike<number>, width: number): number {
  let sum = 0, groups = 0;
  for (let s = 0; s < steps.length; s += width) {
    const end = Math.min(s + width, steps.length);
    let max = 0, tot = 0;
    for (let i = s; i < end; i++) { max = Math.max(max, steps[i]); tot += steps[i]; }
    if (max > 0) { sum += tot / (end - s) / max; groups++; }
  }
  return groups ? sum / groups : 1;
}

/** Patient indices ordered by a pilot's step counts (ties by index: a stable, deterministic order). */
export function sortedByPilot(pilot: ArrayLike<number>): number[] {
  return Array.from({ length: pilot.length }, (_, i) => i).sort((i, j) => pilot[i] - pilot[j] || i - j);
}

/**
 * The invocation → patient-row map of a batch of n patients: ordered by the pilot's step counts
 * (the same patients' steps under an earlier regimen) where there is one, else in patient order.
 */
export function laneRows(n: number, pilot?: ArrayLike<number>): Uint32Array<ArrayBuffer> {
  if (!pilot) return Uint32Array.from({ length: n }, (_, i) => i);
  return Uint32Array.from(sortedByPilot(pilot));
}
