/**
 * A checked, complete set of shard partials → the ScenarioResult of the one-machine run: the job
 * and kernel plan are rebuilt from the scenario and the shards' header (population size, seed,
 * trajectories, target capabilities), the partials merged (mergePartials: per-patient values by
 * index, sketches added — exact), finalized (finalizeResult) and assembled (assembleResult) exactly
 * as engine/backends/simulate.ts and engine/session.ts do for a single run.
 */
import { assembleResult } from '../common/assemble-result.js';
import { InputError } from '../common/errors.js';
import type { ScenarioResult } from '../common/scenario-result.js';
import { buildJob, type Scenario } from '../common/scenario/index.js';
import { finalizeResult, mergePartials, type PartialResult } from '../kernel/partial-result.js';
import { planKernel } from '../kernel/plan.js';
import type { PartialHeader } from './partial-header.js';
import { modelSha256 } from './run-shard.js';

export interface LoadedShard {
  file: string;
  header: PartialHeader;
  partial: PartialResult;
}

/**
 * Merges shards already checked by checkShardSet. `scenario` must be the file the shards ran
 * (its hash and its model's are checked here).
 */
export function mergeShards(scenario: Scenario, shards: LoadedShard[]): ScenarioResult {
  const [first] = shards;
  const h = first.header;
  const job = buildJob(scenario, { nPatients: h.nPatients, seed: h.seed, trajectories: h.trajectories });
  const mismatch = (message: string, hint: string) => InputError.at(scenario.path, 1, 1, message, hint);
  if (scenario.sha256 !== h.scenario.sha256) {
    throw mismatch(`this scenario file is not the one the shards ran (sha256 ${scenario.sha256.slice(0, 12)}…, the shards have ${h.scenario.sha256.slice(0, 12)}…, from ${h.scenario.path})`, 'pass the scenario file the shards ran with --scenario, or re-run the shards');
  }
  if (modelSha256(job) !== h.modelSha256) {
    throw mismatch(`the model files changed since the shards ran (${h.models.map((m) => m.path).join(', ')})`, 'restore the model the shards ran, or re-run the shards');
  }
  const plan = planKernel(job, h.caps);
  if (plan.key !== h.structureKey) {
    throw mismatch('this engine plans a different kernel for the scenario than the one the shards ran', 'merge with the oncotwin build that ran the shards');
  }
  const merged = mergePartials(shards.map((s) => s.partial));
  const ens = finalizeResult(plan, job, merged, h.backend);
  const starts = shards.map((s) => Date.parse(s.header.startedAt));
  return assembleResult(scenario, job, ens, {
    engineVersion: h.engineVersion,
    gitCommit: h.gitCommit,
    // The run began when its first shard did; its duration is the compute time of all shards.
    startedAt: new Date(Math.min(...starts)),
    durationMs: shards.reduce((s, x) => s + x.header.durationMs, 0),
    notes: [...h.backendNotes, `merged from ${shards.length} shard${shards.length === 1 ? '' : 's'} (oncotwin merge)`],
    seed: h.seed,
  });
}
