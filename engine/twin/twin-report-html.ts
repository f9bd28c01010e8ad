/**
 * A self-contained HTML report of a twin session (the desktop's "Download report"): the patient,
 * the estimates with their credible intervals, each regimen's forecast (charts and per-cycle risks),
 * the dose recommendation, warnings and notes, and the provenance of the numbers.
 */
import { esc } from '../common/report/svg-charts.js';
import type { TwinSession } from './run-twin.js';
import { twinCharts } from './twin-charts.js';

const f3 = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : '–');
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

export function twinReportHtml(s: TwinSession, meta: { generated: string; scenario?: string; backend: string }): string {
  const p = s.fit.problem;
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  const params = rows(s.fit.parameters.map((q) => [q.name, q.unit, f3(q.map), q.se === undefined ? '' : f3(q.se), f3(q.median), `${f3(q.lo)} – ${f3(q.hi)}`]));
  const risks = rows(s.forecasts.regimens.flatMap((r) => r.cycles.map((c) => [r.name, String(c.cycle), `${f3(c.fromDay)}–${f3(c.toDay)}`, `${f3(c.nadir.median)} (${f3(c.nadir.lo)}–${f3(c.nadir.hi)})`, pct(c.grade3.p), pct(c.grade4.p)])));
  const dose = s.dose ? `<h2>Dose</h2><p>${esc(`${f3(s.dose.dose)} ${s.forecasts.regimens[0]?.doseUnit ?? 'mg'} (uncertainty ${f3(s.dose.doseInterval.lo)}–${f3(s.dose.doseInterval.hi)}), ${pct(s.dose.scale)} of ${s.dose.regimen}, for target ${JSON.stringify(s.dose.target)}${s.dose.met ? '' : ' — target not met'}`)}</p>${s.dose.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}` : '';
  const warnings = [...s.domain.warnings.map((w) => `<li class="warn">${esc(w)}</li>`), ...[...s.domain.notAssessable, ...s.notes, ...(p.record.notes ?? [])].map((n) => `<li>${esc(n)}</li>`)].join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Twin of ${esc(p.record.id)}</title>
<style>body{font:14px system-ui,sans-serif;max-width:900px;margin:2em auto;color:#111}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.warn{color:#b45309}.note{color:#555}</style></head><body>
<h1>Patient twin: ${esc(p.record.id || '(no id)')}</h1>
<p>${esc(`${p.observations.length} measurements, ${p.history.length} doses; model ${p.model.name}${meta.scenario ? `; scenario ${meta.scenario}` : ''}. Posterior: ${s.fit.posterior.method}, ESS ${f3(s.fit.posterior.sirEss)} of ${s.fit.posterior.candidates} candidates. MAP ${s.fit.map.converged ? 'converged' : 'did NOT converge'}.`)}</p>
<h2>Estimates</h2><table><tr><th>parameter</th><th>unit</th><th>MAP</th><th>SE</th><th>median</th><th>90% credible interval</th></tr>${params}</table>
<h2>Forecasts</h2>${twinCharts(s).map((c) => `<figure>${c.svg}</figure>`).join('')}
<table><tr><th>regimen</th><th>cycle</th><th>days</th><th>ANC nadir (90%)</th><th>P(grade ≥3)</th><th>P(grade 4)</th></tr>${risks}</table>
${dose}<h2>Warnings and notes</h2><ul>${warnings || '<li>none</li>'}</ul>
<p class="note">${esc(`Generated ${meta.generated} on ${meta.backend}. Model ${p.model.name} (SHA-256 ${p.model.sourceHash.slice(0, 16)}…). Credible bands are of the model's true value; the model is not a substitute for clinical judgement.`)}</p>
</body></html>
`;
}
