/**
 * One whole run on a backend: plan → compile (cached by structure) → pack → run every patient →
 * finalize. Backends implement `run` with this, so every host and test goes through compile-once.
 */
import type { EnsembleJob } from '../common/job.js';
import type { EnsembleResult } from '../common/results.js';
import { packJob } from '../kernel/pack.js';
import { finalizeResult } from '../kernel/partial-result.js';
import { planKernel } from '../kernel/plan.js';
import type { RunOptions, SimBackend } from './backend.js';

export async function simulateJob(backend: SimBackend, job: EnsembleJob, opts: RunOptions = {}): Promise<EnsembleResult> {
  const plan = planKernel(job, backend.caps);
  const kernel = await backend.compile(plan);
  const data = packJob(plan, job);
  const part = await backend.runRange(kernel, data, { start: 0, end: job.nPatients }, { ...opts, trajectories: job.trajectories });
  part.notes.unshift(...data.notes);
  return finalizeResult(plan, job, part, { name: backend.name, precision: backend.precision, device: backend.describe() });
}

/**
 * A bounded cache of compiled kernels by structure key (least recently used out first), shared by
 * the backends; a failed compilation is not kept.
 */
export class KernelCache<K> {
  private readonly map = new Map<string, Promise<K>>();
  misses = 0;
  constructor(private readonly size = 16) {}

  get(key: string, make: () => Promise<K>): Promise<K> {
    let p = this.map.get(key);
    if (p) { this.map.delete(key); this.map.set(key, p); return p; }
    this.misses++;
    p = make();
    p.catch(() => this.map.delete(key));
    this.map.set(key, p);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return p;
  }

  clear(): void { this.map.clear(); }
}
