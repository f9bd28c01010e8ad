/**
 * A regimen's `schedule:` → planned administration times (internal time units) with cycle numbers.
 * - cycles: `{ days: [1, 8, 15], cycle_length: 28 d, cycles: 4 }` — day d of cycle c (both 1-based)
 *   is at start + (c − 1)·cycle_length + (d − 1)·1 day;
 * - explicit: `{ times: [0, 24, 48], unit: h }` — every dose in cycle 1.
 * Optional `start` shifts the whole schedule. No time may lie after the horizon.
 */
import { describeDim, DIM, dimEqual } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { scheduleSchema } from './schema.js';

const SCHEDULE_KEYS = scheduleSchema.keyof().options;

export interface ScheduledTime {
  time: number;
  cycle: number;
}

/** Largest number of planned doses a regimen may have (guards against typos like cycles: 1e9). */
const MAX_DOSES = 100_000;

function timeQuantity(c: YamlNode, timeUnit: string): number {
  const q = c.quantity();
  const u = internalUnit(q.unit, timeUnit, c.unitWhere(q));
  if (!dimEqual(u.dim, DIM.time)) throw c.error(`expected a time like '21 d', got unit '${q.unit}' (${describeDim(u.dim, timeUnit)})`);
  return q.value * u.factor;
}

/** Expands the schedule; `horizon` in internal time units. */
export function expandSchedule(c: YamlNode, timeUnit: string, horizon: number): ScheduledTime[] {
  const o = c.fields(SCHEDULE_KEYS);
  const start = o.start.present ? timeQuantity(o.start, timeUnit) : 0;
  if (start < 0) throw o.start.error('start must be ≥ 0');
  let out: ScheduledTime[];
  let last: YamlNode;
  if (o.times.present) {
    for (const k of ['days', 'cycle_length', 'cycles'] as const) if (o[k].present) throw o[k].error(`'${k}' cannot be combined with times`, 'give either times + unit, or days + cycle_length + cycles');
    const unit = o.unit.required(`the unit of the times, e.g. unit: ${timeUnit}`).unit();
    const u = internalUnit(unit, timeUnit, o.unit.where());
    if (!dimEqual(u.dim, DIM.time)) throw o.unit.error(`'${unit}' is not a time unit`, 'e.g. h, d, wk');
    const items = o.times.items();
    if (items.length === 0) throw o.times.error('needs at least one time');
    out = items.map((it) => {
      const v = it.num();
      if (v < 0) throw it.error(`dose times must be ≥ 0, got ${v}`);
      return { time: start + v * u.factor, cycle: 1 };
    });
    last = o.times;
  } else {
    if (o.unit.present) throw o.unit.error("'unit' belongs to explicit times", 'remove it, or use times: [...]');
    const dayCursors = o.days.required('e.g. days: [1, 8, 15], or times: [0, 24] with unit: h').items();
    if (dayCursors.length === 0) throw o.days.error('needs at least one day');
    const days = dayCursors.map((d) => d.int(1, Number.MAX_SAFE_INTEGER, 'days are 1-based: day 1 is the first day of a cycle'));
    days.forEach((d, i) => { if (i > 0 && d <= days[i - 1]) throw dayCursors[i].error('days must be increasing', 'e.g. [1, 8, 15]'); });
    const len = timeQuantity(o.cycle_length.required('e.g. cycle_length: 21 d'), timeUnit);
    if (!(len > 0)) throw o.cycle_length.error('cycle_length must be > 0');
    const day = internalUnit('day', timeUnit).factor;
    const lastDay = days[days.length - 1];
    if ((lastDay - 1) * day >= len) throw dayCursors[dayCursors.length - 1].error(`day ${lastDay} lies outside a cycle of ${len / day} days`, 'lengthen cycle_length or move the day');
    const cycles = o.cycles.required('e.g. cycles: 6').num();
    if (!Number.isInteger(cycles) || cycles < 1) throw o.cycles.error(`cycles must be a whole number ≥ 1, got ${cycles}`);
    if (cycles * days.length > MAX_DOSES) throw o.cycles.error(`${cycles} cycles would plan ${cycles * days.length} doses (at most ${MAX_DOSES})`, 'plan fewer cycles (docs/FORMATS.md "Limits")');
    out = [];
    for (let cyc = 1; cyc <= cycles; cyc++) for (const d of days) out.push({ time: start + (cyc - 1) * len + (d - 1) * day, cycle: cyc });
    last = o.cycles;
  }
  // A dose exactly at the horizon is accepted (the kernel ignores it, docs/KERNEL.md §2): schedules
  // like d1,8,15 × n cycles often end there. A dose after the horizon is a mistake.
  const late = out.find((t) => t.time > horizon);
  if (late) {
    throw last.error(`a dose at ${+(late.time / internalUnit('day', timeUnit).factor).toPrecision(6)} d (cycle ${late.cycle}) is after the horizon (${+(horizon / internalUnit('day', timeUnit).factor).toPrecision(6)} d)`,
      'lengthen horizon or plan fewer doses');
  }
  return out.sort((a, b) => a.time - b.time);
}
