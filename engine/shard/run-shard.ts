/**
 * One shard of a scenario run: the same job, plan, compiled kernel and packed data as a whole run
 * (engine/backends/simulate.ts), run over the shard's patient range only, with the provenance a
 * merge needs to check the set and finalize it exactly as the one-machine run does.
 *
 * Interface rules: host-neutral; the host supplies the session (its live backends) and provenance.
 */
import { sha256Hex } from '../common/hash.js';
import type { EnsembleJob } from '../common/job.js';
import { buildJob, type Scenario } from '../common/scenario/index.js';
import { packJob } from '../kernel/pack.js';
import { allocPartial, type PartialResult } from '../kernel/partial-result.js';
import { planKernel } from '../kernel/plan.js';
import type { EngineSession, SessionRunOptions } from '../session.js';
import { PARTIAL_FORMAT } from './partial-header.js';
import type { ShardProvenance } from './partial-file.js';
import { shardRange, type ShardSpec } from './shard-spec.js';

export interface ShardHost {
  engineVersion(): string;
  gitCommit?(): string | undefined;
}

export interface ShardRun {
  provenance: ShardProvenance;
  partial: PartialResult;
}

/** The hash of a model's files (the model and what it imports), order as loaded. */
export function modelSha256(job: EnsembleJob): string {
  return sha256Hex(job.model.files.map((f) => f.sha256).join('\n'));
}

export async function runShard(session: EngineSession, host: ShardHost, scenario: Scenario, spec: ShardSpec,
  opts: SessionRunOptions = {}): Promise<ShardRun> {
  const job = buildJob(scenario, { nPatients: opts.nPatients, seed: opts.seed, trajectories: opts.trajectories });
  const { backend, notes } = await session.backend(opts.backend ?? 'auto', opts.threads);
  const startedAt = new Date();
  const t0 = performance.now();
  const plan = planKernel(job, backend.caps);
  const kernel = await backend.compile(plan);
  const data = packJob(plan, job);
  const range = shardRange(job.nPatients, spec);
  // More shards than patients leaves some shards empty; they still count towards a complete set.
  const partial = range.end > range.start
    ? await backend.runRange(kernel, data, range, { onProgress: opts.onProgress, signal: opts.signal, trajectories: job.trajectories })
    : allocPartial(plan, job.regimens.length, job.grid.length, range.start, range.end, 0);
  partial.notes.unshift(...data.notes);
  const commit = host.gitCommit?.();
  const provenance: ShardProvenance = {
    format: PARTIAL_FORMAT,
    scenario: { id: scenario.id, path: scenario.path, sha256: scenario.sha256 },
    models: job.model.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    modelSha256: modelSha256(job),
    engineVersion: host.engineVersion(),
    ...(commit !== undefined ? { gitCommit: commit } : {}),
    seed: opts.seed ?? scenario.population.seed,
    nPatients: job.nPatients,
    trajectories: job.trajectories,
    shard: { index: spec.index, count: spec.count },
    structureKey: plan.key,
    caps: plan.caps,
    backend: { name: backend.name, precision: backend.precision, device: backend.describe() },
    backendNotes: notes,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    regimenNames: job.regimens.map((r) => r.name),
  };
  return { provenance, partial };
}
