/**
 * The clinical-endpoints part of the terminal report: CTCAE neutropenia, RECIST 1.1 and overall
 * survival per regimen, then each regimen against the first on the same patients. Clinical names with
 * units; times in days (survival in months); 95% confidence intervals in parentheses, population spread
 * in square brackets (never the same brackets); every rate with the patients it rests on. Plain text
 * through `renderTable`.
 */
import type { EndpointsResult, PairedHazardRatio, TimeToEvent } from '../common/endpoints/index.js';
import type { Rate } from '../common/scenario-result.js';
import { DAYS_PER_MONTH } from '../common/report/survival-views.js';
import { toInternal } from '../common/units/index.js';
import type { Style } from './io.js';
import { fmt, pct, renderTable } from './text-table.js';


const rate = (r: Rate): string => `${pct(r.p)} (${pct(r.lo)}–${pct(r.hi)})`;
const diff = (d: { diff: number; lo: number; hi: number }): string => `${d.diff > 0 ? '+' : ''}${pct(d.diff)} (${pct(d.lo)} to ${pct(d.hi)})`;
const months = (d: number): string => (Number.isFinite(d) ? (d / DAYS_PER_MONTH).toFixed(1) : 'NR');
const medianMonths = (m: { median: number; lo: number; hi: number }): string => `${months(m.median)} (${months(m.lo)}–${months(m.hi)})`;
/** Two decimals, three when the interval is narrower than 0.05 (paired runs give tight intervals). */
function hazardRatio(h: PairedHazardRatio | undefined): string {
  if (!h || !Number.isFinite(h.hr)) return '–';
  const d = h.hi - h.lo < 0.05 ? 3 : 2;
  return `${h.hr.toFixed(d)} (${h.lo.toFixed(d)}–${h.hi.toFixed(d)})`;
}

/** Patients a rate rests on and patients whose simulation failed, one cell per regimen. */
function evaluable(rates: Rate[], failed: number[]): string[][] {
  return [
    ['Patients evaluated', ...rates.map((r) => String(r.n))],
    ['Patients whose simulation failed', ...failed.map(String)],
  ];
}

/** Events / censored of a time-to-event endpoint. */
function counts(t: TimeToEvent): string {
  let e = 0, c = 0;
  for (const x of t.event) if (x === 1) e++; else if (x === 0) c++;
  return `${e} / ${c}`;
}

/**
 * Endpoint tables, or '' when the scenario declares none. `failed` = patients whose simulation failed
 * per regimen (a RECIST rate also leaves out patients not evaluable at baseline, so n can be lower).
 */
export function renderEndpoints(ep: EndpointsResult | undefined, timeUnit: string, failed: number[], style: Style): string {
  if (!ep) return '';
  const perDay = toInternal(1, 'd', timeUnit);
  const days = (x: number): string => `${fmt(x / perDay)}`;
  const out: string[] = [];
  const n = ep.neutropenia;
  if (n) {
    const regs = n.regimens;
    const rows: string[][] = [
      ['Grade 4 neutropenia (ANC < 0.5 ×10⁹/L), %', ...regs.map((r) => rate(r.grade4))],
      ['Grade ≥3 neutropenia (ANC < 1.0 ×10⁹/L), %', ...regs.map((r) => rate(r.grade3plus))],
    ];
    const cycles = Math.max(0, ...regs.map((r) => r.perCycle.length));
    for (let c = 0; c < cycles; c++) {
      rows.push([`  cycle ${c + 1}: grade 4, %`, ...regs.map((r) => (r.perCycle[c] && r.perCycle[c].grade4.n > 0 ? rate(r.perCycle[c].grade4) : '–'))]);
    }
    rows.push(['Time to ANC nadir (days), median [5–95%]', ...regs.map((r) => spread(r.timeToNadir, days))]);
    rows.push(['Time with grade 4 neutropenia (days), mean', ...regs.map((r) => days(r.durationGrade4.mean))]);
    rows.push(...evaluable(regs.map((r) => r.grade4), failed));
    out.push(renderTable([`Neutropenia (CTCAE v5.0), rate (95% CI)`, ...regs.map((r) => r.name)], rows, style));
    for (const c of n.comparisons) {
      out.push('\n' + renderTable([`Paired, same patients: ${c.b} − ${c.a}`, 'difference (95% CI)'], [
        ['Grade 4 neutropenia, %', diff(c.grade4)],
        ['Grade ≥3 neutropenia, %', diff(c.grade3plus)],
      ], style));
    }
  }
  const rc = ep.recist;
  if (rc) {
    const regs = rc.regimens;
    const rows: string[][] = [
      ['Objective response rate (CR + PR), %', ...regs.map((r) => rate(r.orr))],
      ['Disease control rate (CR + PR + SD), %', ...regs.map((r) => rate(r.dcr))],
      ['Best response CR / PR / SD / PD (patients)', ...regs.map((r) => `${r.best.CR} / ${r.best.PR} / ${r.best.SD} / ${r.best.PD}`)],
    ];
    // With a survival model PFS (progression or death) replaces freedom from progression.
    if (regs.every((r) => r.pfs)) rows.push(['Median PFS (months) (95% CI)', ...regs.map((r) => medianMonths(r.pfs!.median))]);
    else rows.push(['Median time to progression (days) (95% CI)', ...regs.map((r) => (Number.isFinite(r.ttpMedian.median) ? `${days(r.ttpMedian.median)} (${days(r.ttpMedian.lo)}–${days(r.ttpMedian.hi)})` : 'not reached'))]);
    rows.push(...evaluable(regs.map((r) => r.orr), failed));
    const measure = rc.measure === 'diameter' ? 'sum of diameters' : 'tumour volume';
    out.push('\n' + renderTable([`Tumour response (RECIST 1.1, ${measure}), rate (95% CI)`, ...regs.map((r) => r.name)], rows, style));
    for (const c of rc.comparisons) {
      const crow = [['Objective response rate, %', diff(c.orr)], ['Disease control rate, %', diff(c.dcr)]];
      if (c.pfs) crow.push(['PFS hazard ratio', hazardRatio(c.pfs)]);
      out.push('\n' + renderTable([`Paired, same patients: ${c.b} − ${c.a}`, 'difference (95% CI)'], crow, style));
    }
  }
  const sv = ep.survival;
  if (sv) out.push('\n' + renderSurvival(sv, style));
  return out.join('') + '\n';
}

/** Overall survival: medians, events, at-risk numbers every 6 months, and hazard ratios. */
function renderSurvival(sv: NonNullable<EndpointsResult['survival']>, style: Style): string {
  const regs = sv.regimens;
  const follow = Number.isFinite(sv.followUpDays) ? `, followed ${months(sv.followUpDays)} months` : '';
  const rows: string[][] = [
    ['Median overall survival (months) (95% CI)', ...regs.map((r) => medianMonths(r.os.median))],
    ['Deaths / censored (patients)', ...regs.map((r) => counts(r.os))],
  ];
  for (const m of [6, 12, 18, 24, 36]) {
    const at = (r: typeof regs[number]): string => {
      const row = r.os.atRisk.find((a) => Math.abs(a.time - m * DAYS_PER_MONTH) < 1e-6);
      return row ? String(row.atRisk) : '–';
    };
    if (regs.some((r) => at(r) !== '–')) rows.push([`  at risk at ${m} months`, ...regs.map(at)]);
  }
  for (const [k, c] of sv.comparisons.entries()) rows.push([`Hazard ratio of death vs ${c.a} (95% CI)`, ...regs.map((_, j) => (j === k + 1 ? hazardRatio(c.os) : ''))]);
  return renderTable([`Overall survival (${sv.model}${follow})`, ...regs.map((r) => r.name)], rows, style);
}

function spread(d: { probs: number[]; quantiles: number[] }, f: (x: number) => string): string {
  const at = (p: number): number => d.quantiles[d.probs.indexOf(p)] ?? NaN;
  return `${f(at(0.5))} [${f(at(0.05))}–${f(at(0.95))}]`;
}
