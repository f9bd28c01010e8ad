/**
 * Every per-patient summary kind the kernel computes, declared once: its code in the descriptor
 * table (the kernel constant SK_<KIND>), the group of loops that visit it (program/summaries.kl),
 * whether it reports a time column, and the numbers it reads from the table. The semantics of a kind
 * are written in program/summaries.kl; planning and packing read this table only.
 */
import type { SummarySpec } from '../common/job.js';

/** Groups the kernel loops over (index lists in the data buffer). */
export const SUMMARY_GROUP = { ext: 0, cross: 1, val: 2, auc: 3, none: 4 } as const;
export type SummaryGroup = keyof typeof SUMMARY_GROUP;

interface KindDef {
  code: number;
  group: SummaryGroup;
  /** Extrema report the time of the extremum as a second column. */
  timeColumn: boolean;
  /** The two numbers and the cycle of the descriptor row. */
  data(s: SummarySpec, horizon: number): [number, number, number];
}

/** A dose-delivery column (`value_at` with `dosing`) has its own kind code. */
export type KernelSummaryKind = SummarySpec['kind'] | 'dosing';

const window = (s: SummarySpec, horizon: number): [number, number, number] => {
  const w = s as { from?: number; to?: number; cycle?: number };
  return [w.from ?? 0, w.to ?? horizon, w.cycle ?? 0];
};
const threshold = (s: SummarySpec): [number, number, number] => [(s as { threshold: number }).threshold, 0, 0];

export const SUMMARY_KINDS: Record<KernelSummaryKind, KindDef> = {
  max: { code: 0, group: 'ext', timeColumn: true, data: window },
  min: { code: 1, group: 'ext', timeColumn: true, data: window },
  auc: { code: 2, group: 'auc', timeColumn: false, data: (s, h) => { const [a, b] = window(s, h); return [a, b, 0]; } },
  value_at: { code: 3, group: 'val', timeColumn: false, data: (s) => [(s as { time: number }).time, 0, 0] },
  time_below: { code: 4, group: 'cross', timeColumn: false, data: threshold },
  time_above: { code: 5, group: 'cross', timeColumn: false, data: threshold },
  dosing: { code: 6, group: 'none', timeColumn: false, data: () => [0, 0, 0] },
  first_below: { code: 7, group: 'cross', timeColumn: false, data: threshold },
  first_above: { code: 8, group: 'cross', timeColumn: false, data: threshold },
};

/** The kernel kind of a summary (a `value_at` with `dosing` is a dose-delivery column). */
export function kernelKind(s: SummarySpec): KernelSummaryKind {
  return s.kind === 'value_at' && s.dosing !== undefined ? 'dosing' : s.kind;
}

/** Kernel constants SK_<KIND> = code, for every kind. */
export function summaryKindConstants(): Record<string, number> {
  return Object.fromEntries(Object.entries(SUMMARY_KINDS).map(([k, d]) => [`SK_${k.toUpperCase()}`, d.code]));
}
