/**
 * The readable comparison table printed after a run: one column per regimen, one row per summary
 * and event, then the paired differences. Plain text; colour only through `Style`.
 */
import type { ScenarioResult } from '../common/scenario-result.js';
import type { Style } from './io.js';
import { renderEndpoints } from './endpoints-table.js';
import { renderSubgroups } from './subgroup-table.js';
import { formatSeconds } from './progress.js';
import { fmt, pct, renderTable } from './text-table.js';
import { displayUnit } from '../common/report/summary-label.js';
import { EVENT_LABELS } from '../common/report/clinical-views.js';
import { toInternal } from '../common/units/index.js';

function signed(s: string, x: number): string {
  return x > 0 ? `+${s}` : s;
}

/** The full human-readable report of one scenario result. */
export function renderComparison(result: ScenarioResult, style: Style): string {
  const regs = result.regimens;
  const out: string[] = [];
  const p = result.provenance;
  out.push(style.bold(`${result.scenario.title}`) + style.dim(`  (${result.scenario.id})`) + '\n');
  if (result.scenario.question) out.push(`${result.scenario.question}\n`);
  out.push(
    style.dim(
      `N = ${p.nPatients} patients, seed ${p.seed}, ${p.backend} (${p.device}, ${p.precision}-bit), ${formatSeconds(p.durationMs / 1000)}`,
    ) + '\n\n',
  );

  out.push(renderEndpoints(result.endpoints, result.timeUnit, regs.map((r) => r.failures.total), style));
  // On a terminal, extremum times and the columns endpoints are computed from would bury the
  // outcomes; all of them stay in summary.json and patients.csv.
  const endpointColumn = (s: string) => /^(neutropenia|recist|survival)\./.test(s);
  const horizonDays = (result.grid[result.grid.length - 1] ?? 0) / toInternal(1, 'd', result.timeUnit);
  const label = (s: string): { text: string; scale: number } => {
    const st = regs.find((r) => r.summaries[s])?.summaries[s];
    const u = displayUnit(st?.unit ?? '1', result.timeUnit, horizonDays);
    return { text: `${st?.label ?? s}${u.unit && u.unit !== '1' ? ` (${u.unit})` : ''}`, scale: u.scale };
  };
  const summaryNames = [...new Set(regs.flatMap((r) => Object.keys(r.summaries)))].filter((s) => !s.endsWith('.time') && !endpointColumn(s));
  const eventNames = [...new Set(regs.flatMap((r) => Object.keys(r.events)))];
  const rows: string[][] = [];
  for (const e of eventNames) {
    rows.push([
      `${EVENT_LABELS[e] ?? `P(${e})`}, % (95% CI)`,
      ...regs.map((r) => {
        const ev = r.events[e];
        return ev ? `${pct(ev.p)} (${pct(ev.lo)}–${pct(ev.hi)})` : '';
      }),
    ]);
  }
  const probs = regs.find((r) => Object.keys(r.summaries).length)?.summaries[summaryNames[0]]?.probs ?? [];
  const pc = (q: number) => `${Number((q * 100).toPrecision(6))}`;
  const spreadLabel = probs.length >= 2 ? `mean [${pc(probs[0])}–${pc(probs[probs.length - 1])}% of patients]` : 'mean';
  for (const s of summaryNames) {
    const l = label(s);
    rows.push([
      `${l.text}, ${spreadLabel}`,
      ...regs.map((r) => {
        const st = r.summaries[s];
        if (!st) return '';
        const q = st.quantiles;
        const range = q.length >= 2 ? ` [${fmt(q[0] * l.scale)}–${fmt(q[q.length - 1] * l.scale)}]` : '';
        return `${fmt(st.mean * l.scale)}${range}`;
      }),
    ]);
  }
  rows.push(['Patients whose simulation failed', ...regs.map((r) => String(r.failures.total))]);
  const failed = regs.some((r) => r.failures.total > 0);
  out.push(renderTable(['Per-patient results', ...regs.map((r) => r.name)], rows, style));

  for (const c of result.comparisons) {
    const crow: string[][] = [];
    for (const [e, d] of Object.entries(c.events)) {
      crow.push([`${EVENT_LABELS[e] ?? `P(${e})`}, %`, `${signed(pct(d.diff), d.diff)} (${pct(d.lo)} to ${pct(d.hi)})`]);
    }
    for (const [s, d] of Object.entries(c.summaries)) {
      if (s.endsWith('.time') || endpointColumn(s)) continue;
      const l = label(s);
      crow.push([`mean ${l.text}`, `${signed(fmt(d.meanDiff * l.scale), d.meanDiff)} (${fmt(d.lo * l.scale)} to ${fmt(d.hi * l.scale)})`]);
    }
    if (crow.length === 0) continue;
    out.push('\n' + renderTable([`Paired, same patients: ${c.b} − ${c.a}`, 'difference (95% CI)'], crow, style));
  }
  out.push(renderSubgroups(result.subgroups, style));
  if (failed) out.push('\n' + style.yellow('warning: some patients failed to integrate; see the failure column of patients.csv') + '\n');
  for (const note of p.notes) out.push(style.dim(`note: ${note}`) + '\n');
  return out.join('');
}
