/**
 * The subgroup part of the terminal report: for each declared subgroup and each event, the rate per
 * group and regimen with its 95% interval and count, the group's size and its share outside the
 * model's validity domain; then what the validity domain is and what could not be checked.
 */
import type { SubgroupReport, SubgroupTable, ValidityReport } from '../common/stats/subgroup-types.js';
import type { Style } from './io.js';
import { pct, renderTable } from './text-table.js';

function rateCell(r: { p: number; lo: number; hi: number; count: number } | undefined): string {
  return r ? `${pct(r.p)} [${pct(r.lo)}–${pct(r.hi)}] ${r.count}` : '';
}

function tableText(t: SubgroupTable, style: Style): string {
  if (t.note) return `${style.bold(`by ${t.name}`)}: ${t.note}\n`;
  const regimens = t.rows[0]?.regimens.map((r) => r.name) ?? [];
  const events = Object.keys(t.rows[0]?.regimens[0]?.events ?? {});
  const validity = t.rows.some((r) => r.outside);
  return events.map((ev) => {
    const header = [`by ${t.name}: P(${ev}) [95% CI] n events`, 'patients', ...(validity ? ['outside domain'] : []), ...regimens];
    const rows = t.rows.map((row) => [
      row.label, String(row.n), ...(validity ? [row.outside ? pct(row.outside.p) : 'n/a'] : []),
      ...row.regimens.map((r) => rateCell(r.events[ev])),
    ]);
    return renderTable(header, rows, style);
  }).join('\n');
}

function validityText(v: ValidityReport, style: Style): string {
  const out: string[] = [];
  for (const d of v.domains) {
    const who = [d.n !== undefined ? `${d.n} patients` : undefined, d.tumourTypes.join('; ') || undefined, d.doses].filter(Boolean).join(', ');
    out.push(style.bold(`Validity domain of ${d.model}`) + (who ? `: ${who}` : ''));
    for (const c of d.criteria) out.push(`  ${c.text}: ${c.outside !== undefined ? `${c.outside} virtual patients outside` : `not checked (${c.reason})`}`);
    for (const f of d.doseRanges) out.push(`  ${f.regimen}: ${f.dose} ${f.inside ? 'is inside' : style.bold('is OUTSIDE')} the doses this model was studied at (${f.range}; ${f.sources.join('; ')})${f.inside ? '' : ' — its results are extrapolation'}`);
    for (const g of d.genotypes) out.push(`  ${g.gene}: ${g.coverage}`);
    for (const r of d.notReported) out.push(style.dim(`  not reported by the source: ${r}`));
  }
  const populationCriteria = v.domains.some((d) => d.criteria.length > 0);
  if (v.outside) out.push(`Outside the validity domain: ${pct(v.outside.p)} [${pct(v.outside.lo)}–${pct(v.outside.hi)}] of virtual patients (${v.outside.count} of ${v.outside.n})`);
  else if (populationCriteria) out.push('Outside the validity domain: not assessable (no criterion could be checked against this population)');
  return out.join('\n') + '\n';
}

/** The subgroup tables and the validity domain, or '' when the result has neither. */
export function renderSubgroups(report: SubgroupReport | undefined, style: Style): string {
  if (!report) return '';
  const parts = report.tables.map((t) => tableText(t, style));
  if (report.validity) parts.push(validityText(report.validity, style));
  return parts.length ? '\n' + parts.join('\n') : '';
}
