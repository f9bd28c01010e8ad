/**
 * Shards of a population: `k/N` names shard k (0-based, as Slurm's SLURM_ARRAY_TASK_ID and
 * Kubernetes' JOB_COMPLETION_INDEX count) of N, which simulates patients [⌊k·n/N⌋, ⌊(k+1)·n/N⌋).
 * The counter RNG makes patient i the same virtual patient in every shard, so the N ranges together
 * are exactly the one-machine population.
 */

export interface ShardSpec {
  /** 0-based shard index, below `count`. */
  index: number;
  count: number;
}

export interface PatientRange {
  start: number;
  end: number;
}

/** Largest shard count accepted: far beyond any cluster's array size, small enough to catch typos. */
export const MAX_SHARDS = 100_000;

/** Parses `k/N`; returns the reason it is not one instead of throwing (the CLI words the error). */
export function parseShardSpec(text: string): ShardSpec | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `"${text}" is not of the form k/N (shard k of N, k counted from 0)`;
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1) return `the shard count N in "${text}" must be at least 1`;
  if (count > MAX_SHARDS) return `the shard count N in "${text}" is above ${MAX_SHARDS}`;
  if (index >= count) return `shard index ${index} is out of range for ${count} shards: k counts from 0, so k/N needs 0 ≤ k ≤ ${count - 1}`;
  return { index, count };
}

/** The patient range of a shard of `nPatients` (possibly empty when there are more shards than patients). */
export function shardRange(nPatients: number, spec: ShardSpec): PatientRange {
  return {
    start: Math.floor((spec.index * nPatients) / spec.count),
    end: Math.floor(((spec.index + 1) * nPatients) / spec.count),
  };
}

export function formatShard(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}

/** File extension of partial results. */
export const PARTIAL_EXT = '.otpart';

/** The partial file name of a shard: sorts in shard order and says its place in the set. */
export function partialFileName(spec: ShardSpec): string {
  const w = String(spec.count - 1).length;
  return `shard-${String(spec.index).padStart(w, '0')}-of-${spec.count}${PARTIAL_EXT}`;
}
