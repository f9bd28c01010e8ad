/**
 * What a what-if edit touches: the one place that decides which regimens of a run must be simulated
 * again and which per-patient results of the previous run can be reused (engine/session.ts).
 *
 * The decision is taken on the lowered job (engine/common/job.ts), not on the YAML text, so it holds
 * for every way of writing the same thing. A regimen's per-patient results depend only on
 * - what every regimen shares: the model (parameters included), the population program and its
 *   imported table, the output grid and horizon, the solver settings, the per-patient summaries, the
 *   per-time quantiles, the number of patients, the seed, the trajectories kept, and the target
 *   (backend and its capabilities: float width, resolution constants); and
 * - the regimen's own plan: dose levels, planned doses (times, targets, durations, cycles) and
 *   protocol rules with their trackers.
 * Patient i is the same virtual patient for every regimen (counter RNG), so:
 * - an edit of one regimen's doses, schedule or rules re-runs that regimen only;
 * - an edit of anything shared (population, model, solver, summaries, output grid, N, seed) re-runs
 *   every regimen;
 * - an edit that changes neither (endpoints, events, subgroups, title, a regimen's name or
 *   description, regimen order) simulates nothing: the result is assembled again from kept values.
 */
import type { EnsembleJob, RegimenPlan } from './common/job.js';
import { sha256Hex } from './common/hash.js';

export interface RunIdentity {
  /** Hash of everything every regimen's per-patient results depend on. */
  shared: string;
  /** Per regimen (job order), hash of its own plan — names and descriptions left out. */
  regimens: string[];
}

/** Typed arrays as plain arrays, so equal numbers hash equally. */
function replacer(_key: string, v: unknown): unknown {
  return ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v;
}

const hash = (v: unknown): string => sha256Hex(JSON.stringify(v, replacer));

/**
 * A regimen's plan without what only labels it. Everything else counts — a field added to
 * RegimenPlan later is part of the identity unless it is listed here as a label.
 */
function regimenContent(r: RegimenPlan): unknown {
  const { name: _name, description: _description, ...content } = r;
  return content;
}

/**
 * The identity of `job` run on `target` (the backend's name and capabilities: float width and
 * resolution constants change the numbers). Not the kernel's structure key: it covers every regimen,
 * and adding one must not make the others' results look different.
 */
export function runIdentity(job: EnsembleJob, target: string): RunIdentity {
  const { regimens, model, ...rest } = job;
  // Model files' paths and hashes are provenance, not simulation inputs: a moved file is the same model.
  const { files: _files, ...modelContent } = model;
  return {
    shared: hash({ target, model: modelContent, ...rest }),
    regimens: regimens.map((r) => hash(regimenContent(r))),
  };
}

/**
 * For each regimen of `next`, whether it must be simulated: true unless `kept` (the identity of
 * results still held) shares everything and holds a regimen with the same plan (at any position).
 */
export function regimensToRun(kept: RunIdentity | undefined, next: RunIdentity): boolean[] {
  if (!kept || kept.shared !== next.shared) return next.regimens.map(() => true);
  const have = new Set(kept.regimens);
  return next.regimens.map((k) => !have.has(k));
}
