/**
 * A `schedule:` → planned dose times of one drug (docs/FORMATS.md "Schedules"). The doses are built
 * from one of
 * - cycles: `days` (single days and ranges, ./schedule-days.ts) at the times of day `at` (default
 *   00:00), in `cycles` cycles of `cycle_length`;
 * - explicit `times` in `unit`;
 * - neither: one dose at `start` (with ii/addl: the NONMEM way of writing a dosing train);
 * then every dose is repeated `addl` more times every `ii` (NONMEM's ADDL/II), and everything is
 * shifted by `start`. Two doses of the same drug at the same time, or repeats that run into the next
 * planned dose, are errors.
 */
import { describeDim, DIM, dimEqual } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { describeTime, parseDays, parseTimesOfDay } from './schedule-days.js';
import { scheduleSchema } from './schema.js';

export const SCHEDULE_KEYS = scheduleSchema.keyof().options;
export type ScheduleFields = Record<(typeof SCHEDULE_KEYS)[number], YamlNode>;

/** One drug's planned doses. */
export interface DrugSchedule {
  /** Planned times (internal time units), increasing. */
  times: number[];
  /** The cycle length (internal time units) when the schedule is written in cycles. */
  cycleLength?: number;
  /** Where the cycle length is written (for messages about the regimen's common cycle). */
  cycleNode?: YamlNode;
  /** Time of day 1 of cycle 1. */
  start: number;
}

/** Largest number of planned doses a regimen may have (guards against typos like cycles: 1e9). */
const MAX_DOSES = 100_000;

export function timeQuantity(c: YamlNode, timeUnit: string): number {
  const q = c.quantity();
  const u = internalUnit(q.unit, timeUnit, c.unitWhere(q));
  if (!dimEqual(u.dim, DIM.time)) throw c.error(`expected a time like '21 d', got unit '${q.unit}' (${describeDim(u.dim, timeUnit)})`);
  return q.value * u.factor;
}

function explicitTimes(o: ScheduleFields, timeUnit: string): number[] {
  for (const k of ['days', 'at', 'cycle_length', 'cycles'] as const) if (o[k].present) throw o[k].error(`'${k}' cannot be combined with times`, 'give either times + unit, or days + cycle_length + cycles');
  const unit = o.unit.required(`the unit of the times, e.g. unit: ${timeUnit}`).unit();
  const u = internalUnit(unit, timeUnit, o.unit.where());
  if (!dimEqual(u.dim, DIM.time)) throw o.unit.error(`'${unit}' is not a time unit`, 'e.g. h, d, wk');
  const items = o.times.items();
  if (items.length === 0) throw o.times.error('needs at least one time');
  const seen = new Map<number, number>();
  return items.map((it, i) => {
    if (typeof it.value === 'string' && /:/.test(it.value)) throw it.error(`'${it.value}' is a time of day; times are offsets in ${unit}`, 'for times of day write days: [...] with at: ["08:00", "20:00"]');
    const v = it.num();
    if (v < 0) throw it.error(`dose times must be ≥ 0, got ${v}`);
    if (seen.has(v)) throw it.error(`time ${v} ${unit} is listed twice (also item ${seen.get(v)! + 1})`, 'list each dose time once');
    seen.set(v, i);
    return v * u.factor;
  });
}

function cycleTimes(o: ScheduleFields, timeUnit: string): { times: number[]; cycleLength: number } {
  if (o.unit.present) throw o.unit.error("'unit' belongs to explicit times", 'remove it, or use times: [...]');
  const days = parseDays(o.days);
  const day = internalUnit('day', timeUnit).factor;
  const clock = o.at.present ? parseTimesOfDay(o.at).map((f) => f * day) : [0];
  const len = timeQuantity(o.cycle_length.required('e.g. cycle_length: 21 d'), timeUnit);
  if (!(len > 0)) throw o.cycle_length.error('cycle_length must be > 0');
  const lastDay = days[days.length - 1];
  const lastInCycle = (lastDay - 1) * day + clock[clock.length - 1];
  if (lastInCycle >= len) throw o.days.error(`day ${lastDay}${o.at.present ? ` at ${describeTime(lastInCycle, day).slice(-5)}` : ''} lies outside a cycle of ${+(len / day).toPrecision(6)} days`, 'lengthen cycle_length or move the day');
  const cycles = o.cycles.required('e.g. cycles: 6').num();
  if (!Number.isInteger(cycles) || cycles < 1) throw o.cycles.error(`cycles must be a whole number ≥ 1, got ${cycles}`);
  const perCycle = days.length * clock.length;
  if (cycles * perCycle > MAX_DOSES) throw o.cycles.error(`${cycles} cycles would plan ${cycles * perCycle} doses (at most ${MAX_DOSES})`, 'plan fewer cycles (docs/FORMATS.md "Limits")');
  const times: number[] = [];
  for (let cyc = 0; cyc < cycles; cyc++) for (const d of days) for (const c of clock) times.push(cyc * len + (d - 1) * day + c);
  return { times, cycleLength: len };
}

/** Each dose repeated `addl` more times every `ii`; a train may not reach the next planned dose. */
function withRepeats(o: ScheduleFields, base: number[], timeUnit: string): number[] {
  if (o.ii.present !== o.addl.present) throw (o.ii.present ? o.ii : o.addl).error('ii and addl go together', 'e.g. ii: 12 h, addl: 27 (28 doses 12 h apart)');
  if (!o.ii.present) return base;
  const ii = timeQuantity(o.ii, timeUnit);
  if (!(ii > 0)) throw o.ii.error(`ii must be > 0, got ${o.ii.value}`);
  const addl = o.addl.int(0, MAX_DOSES, 'the number of additional doses, e.g. addl: 27');
  if (base.length * (addl + 1) > MAX_DOSES) throw o.addl.error(`this would plan ${base.length * (addl + 1)} doses (at most ${MAX_DOSES})`, 'plan fewer doses (docs/FORMATS.md "Limits")');
  const day = internalUnit('day', timeUnit).factor;
  const sorted = [...base].sort((a, b) => a - b);
  const out: number[] = [];
  sorted.forEach((t, k) => {
    const end = t + addl * ii;
    if (k + 1 < sorted.length && end >= sorted[k + 1] - 1e-9 * ii) {
      throw o.addl.error(`the repeats of the dose at ${describeTime(t, day)} (every ${o.ii.value} × ${addl}) reach the next planned dose at ${describeTime(sorted[k + 1], day)}`,
        'lower addl, or write the schedule with days and at instead of repeats');
    }
    for (let j = 0; j <= addl; j++) out.push(t + j * ii);
  });
  return out;
}

/** Expands one drug's schedule (`where`: the schedule, for problems of the whole); `horizon` in internal time units. */
export function expandSchedule(o: ScheduleFields, where: YamlNode, timeUnit: string, horizon: number): DrugSchedule {
  const start = o.start.present ? timeQuantity(o.start, timeUnit) : 0;
  if (start < 0) throw o.start.error('start must be ≥ 0');
  let base: number[];
  let cycleLength: number | undefined;
  if (o.times.present) base = explicitTimes(o, timeUnit);
  else if (o.days.present) ({ times: base, cycleLength } = cycleTimes(o, timeUnit));
  else {
    if (!o.ii.present) throw where.error('needs days, times or a repeat (ii/addl)', 'e.g. days: [1, 8] with cycle_length: 21 d and cycles: 6; or times: [0, 24] with unit: h; or ii: 12 h with addl: 27');
    for (const k of ['at', 'cycle_length', 'cycles', 'unit'] as const) if (o[k].present) throw o[k].error(`'${k}' needs days${k === 'unit' ? ' or times' : ''}`, 'add days: [...] or remove it');
    base = [0];
  }
  const times = withRepeats(o, base, timeUnit).map((t) => t + start).sort((a, b) => a - b);
  // A dose exactly at the horizon is accepted (the kernel ignores it, docs/KERNEL.md §2): schedules
  // like d1,8,15 × n cycles often end there. A dose after the horizon is a mistake.
  const late = times.find((t) => t > horizon);
  if (late !== undefined) {
    const day = internalUnit('day', timeUnit).factor;
    const last = o.addl.present ? o.addl : o.cycles.present ? o.cycles : o.times.present ? o.times : where;
    throw last.error(`a dose at ${describeTime(late, day)} (${+(late / day).toPrecision(6)} d) is after the horizon (${+(horizon / day).toPrecision(6)} d)`,
      'lengthen horizon or plan fewer doses');
  }
  const out: DrugSchedule = { times, start };
  if (cycleLength !== undefined) { out.cycleLength = cycleLength; out.cycleNode = o.cycle_length; }
  return out;
}
