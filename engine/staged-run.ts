/**
 * A run in two patient ranges, for interactive hosts (engine/session.ts): the leading
 * PREVIEW_PATIENTS patients first — a preliminary result the host can show within a second — then
 * the rest, merged into the final result (engine/kernel/partial-result.ts). Only the regimens the
 * edit touched are simulated (engine/what-if.ts); the others' per-patient partials come from the
 * previous run's kept ones, which hold the same virtual patients (counter RNG).
 *
 * Interface rules: the final result is identical to a single-range run (merging is exact); kept
 * partials are split at the same patient (PREVIEW_PATIENTS depends on nothing but N, which is part
 * of the shared identity).
 */
import type { SimBackend } from './backends/backend.js';
import type { EnsembleJob } from './common/job.js';
import type { EnsembleResult } from './common/results.js';
import { packJob, type JobData } from './kernel/pack.js';
import { finalizeResult, mergePartials, type PartialRegimen, type PartialResult } from './kernel/partial-result.js';
import { planKernel } from './kernel/plan.js';
import { regimensToRun, runIdentity, type RunIdentity } from './what-if.js';

/** Patients of the preliminary result: a few hundred, enough for a first look at the charts. */
export const PREVIEW_PATIENTS = 250;

/** Per-patient partials of a finished run, by regimen plan hash: [leading range, rest]. */
export interface KeptRun {
  identity: RunIdentity;
  parts: Map<string, [PartialRegimen, PartialRegimen | undefined]>;
  notes: string[];
}

export interface StagedRunOptions {
  kept?: KeptRun;
  /** Return the partials of this run for the next one to reuse. */
  keep: boolean;
  onPreview?(ens: EnsembleResult, patients: number): void;
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

export interface StagedRun {
  ens: EnsembleResult;
  kept?: KeptRun;
  /** Per regimen, whether it was simulated (false: reused). */
  ran: boolean[];
}

export async function runStaged(backend: SimBackend, job: EnsembleJob, opts: StagedRunOptions): Promise<StagedRun> {
  const plan = planKernel(job, backend.caps);
  const kernel = await backend.compile(plan);
  const data = packJob(plan, job);
  const identity = runIdentity(job, `${backend.name}:${JSON.stringify(backend.caps)}`);
  const ran = regimensToRun(opts.kept?.identity, identity);
  const fresh = ran.flatMap((r, i) => (r ? [i] : []));
  const sub: JobData = { ...data, uniforms: fresh.map((r) => data.uniforms[r]) };
  const N = job.nPatients;
  const lead = Math.min(N, PREVIEW_PATIENTS);
  const desc = { name: backend.name, precision: backend.precision, device: backend.describe() };
  const reuseNote = ran.every((r) => r) ? [] : [`what-if: ${job.regimens.filter((_, r) => !ran[r]).map((r) => r.name).join(', ')} reused from the previous run (unchanged by the edit)`];

  // The backend's own notes (of this run, or of the kept one when nothing runs), kept for reuse.
  const backendNotes = new Set<string>();
  /** The partial of [start, end) for every regimen: fresh ones simulated now, the others kept. */
  const part = async (start: number, end: number, slot: 0 | 1): Promise<PartialResult> => {
    const own = fresh.length === 0 ? undefined : await backend.runRange(kernel, sub, { start, end }, {
      trajectories: job.trajectories, signal: opts.signal,
      onProgress: (f) => opts.onProgress?.((start + f * (end - start)) / N),
    });
    const regimens = job.regimens.map((_, r) => (ran[r] ? own!.regimens[fresh.indexOf(r)] : opts.kept!.parts.get(identity.regimens[r])![slot]!));
    for (const n of own?.notes ?? opts.kept!.notes) backendNotes.add(n);
    return { start, end, regimens, notes: [...data.notes, ...backendNotes, ...reuseNote] };
  };

  const head = await part(0, lead, 0);
  // Nothing simulated (an edit of events or endpoint grading): the final result follows at once.
  if (lead < N && fresh.length > 0) opts.onPreview?.(finalizeResult(plan, job, head, desc), lead);
  const tail = lead < N ? await part(lead, N, 1) : undefined;
  opts.onProgress?.(1);
  const whole = tail ? mergePartials([head, tail]) : head;
  const kept: KeptRun | undefined = opts.keep ? {
    identity, notes: [...backendNotes],
    parts: new Map(identity.regimens.map((k, r) => [k, [head.regimens[r], tail?.regimens[r]]])),
  } : undefined;
  return { ens: finalizeResult(plan, job, whole, desc), kept, ran };
}
