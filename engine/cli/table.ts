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

  out.push(renderEndpoints(result.endpoints, result.timeUnit, style));
  // On a terminal, extremum times and the columns endpoints are computed from would bury the
  // outcomes; all of them stay in summary.json and patients.csv.
  const endpointColumn = (s: string) => /^(neutropenia|recist)\./.test(s);
  const summaryNames = [...new Set(regs.flatMap((r) => Object.keys(r.summaries)))].filter((s) => !s.endsWith('.time') && !endpointColumn(s));
  const eventNames = [...new Set(regs.flatMap((r) => Object.keys(r.events)))];
  const rows: string[][] = [];
  for (const e of eventNames) {
    rows.push([
      `P(${e})`,
      ...regs.map((r) => {
        const ev = r.events[e];
        return ev ? `${pct(ev.p)} [${pct(ev.lo)}–${pct(ev.hi)}]` : '';
      }),
    ]);
  }
  for (const s of summaryNames) {
    const first = regs.find((r) => r.summaries[s])?.summaries[s];
    const unit = first?.unit && first.unit !== '1' ? ` (${first.unit})` : '';
    rows.push([
      `${s}${unit}`,
      ...regs.map((r) => {
        const st = r.summaries[s];
        if (!st) return '';
        const q = st.quantiles;
        const range = q.length >= 2 ? ` [${fmt(q[0])}–${fmt(q[q.length - 1])}]` : '';
        return `${fmt(st.mean)}${range}`;
      }),
    ]);
  }
  const failed = regs.some((r) => r.failures.total > 0);
  if (failed) rows.push(['failed patients', ...regs.map((r) => String(r.failures.total))]);
  const probs = regs.find((r) => Object.keys(r.summaries).length)?.summaries[summaryNames[0]]?.probs ?? [];
  const pc = (q: number) => `${Number((q * 100).toPrecision(6))}%`;
  const bracket = probs.length >= 2 ? `mean [${pc(probs[0])}–${pc(probs[probs.length - 1])}]; events: 95% CI` : 'events: 95% CI';
  out.push(renderTable([bracket, ...regs.map((r) => r.name)], rows, style));

  for (const c of result.comparisons) {
    const crow: string[][] = [];
    for (const [e, d] of Object.entries(c.events)) {
      crow.push([`P(${e})`, `${signed(pct(d.diff), d.diff)} [${pct(d.lo)}, ${pct(d.hi)}]`]);
    }
    for (const [s, d] of Object.entries(c.summaries)) {
      if (s.endsWith('.time') || endpointColumn(s)) continue;
      crow.push([`mean ${s}`, `${signed(fmt(d.meanDiff), d.meanDiff)} [${fmt(d.lo)}, ${fmt(d.hi)}]`]);
    }
    if (crow.length === 0) continue;
    out.push('\n' + renderTable([`paired: ${c.b} − ${c.a}`, 'difference [95% CI]'], crow, style));
  }
  out.push(renderSubgroups(result.subgroups, style));
  if (failed) out.push('\n' + style.yellow('warning: some patients failed to integrate; see the failure column of patients.csv') + '\n');
  for (const note of p.notes) out.push(style.dim(`note: ${note}`) + '\n');
  return out.join('');
}
