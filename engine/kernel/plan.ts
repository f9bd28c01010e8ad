/**
 * The kernel plan: everything the generated code depends on, split from everything it reads at run
 * time (engine/kernel/pack.ts), with a short structure key computed before any code is generated.
 *
 * Interface rules:
 * - `planKernel(job, caps)` is cheap and pure. Two jobs that differ only in numbers — parameter
 *   values, doses and schedules, population size and distributions' numbers, seed, grid, horizon,
 *   tolerances, summary windows and thresholds — get the same `key`, so backends compile once and
 *   run many (the pipeline / function cache is keyed by it).
 * - Target capabilities (float width, closed-form limit, infusion slots, resolution constants) are
 *   data in `TargetCaps`, part of the key; the kernel program is the same for every target.
 */
import type { Assign, Expr, ModelIR } from '../common/ir.js';
import type { EnsembleJob, RegimenRules, SummarySpec } from '../common/job.js';
import { needsDynamicDosing } from '../common/dosing/rules.js';
import { sha256Hex } from '../common/hash.js';
import { statesReadByOutputs } from './model-reads.js';
import { kernelKind, SUMMARY_GROUP, SUMMARY_KINDS, summaryKindConstants } from './summary-kinds.js';

/** What a target can do, as data (docs/KERNEL.md §6). */
export interface TargetCaps {
  target: 'js' | 'wgsl';
  precision: 32 | 64;
  /** Largest linear subsystem solved in closed form (larger ones are integrated). */
  maxClosedForm: number;
  /** Infusions that may run at once per patient (more fails the patient with code 4). */
  maxInfusions: number;
  /** A step ending within STRETCH·h of a breakpoint is stretched to it. */
  stretch: number;
  /** tau + h == tau below TAU_RES·tau: a rejected step that small fails the patient (code 2). */
  tauRes: number;
  /** Bisection iterations locating a threshold crossing inside a step. */
  crossIters: number;
}

export const JS_CAPS: TargetCaps = { target: 'js', precision: 64, maxClosedForm: 16, maxInfusions: 32, stretch: 1e-9, tauRes: 4.5e-16, crossIters: 32 };
export const WGSL_CAPS: TargetCaps = { target: 'wgsl', precision: 32, maxClosedForm: 3, maxInfusions: 8, stretch: 1e-6, tauRes: 2.4e-7, crossIters: 24 };

export const SUM_STRIDE = 7;
export const DOSE_STRIDE = 7;
export const TRK_STRIDE = 4;
/** Words of per-patient memory per planned dose of a dynamic kernel: planned time, status, delays, amount. */
export const DOSE_WORDS = 4;
/** Accumulator words per summary (extrema: value, time, value at that time, refined-at, spare). */
export const ACC_WORDS = 5;
/**
 * Near-equal extrema (relative difference ≤ EXT_TIE, e.g. the same peak every cycle) resolve to the
 * earliest: f32 and f64 rounding would otherwise pick different cycles (docs/KERNEL.md §4).
 */
export const EXT_TIE = 1e-2;
/**
 * A later local extremum whose sampled value is within this fraction of the running one is refined:
 * sampled step ends can lie tens of percent below a sharp peak (5-FU after each capecitabine dose).
 */
export const TURN_GATE = 0.5;

export interface KernelPlan {
  /** Structure key: equal keys ⇒ identical generated code. */
  key: string;
  caps: TargetCaps;
  /** Constants of the kernel program (array sizes, flags, kind codes, resolution constants). */
  consts: Record<string, number | boolean>;
  model: ModelIR;
  /** Population program (its literals are lifted) and the table columns it may read. */
  population: { assigns: Assign[]; tableColumns: string[] };
  /** Every regimen's dose levels, flattened (literals lifted); regimen r starts at levelBase[r]. */
  levels: Expr[];
  levelBase: number[];
  /** Non-constant infusion durations (slot k + 1 in the dose table; 0 = the row's constant). */
  durations: Expr[];
  rules: (RegimenRules | undefined)[];
  /** Model-state indices of the closed-form linear subsystem (empty: none or not used). */
  linear: number[];
  /**
   * Kernel summaries: the job's summaries with identical specifications merged (endpoints often
   * repeat a scenario's own, e.g. the ANC nadir), as indices into job.summaries. Everything per
   * summary below is per kernel summary.
   */
  summaryIndex: number[];
  /** Columns of the kernel's summary buffer, and each kernel summary's first column. */
  columns: string[];
  summaryCol: number[];
  /** Result column name → kernel column (every job summary and extremum time, duplicates included). */
  resultColumns: { name: string; col: number }[];
  /** State slot of each auc summary's integral (-1 for others). */
  auxIndex: number[];
  /** Output index of each summary (-1 for dose-delivery columns). */
  summaryOutput: number[];
  /** Per-patient reported values: population report names, then `param.<individual>`. */
  report: string[];
  /** Most planned doses of one regimen (per-patient dose memory of a dynamic kernel). */
  maxDoses: number;
}

const durationKey = (e: Expr): string => JSON.stringify(e);

/** What a summary computes, without its name: equal keys ⇒ equal per-patient values. */
const specKey = (q: SummarySpec): string => JSON.stringify({ ...q, name: '' });

/** The kernel summaries (duplicates merged), their columns, and every result column's source. */
function summaryLayout(job: EnsembleJob): Pick<KernelPlan, 'summaryIndex' | 'columns' | 'summaryCol' | 'resultColumns'> {
  const byKey = new Map<string, number>();
  const summaryIndex: number[] = [], columns: string[] = [], summaryCol: number[] = [];
  const resultColumns: { name: string; col: number }[] = [];
  job.summaries.forEach((q, j) => {
    const extremum = SUMMARY_KINDS[kernelKind(q)].timeColumn;
    let k = byKey.get(specKey(q));
    if (k === undefined) {
      k = summaryIndex.length;
      byKey.set(specKey(q), k);
      summaryIndex.push(j);
      summaryCol.push(columns.length);
      columns.push(q.name);
      if (extremum) columns.push(`${q.name}.time`);
    }
    resultColumns.push({ name: q.name, col: summaryCol[k] });
    if (extremum) resultColumns.push({ name: `${q.name}.time`, col: summaryCol[k] + 1 });
  });
  return { summaryIndex, columns, summaryCol, resultColumns };
}

/** The plan of `job` for a target with `caps`. Throws on internal inconsistencies (unknown names). */
export function planKernel(job: EnsembleJob, caps: TargetCaps): KernelPlan {
  const m = job.model;
  const stateIdx = new Map(m.states.map((s, i) => [s.name, i]));
  const outIdx = new Map(m.outputs.map((o, i) => [o.name, i]));
  const useLinear = m.linear && job.solver.closedFormLinear && m.linear.states.length <= caps.maxClosedForm;
  const linear = useLinear ? m.linear!.states.map((n) => {
    const i = stateIdx.get(n);
    if (i === undefined) throw new Error(`kernel: linear subsystem names unknown state '${n}'`);
    return i;
  }) : [];
  const nS = m.states.length;
  const layout = summaryLayout(job);
  const sums = layout.summaryIndex.map((j) => job.summaries[j]);
  let nAux = 0;
  const auxIndex = sums.map((s) => {
    if (s.kind !== 'value_at' || s.dosing === undefined) {
      if (!outIdx.has(s.output)) throw new Error(`kernel: summary '${s.name}' names unknown output '${s.output}'`);
    }
    return s.kind === 'auc' ? nS + nAux++ : -1;
  });
  const levels: Expr[] = [], levelBase: number[] = [], durations: Expr[] = [];
  const durSeen = new Set<string>();
  for (const r of job.regimens) {
    levelBase.push(levels.length);
    levels.push(...r.levels);
    for (const d of r.doses) {
      if (d.duration.k === 'num' || durSeen.has(durationKey(d.duration))) continue;
      durSeen.add(durationKey(d.duration));
      durations.push(d.duration);
    }
  }
  const dynamic = needsDynamicDosing(job);
  const nTrk = dynamic ? Math.max(0, ...job.regimens.map((r) => r.rules?.trackers.length ?? 0)) : 0;
  const nSum = sums.length;
  const nY = nS + nAux;
  const nL = linear.length;
  const consts: Record<string, number | boolean> = {
    NY: Math.max(nY, 1), NYNUM: nY, NS: Math.max(nS, 1), NO: Math.max(m.outputs.length, 1), NOUT: m.outputs.length,
    NT: Math.max(m.doseTargets.length, 1), NSUM: Math.max(nSum, 1), NSUMS: nSum, NSUM2: 2 * Math.max(nSum, 1),
    NSUMW: Math.max(1, Math.ceil(nSum / 32)), NFLAGW: Math.max(1, Math.ceil((nSum + nTrk) / 32)),
    NAUX: Math.max(nAux, 1), ACC: ACC_WORDS, NACC: ACC_WORDS * Math.max(nSum, 1),
    NL: Math.max(nL, 1), NL2: Math.max(nL * nL, 1), NL3: Math.max(nL * nL * nL, 1), NLIN: nL, HAS_LINEAR: nL > 0,
    // Bit i set: state i is solved in closed form when the closed form is in use (states below 32).
    LIN_MASK: bitsBelow32(linear),
    // Bit i set: some output reads state i (dense output interpolates only those).
    OUT_MASK: bitsBelow32([...statesReadByOutputs(m)]),
    MAXINF: caps.maxInfusions, NTRK: nTrk, NTRK1: Math.max(nTrk, 1),
    SUM_STRIDE, DOSE_STRIDE, TRK_STRIDE, DOSE_WORDS, DYNAMIC: dynamic, METHOD_RK4: job.solver.method === 'rk4',
    METHOD_ROS: job.solver.method === 'rosenbrock', METHOD_AUTO: job.solver.method === 'auto',
    ERR_EXP: job.solver.method === 'rosenbrock' ? -0.25 : -0.2,
    ...summaryKindConstants(),
    BIG: 3.4028234e38, EXT_TIE, TURN_GATE, GOLDEN: 0.6180339887498949, GOLDEN_ITERS: 32, CROSS_ITERS: caps.crossIters,
    STRETCH: caps.stretch, TAU_RES: caps.tauRes, FAIL_INFUSIONS: 4,
    L_EXT: SUMMARY_GROUP.ext, L_CROSS: SUMMARY_GROUP.cross, L_VAL: SUMMARY_GROUP.val, L_AUC: SUMMARY_GROUP.auc, NGROUPS: SUMMARY_GROUP.none,
  };
  const report = [...job.population.report, ...m.individual.map((a) => `param.${a.name}`)];
  const plan: Omit<KernelPlan, 'key'> = {
    caps, consts, model: m,
    population: { assigns: job.population.assigns, tableColumns: job.population.table?.columns ?? [] },
    levels, levelBase, durations, rules: job.regimens.map((r) => r.rules),
    linear, ...layout, auxIndex, report,
    summaryOutput: sums.map((q) => (q.kind === 'value_at' && q.dosing !== undefined ? -1 : outIdx.get(q.output)!)),
    maxDoses: Math.max(0, ...job.regimens.map((r) => r.doses.length)),
  };
  return { ...plan, key: structureKey(plan) };
}

/** A u32 with bit i set for each index i < 32 (the kernel treats larger indices as unmasked: always computed). */
const bitsBelow32 = (idx: number[]): number => idx.filter((i) => i < 32).reduce((mask, i) => (mask | (1 << i)) >>> 0, 0);

/** Numbers that generated code reads from the data buffer are masked out of the key. */
function shape(e: Expr): unknown {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === 'v' && typeof v === 'number' ? 0 : v)));
}

/** The structure key: a hash of what the generated code depends on (never of lifted numbers). */
function structureKey(p: Omit<KernelPlan, 'key'>): string {
  const m = p.model;
  const text = JSON.stringify({
    v: 1,
    caps: p.caps, consts: p.consts,
    model: {
      params: m.params.length, covariates: m.covariates.map((c) => c.name), etas: m.variability.etas,
      individual: m.individual, states: m.states.map((s) => s.init), derived: m.derived, odes: m.odes,
      outputs: m.outputs.map((o) => [o.expr, o.scale]), doseTargets: m.doseTargets, linear: m.linear,
    },
    population: { assigns: p.population.assigns.map((a) => [a.name, shape(a.expr)]), table: p.population.tableColumns },
    levels: p.levels.map(shape), levelBase: p.levelBase, durations: p.durations.map(shape),
    rules: p.rules.map((r) => r && { rules: r.rules.map((q) => [q.action, q.then ?? '', shape(q.when), q.targets ?? []]), trackers: r.trackers.length }),
    linear: p.linear, report: p.report, summaries: [p.summaryIndex, p.resultColumns],
  });
  return sha256Hex(text).slice(0, 24);
}
