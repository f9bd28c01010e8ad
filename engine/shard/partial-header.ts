/**
 * The JSON header of a partial-result file: what a shard ran (provenance) and the layout of the
 * binary buffers after it. `oncotwin merge` checks headers against each other before it reads a
 * buffer (merge-check.ts), and rebuilds the job and kernel plan from them to finalize the result.
 *
 * Interface rules: the schema is the one reader of headers; a file whose header does not parse is
 * not a partial of this format version (PARTIAL_FORMAT changes when a field changes meaning).
 */
import { z } from 'zod';

export const PARTIAL_FORMAT = 'oncotwin-partial/1';

const caps = z.object({
  target: z.enum(['js', 'wgsl']),
  precision: z.union([z.literal(32), z.literal(64)]),
  maxClosedForm: z.number(),
  maxInfusions: z.number(),
  stretch: z.number(),
  tauRes: z.number(),
  crossIters: z.number(),
});

const count = z.number().int().nonnegative();

export const partialHeaderSchema = z.object({
  format: z.literal(PARTIAL_FORMAT),
  scenario: z.object({ id: z.string(), path: z.string(), sha256: z.string() }),
  /** Model files (the model and its imports) with their SHA-256; `modelSha256` hashes the list. */
  models: z.array(z.object({ path: z.string(), sha256: z.string() })),
  modelSha256: z.string(),
  engineVersion: z.string(),
  gitCommit: z.string().optional(),
  seed: count,
  nPatients: count,
  trajectories: count,
  shard: z.object({ index: count, count: z.number().int().positive() }),
  range: z.object({ start: count, end: count }),
  /** The kernel plan's structure key and the target capabilities it was planned for. */
  structureKey: z.string(),
  caps,
  backend: z.object({ name: z.enum(['cpu', 'webgpu']), precision: z.union([z.literal(32), z.literal(64)]), device: z.string() }),
  /** Backend selection notes of the shard's session (which backend ran and why). */
  backendNotes: z.array(z.string()),
  /** The partial's own notes (packing, backend warnings). */
  notes: z.array(z.string()),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Per regimen: its name and the element counts of its buffers, in file order. */
  regimens: z.array(z.object({
    name: z.string(),
    sums: count,
    status: count,
    report: count,
    trajectories: count,
    trajectoryRows: count,
    sketch: count,
    /** Non-zero sketch counts, stored as (index, count) pairs. */
    sketchNonZero: count,
  })),
});

export type PartialHeader = z.infer<typeof partialHeaderSchema>;
