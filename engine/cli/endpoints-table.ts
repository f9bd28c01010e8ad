/**
 * The clinical-endpoints part of the terminal report: CTCAE neutropenia and RECIST 1.1 per regimen,
 * then each regimen against the first on the same patients. Plain text through `renderTable`.
 */
import type { EndpointsResult } from '../common/endpoints/clinical-endpoints.js';
import type { Rate } from '../common/scenario-result.js';
import type { Style } from './io.js';
import { fmt, pct, renderTable } from './text-table.js';

const rate = (r: Rate): string => `${pct(r.p)} [${pct(r.lo)}–${pct(r.hi)}]`;
const diff = (d: { diff: number; lo: number; hi: number }): string => `${d.diff > 0 ? '+' : ''}${pct(d.diff)} [${pct(d.lo)}, ${pct(d.hi)}]`;

/** Endpoint tables, or '' when the scenario declares none. */
export function renderEndpoints(ep: EndpointsResult | undefined, timeUnit: string, style: Style): string {
  if (!ep) return '';
  const out: string[] = [];
  const n = ep.neutropenia;
  if (n) {
    const regs = n.regimens;
    const rows: string[][] = [
      ['P(grade 4)', ...regs.map((r) => rate(r.grade4))],
      ['P(grade ≥3)', ...regs.map((r) => rate(r.grade3plus))],
    ];
    const cycles = Math.max(0, ...regs.map((r) => r.perCycle.length));
    for (let c = 0; c < cycles; c++) {
      rows.push([`  cycle ${c + 1}: P(grade 4)`, ...regs.map((r) => (r.perCycle[c] && r.perCycle[c].grade4.n > 0 ? rate(r.perCycle[c].grade4) : '–'))]);
    }
    rows.push(['median time to nadir', ...regs.map((r) => `${fmt(median(r.timeToNadir))} ${timeUnit}`)]);
    rows.push(['mean time in grade 4', ...regs.map((r) => `${fmt(r.durationGrade4.mean)} ${timeUnit}`)]);
    out.push(renderTable([`neutropenia (CTCAE v5, ${n.output})`, ...regs.map((r) => r.name)], rows, style));
    for (const c of n.comparisons) {
      out.push('\n' + renderTable([`paired: ${c.b} − ${c.a}`, 'difference [95% CI]'], [
        ['P(grade 4)', diff(c.grade4)],
        ['P(grade ≥3)', diff(c.grade3plus)],
      ], style));
    }
  }
  const rc = ep.recist;
  if (rc) {
    const regs = rc.regimens;
    const rows: string[][] = [
      ['ORR (CR + PR)', ...regs.map((r) => rate(r.orr))],
      ['disease control (CR + PR + SD)', ...regs.map((r) => rate(r.dcr))],
      ['best response CR/PR/SD/PD', ...regs.map((r) => `${r.best.CR}/${r.best.PR}/${r.best.SD}/${r.best.PD}`)],
      ['median time to progression', ...regs.map((r) => (Number.isFinite(r.ttpMedian.median) ? `${fmt(r.ttpMedian.median)} ${timeUnit}` : 'not reached'))],
    ];
    out.push('\n' + renderTable([`RECIST 1.1 (${rc.output}, ${rc.measure})`, ...regs.map((r) => r.name)], rows, style));
    for (const c of rc.comparisons) {
      out.push('\n' + renderTable([`paired: ${c.b} − ${c.a}`, 'difference [95% CI]'], [['ORR', diff(c.orr)], ['disease control', diff(c.dcr)]], style));
    }
  }
  return out.join('') + '\n';
}

function median(d: { probs: number[]; quantiles: number[] }): number {
  const i = d.probs.indexOf(0.5);
  return i >= 0 ? d.quantiles[i] : NaN;
}
