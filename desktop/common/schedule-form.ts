/**
 * A regimen's or a drug's `schedule:` as the desktop form sees it (docs/FORMATS.md "Schedules"):
 * cycles of dosing days (single days and ranges such as "1-14", optional times of day `at` and
 * NONMEM repeats `ii`/`addl`), or explicit dose times. Pure reading and one-line descriptions; the
 * edits are in scenario-doc.ts.
 */

/** A dosing day: a day number, or a range written "A-B". */
export type DayItem = number | string;

/** Cycles of dosing days (`days`, `cycle_length`, `cycles`, `at`) or explicit dose times (`times`, `unit`). */
export type ScheduleForm =
  | { kind: 'cycles'; days: DayItem[]; cycleLength: string; cycles?: number; at?: string[]; repeats?: string }
  | { kind: 'times'; times: number[]; unit: string; repeats?: string };

type Obj = Record<string, unknown>;
const str = (x: unknown): string => (x === undefined || x === null ? '' : String(x));
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const nums = (x: unknown): number[] | undefined => (Array.isArray(x) && x.every((v) => typeof v === 'number') ? (x as number[]) : undefined);
const RANGE = /^\s*\d+\s*-\s*\d+\s*$/;
const dayItems = (x: unknown): DayItem[] | undefined =>
  (Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === 'number' || (typeof v === 'string' && RANGE.test(v))) ? (x as DayItem[]).map((v) => (typeof v === 'string' ? v.replace(/\s+/g, '') : v)) : undefined);
const strings = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every((v) => typeof v === 'string') ? (x as string[]) : undefined);

/** "+ 27 repeats every 12 h" for ii/addl, or undefined. */
function repeatsOf(s: Obj): string | undefined {
  const addl = num(s.addl);
  return addl !== undefined && s.ii !== undefined ? `+ ${addl} repeat${addl === 1 ? '' : 's'} every ${str(s.ii)}` : undefined;
}

/** The schedule form of `s`, or undefined when it is neither kind (the engine says why). */
export function readSchedule(s: Obj): ScheduleForm | undefined {
  const repeats = repeatsOf(s);
  const days = dayItems(s.days);
  if (days) {
    const form: ScheduleForm = { kind: 'cycles', days, cycleLength: str(s.cycle_length), cycles: num(s.cycles) };
    const at = strings(s.at);
    if (at) form.at = at;
    if (repeats) form.repeats = repeats;
    return form;
  }
  const times = nums(s.times);
  if (times) return repeats ? { kind: 'times', times, unit: str(s.unit), repeats } : { kind: 'times', times, unit: str(s.unit) };
  return undefined;
}

/** One-line summary, e.g. "days 1-14 at 08:00, 20:00 every 21 d × 4". */
export function scheduleText(s: ScheduleForm | undefined, raw: Obj = {}): string {
  if (!s) return raw.ii !== undefined ? `1 dose ${repeatsOf(raw) ?? ''}`.trim() : '';
  const repeats = s.repeats ? ` ${s.repeats}` : '';
  if (s.kind === 'cycles') return `days ${s.days.join(',')}${s.at ? ` at ${s.at.join(', ')}` : ''} every ${s.cycleLength}${s.cycles !== undefined ? ` × ${s.cycles}` : ''}${repeats}`;
  return `${s.times.length} doses at ${s.times.slice(0, 4).join(', ')}${s.times.length > 4 ? ', …' : ''} ${s.unit}${repeats}`;
}
