/**
 * The parts of a schedule a clinician writes as text: dosing days with ranges (`days: [1-14]`,
 * `days: [1, 8, 15]`) and times of day (`at: ["08:00", "20:00"]`). Each item is checked where it
 * is written, so a bad range or time is reported at its own file:line:col.
 */
import { excerpt } from '../errors.js';
import type { YamlNode } from '../yaml/yaml-node.js';

/** Largest day number a schedule may name (guards against typos like 1-1000000). */
const MAX_DAY = 100_000;

const RANGE = /^\s*(\d+)\s*-\s*(\d+)\s*$/;
const CLOCK = /^\s*(\d{1,2}):(\d{2})\s*$/;

/** One `days:` item → [first, last] (a single day is [d, d]). */
function dayItem(it: YamlNode): [number, number] {
  const v = it.value;
  if (typeof v === 'number') {
    const d = it.int(1, MAX_DAY, 'days are 1-based: day 1 is the first day of a cycle');
    return [d, d];
  }
  const s = String(v);
  if (/^\s*d/i.test(s)) throw it.error(`'${excerpt(s, 40)}': write days without the 'd'`, `e.g. days: [${s.replace(/^\s*d/i, '').replace(/,\s*d?/gi, ', ')}]`);
  const m = RANGE.exec(s);
  if (!m) throw it.error(`'${excerpt(s, 40)}' is not a day or a range of days`, 'e.g. days: [1, 8] or days: [1-14] (days 1 to 14)');
  const a = Number(m[1]), b = Number(m[2]);
  if (a < 1) throw it.error(`range ${s.trim()} starts at day ${a}`, 'days are 1-based: day 1 is the first day of a cycle');
  if (b < a) throw it.error(`range ${s.trim()} runs backwards`, `write it as ${b}-${a}`);
  if (b > MAX_DAY) throw it.error(`range ${s.trim()} ends after day ${MAX_DAY}`, 'use cycles to repeat a schedule');
  return [a, b];
}

/** `days:` → the dosing days, increasing; an item that repeats or overlaps an earlier one is an error. */
export function parseDays(c: YamlNode): number[] {
  const items = c.items();
  if (items.length === 0) throw c.error('needs at least one day', 'e.g. days: [1, 8] or days: [1-14]');
  const days: number[] = [];
  let prev: { first: number; last: number; text: string } | undefined;
  for (const it of items) {
    const [a, b] = dayItem(it);
    const text = a === b ? `day ${a}` : `${a}-${b}`;
    if (prev && a <= prev.last) {
      const inside = a >= prev.first && b <= prev.last;
      const why = inside ? (prev.first === prev.last ? `${text} is listed twice` : `${text} is already in ${prev.text}`) : `${text} overlaps or comes before ${prev.text}`;
      throw it.error(why, 'list days and ranges in increasing order, each day once, e.g. [1-14] or [1, 8, 15]');
    }
    for (let d = a; d <= b; d++) days.push(d);
    prev = { first: a, last: b, text };
  }
  return days;
}

/** `at:` → times of day as fractions of a day, increasing ("08:00" → 1/3). */
export function parseTimesOfDay(c: YamlNode): number[] {
  const items = c.items();
  if (items.length === 0) throw c.error('needs at least one time of day', 'e.g. at: ["08:00", "20:00"]');
  const out: number[] = [];
  items.forEach((it, i) => {
    const v = it.value;
    if (typeof v !== 'string') throw it.error(`expected a time of day like "08:00", got ${it.kind()}`, 'write times of day in quotes as "HH:MM", e.g. at: ["08:00", "20:00"]');
    const m = CLOCK.exec(v);
    if (!m) throw it.error(`'${excerpt(v, 40)}' is not a time of day`, 'write it as "HH:MM" on a 24-hour clock, e.g. "08:00" or "20:00"');
    const h = Number(m[1]), min = Number(m[2]);
    if (h > 23 || min > 59) throw it.error(`'${v.trim()}' is not a time of day (00:00 to 23:59)`, 'use a 24-hour clock; a dose at midnight is "00:00" of the next day');
    const f = (h * 60 + min) / 1440;
    if (i > 0 && f <= out[i - 1]) {
      throw it.error(f === out[i - 1] ? `'${v.trim()}' is listed twice` : `'${v.trim()}' comes before the previous time`, 'list times of day once each, in increasing order');
    }
    out.push(f);
  });
  return out;
}

/** A time (model units) as "day 3 08:00" for messages; `day` = one day in model units. */
export function describeTime(t: number, day: number): string {
  const d = Math.floor(t / day + 1e-9);
  const minutes = Math.round((t / day - d) * 1440);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0'), mm = String(minutes % 60).padStart(2, '0');
  return `day ${d + 1} ${hh}:${mm}`;
}
