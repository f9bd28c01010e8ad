/**
 * The layout shared by the WGSL emitter and the WebGPU host: which numbers live where.
 *
 * Interface rules: `planKernel` splits a job into structure (counts, kinds, expression shapes —
 * everything the generated WGSL depends on) and data (parameter values, tolerances, grid, lifted
 * constants, table, the summary descriptor table, doses — uploaded to buffers). Two jobs whose models and job-level
 * expressions differ only in numbers produce the same WGSL text, so the pipeline cache is keyed by
 * structure only.
 */
import type { EnsembleJob, SummarySpec } from '../../common/job.js';
import type { Expr } from '../../common/ir.js';
import { needsDynamicDosing } from '../../common/dosing/rules.js';

/** Infusions that may run at once per patient (overlapping beyond this fails the patient). */
export const MAX_INFUSIONS = 8;
/** Accumulator words per summary: value (or integral), time (or done flag), refined flag. */
export const ACC_WORDS = 3;
/**
 * Floats per summary in the descriptor table: kind code, output index, aux state index, two numbers,
 * cycle (per-cycle min/max: the cycle number, whose window the kernel keeps per patient; else 0).
 */
export const SUM_STRIDE = 6;
/** Summary kind codes of the descriptor table (max and min first: `kind <= min` means an extremum). */
export const SUMMARY_KIND_CODE = { max: 0, min: 1, auc: 2, value_at: 3, time_below: 4, time_above: 5 } as const satisfies Record<SummarySpec['kind'], number>;
/** Kind code of a dose-delivery column (`value_at` with `dosing`); its first number is the DOSING_STATS index. */
export const DOSING_KIND_CODE = 6;
/** Floats per tracker in the tracker table: kind (0 none, 1 below, 2 above), output index, threshold. */
export const TRACKER_STRIDE = 3;
/** Words per planned dose of the dynamic dose state: planned time, status, delays, amount (docs/KERNEL.md §7). */
export const DOSE_STATE_WORDS = 4;
/** Words of the per-patient header in the persistent state buffer (see emit-kernel.ts). */
export const HEADER_WORDS = 12;

/** One result column of the per-patient summary buffer. */
export interface SummaryColumn {
  key: string;
  summary: number;
}

export interface KernelPlan {
  nStates: number;
  /** auc summaries integrated as extra numerical states after the model's. */
  nAux: number;
  nOutputs: number;
  nTargets: number;
  /** Closed-form linear subsystem size (0 = none or not used). */
  nLinear: number;
  linearIdx: number[];
  method: 'dopri5' | 'rk4';
  summaries: SummarySpec[];
  /** Output index per summary. */
  summaryOutput: number[];
  /** First summary column per summary; max/min take two (value, time). */
  summaryCol: number[];
  columns: SummaryColumn[];
  /** Aux state index (in y) per auc summary, else -1. */
  auxIndex: number[];
  /** Dose-level slots: every regimen's levels, flattened; regimenLevelBase[r] is regimen r's first. */
  levelExprs: Expr[];
  regimenLevelBase: number[];
  /** Distinct infusion-duration expressions; durSlot per (regimen, dose). */
  durExprs: Expr[];
  doseDurSlot: number[][];
  /**
   * Protocol rules, per-cycle windows or dosing columns (needsDynamicDosing): doses are decided in
   * the kernel (docs/KERNEL.md §7, emit-rules.ts).
   */
  dynamic: boolean;
  /** Most trackers of one regimen (tracker-table slots per regimen; 0 without rules). */
  nTrackers: number;
  /**
   * Most planned doses of one regimen: a dynamic kernel keeps DOSE_STATE_WORDS per dose and patient
   * after the batch's state words (sized by the host, so the WGSL does not depend on dose counts).
   */
  maxDoses: number;
  /** Words of persistent state per patient (without the dose state of a dynamic kernel). */
  stateWords: number;
  offsets: {
    dptr: number; slots: number; y: number; xT: number; acc: number; prev: number;
    /**
     * Rule counters (delays, reductions, discontinued), tracker accumulators, then per-cycle windows
     * (from, to per summary); dynamic kernels only.
     */
    rules: number;
  };
}

function exprKey(e: Expr): string {
  return JSON.stringify(e);
}

/** Structure and layout of one job's kernel. */
export function planKernel(job: EnsembleJob): KernelPlan {
  const m = job.model;
  const nStates = m.states.length;
  const stateIndex = new Map(m.states.map((s, i) => [s.name, i]));
  const outIndex = new Map(m.outputs.map((o, i) => [o.name, i]));
  const lin = m.linear && job.solver.closedFormLinear && m.linear.states.length <= 3 ? m.linear : undefined;
  const linearIdx = lin ? lin.states.map((n) => stateIndex.get(n) ?? -1) : [];
  if (linearIdx.includes(-1)) throw new Error('linear subsystem names a state the model does not have');
  const summaryOutput: number[] = [];
  const summaryCol: number[] = [];
  const columns: SummaryColumn[] = [];
  const auxIndex: number[] = [];
  let nAux = 0;
  job.summaries.forEach((s, i) => {
    const o = outIndex.get(s.output);
    if (o === undefined) throw new Error(`summary ${s.name} names unknown output ${s.output}`);
    summaryOutput.push(o);
    summaryCol.push(columns.length);
    columns.push({ key: s.name, summary: i });
    if (s.kind === 'max' || s.kind === 'min') columns.push({ key: `${s.name}.time`, summary: i });
    auxIndex.push(s.kind === 'auc' ? nStates + nAux++ : -1);
  });
  const levelExprs: Expr[] = [];
  const regimenLevelBase: number[] = [];
  const durExprs: Expr[] = [];
  const durKeys = new Map<string, number>();
  const doseDurSlot = job.regimens.map((r) => {
    regimenLevelBase.push(levelExprs.length);
    levelExprs.push(...r.levels);
    return r.doses.map((d) => {
      // Bolus vs infusion is data (duration 0), so every duration goes through the same slot path.
      const key = exprKey(d.duration);
      let slot = durKeys.get(key);
      if (slot === undefined) {
        slot = durExprs.length;
        durExprs.push(d.duration);
        durKeys.set(key, slot);
      }
      return slot;
    });
  });
  const nTargets = m.doseTargets.length;
  const nY = nStates + nAux;
  const dptr = HEADER_WORDS;
  const slots = dptr + nTargets;
  const y = slots + 3 * MAX_INFUSIONS;
  const xT = y + nY;
  const acc = xT + linearIdx.length;
  // Per summary: value, time, "refined" flag. Then the previous step (y0, y1, 7 stages, h, tau, valid).
  const prev = acc + ACC_WORDS * job.summaries.length;
  const dynamic = needsDynamicDosing(job);
  const nTrackers = Math.max(0, ...job.regimens.map((r) => r.rules?.trackers.length ?? 0));
  const rules = prev + 9 * nY + 3;
  return {
    nStates, nAux, nOutputs: m.outputs.length, nTargets, nLinear: linearIdx.length, linearIdx,
    method: job.solver.method, summaries: job.summaries, summaryOutput, summaryCol, columns, auxIndex,
    levelExprs, regimenLevelBase, durExprs, doseDurSlot,
    dynamic, nTrackers, maxDoses: Math.max(0, ...job.regimens.map((r) => r.doses.length)),
    stateWords: rules + (dynamic ? 3 + nTrackers + 2 * job.summaries.length : 0),
    offsets: { dptr, slots, y, xT, acc, prev, rules },
  };
}
