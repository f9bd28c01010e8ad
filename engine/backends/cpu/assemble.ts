/**
 * Turns the CPU kernel's raw per-patient buffers into an EnsembleResult: summaries keyed by name,
 * exact type-7 per-time quantiles (failed patients excluded) and the first K trajectories.
 */
import type { EnsembleJob } from '../../common/job.js';
import type { RegimenResult } from '../../common/results.js';
import { gridQuantiles } from '../../common/quantiles.js';
import type { KernelOutputs } from '../../codegen/js/kernel-data.js';
import { summaryColumns } from '../../codegen/js/emit-summaries.js';

/** Copies a view out of a (possibly shared) buffer so results own plain memory. */
function own<T extends Float64Array | Uint8Array | Uint32Array>(a: T): T {
  return a.slice() as T;
}

export function assembleRegimens(job: EnsembleJob, out: KernelOutputs): RegimenResult[] {
  const N = job.nPatients, nOut = job.model.outputs.length, G = job.grid.length;
  const cols = summaryColumns(job.summaries);
  const outputs = job.model.outputs.map((o) => o.name);
  return job.regimens.map((reg, r) => {
    const summaries: Record<string, Float64Array> = {};
    cols.forEach((name, c) => {
      const v = new Float64Array(N);
      const s = out.sums[r];
      for (let i = 0; i < N; i++) v[i] = s[i * cols.length + c];
      summaries[name] = v;
    });
    const failed = own(out.failed[r].subarray(0, N));
    const bands = job.quantiles.length ? gridQuantiles(out.grid[r], failed, N, nOut, G, job.quantiles) : [];
    const res: RegimenResult = {
      name: reg.name,
      summaries,
      failed,
      steps: own(out.steps[r].subarray(0, N)),
      quantiles: bands.map((values, o) => ({ output: outputs[o], probs: [...job.quantiles], values })),
    };
    const K = Math.min(job.trajectories, N);
    if (K > 0) res.trajectories = { patients: K, outputs, values: own(out.grid[r].subarray(0, K * nOut * G)) };
    return res;
  });
}
