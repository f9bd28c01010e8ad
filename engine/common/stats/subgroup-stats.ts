/**
 * Per-group statistics from per-patient values, identical for every backend (they use only the raw
 * summaries): event rates with Wilson intervals, summary means with Student t intervals, paired
 * differences against the first regimen (Newcombe), and the share outside the validity domain.
 *
 * Interface rules: a patient belongs to group `groupOf[i]` (−1: none); failed patients count in `n`
 * and `failed` but not in rates or means, as in the whole-population statistics (./summarize.ts).
 */
import type { RegimenResult } from '../results.js';
import { meanSd } from './describe.js';
import { studentTQuantile } from './distributions.js';
import { pairedProportionDifference } from './paired-proportions.js';
import type { GroupMean, SubgroupRow } from './subgroup-types.js';
import { wilsonInterval } from './wilson.js';

/** An event per patient and regimen: 1 event, 0 none, NaN not evaluable (./summarize.ts eventFlags). */
export interface EventColumn {
  name: string;
  /** One array per regimen, indexed by patient. */
  flags: Float64Array[];
}

export interface GroupedPatients {
  /** Group index of each patient, −1 when it belongs to none. */
  groupOf: Int32Array;
  /** Labels of each group, one per axis. */
  labels: string[][];
}

function groupMean(values: Float64Array, failed: Uint8Array, members: number[]): GroupMean {
  const x: number[] = [];
  for (const i of members) if (failed[i] === 0 && Number.isFinite(values[i])) x.push(values[i]);
  const { n, mean, sd } = meanSd(x);
  if (n < 2) return { n, mean, lo: NaN, hi: NaN };
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, lo: mean - half, hi: mean + half };
}

/**
 * One row per non-empty group, in group order.
 * @param outside per patient: 1 outside the validity domain, 0 inside; undefined when not assessable
 */
export function subgroupRows(grouped: GroupedPatients, regimens: RegimenResult[], events: EventColumn[], summaries: string[], outside?: Uint8Array): SubgroupRow[] {
  const members: number[][] = grouped.labels.map(() => []);
  grouped.groupOf.forEach((g, i) => { if (g >= 0) members[g].push(i); });
  const flags = regimens.map((_, r) => events.map((ev) => ev.flags[r]));
  const rows: SubgroupRow[] = [];
  members.forEach((idx, g) => {
    if (!idx.length) return;
    const row: SubgroupRow = { label: grouped.labels[g].join(', '), levels: grouped.labels[g], n: idx.length, regimens: [], comparisons: [] };
    if (outside) row.outside = wilsonInterval(idx.reduce((s, i) => s + outside[i], 0), idx.length);
    regimens.forEach((raw, r) => {
      const ev: Record<string, ReturnType<typeof wilsonInterval>> = Object.create(null);
      events.forEach((e, k) => {
        let count = 0;
        let n = 0;
        for (const i of idx) if (!Number.isNaN(flags[r][k][i])) { n++; count += flags[r][k][i]; }
        ev[e.name] = wilsonInterval(count, n);
      });
      const sm: Record<string, GroupMean> = Object.create(null);
      for (const s of summaries) sm[s] = groupMean(raw.summaries[s], raw.failed, idx);
      row.regimens.push({ name: raw.name, failed: idx.filter((i) => raw.failed[i] !== 0).length, events: ev, summaries: sm });
    });
    for (let r = 1; r < regimens.length; r++) {
      const diffs: SubgroupRow['comparisons'][number]['events'] = Object.create(null);
      events.forEach((e, k) => {
        const c = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
        for (const i of idx) {
          const fa = flags[0][k][i];
          const fb = flags[r][k][i];
          if (Number.isNaN(fa) || Number.isNaN(fb)) continue;
          if (fa && fb) c.both++; else if (fa) c.aOnly++; else if (fb) c.bOnly++; else c.neither++;
        }
        diffs[e.name] = pairedProportionDifference(c);
      });
      row.comparisons.push({ a: regimens[0].name, b: regimens[r].name, events: diffs });
    }
    rows.push(row);
  });
  return rows;
}
