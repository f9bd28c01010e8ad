/**
 * The self-contained HTML report: every chart as inline SVG, the comparison table, and a provenance
 * block. Pure TS (no DOM, no Node), so the desktop app and the CLI (`oncotwin run --report`) produce
 * the same file.
 *
 * Interface rules: the output has no external references (no scripts, styles or images from
 * elsewhere) and a CSP meta tag that forbids scripts, so it is safe to open from an e-mail.
 */
import type { ScenarioResult } from '../scenario-result.js';
import { comparisonTable } from './clinical-views.js';
import { failureRows } from './patient-counts.js';
import { allChartsSvg, esc } from './svg-charts.js';
import { tableCells, tableHeader } from './table-format.js';

export interface ReportOptions {
  /** The scenario YAML that produced the result (embedded for reproducibility). */
  scenarioYaml?: string;
  /** Generation time; defaults to now (pass one for reproducible output in tests). */
  generatedAt?: Date;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1320px;color:#1a1a1a}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.q{color:#444;margin:0 0 12px}.warn{background:#fff3cd;border:1px solid #e0c060;padding:8px 12px;border-radius:4px}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:12px 0;overflow-x:auto}figcaption{font-size:12px;color:#555}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px}dt{font-weight:600}
pre{background:#f6f6f6;padding:8px;font-size:12px;overflow-x:auto}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(640px,1fr));gap:0 24px}.charts figure.wide{grid-column:1/-1}`;

/** Charts drawn as one panel per regimen take the full width; the others go two to a row (efficacy beside toxicity). */
const WIDE = new Set(['waterfall', 'tumour-fan', 'anc-fan']);

/** Builds the report HTML for a result. */
export function reportHtml(r: ScenarioResult, opts: ReportOptions = {}): string {
  const p = r.provenance;
  const names = r.regimens.map((g) => g.name);
  // Patients completed and failed first: the n of every rate below (failed patients are left out).
  const rows = [...failureRows(r), ...comparisonTable(r)];
  const head = tableHeader(names).map((h) => `<th>${esc(h)}</th>`).join('');
  const body = tableCells(rows).map((c) => `<tr>${c.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('');
  const notes = rows.filter((x) => x.note).map((x) => `<li>${esc(x.metric)}: ${esc(x.note!)}</li>`).join('');
  const figures = allChartsSvg(r).map((c) => `<figure id="${c.id}"${WIDE.has(c.id) ? ' class="wide"' : ''}>${c.svg}<figcaption>${esc(c.title)}</figcaption></figure>`).join('');
  const prov: [string, string][] = [
    ['Scenario', `${r.scenario.id} (${r.scenario.path})`],
    ['Scenario SHA-256', p.scenarioSha256],
    ...p.models.map((m): [string, string] => ['Model file', `${m.path} — SHA-256 ${m.sha256}`]),
    ['Engine version', p.engineVersion + (p.gitCommit ? ` (git ${p.gitCommit})` : '')],
    ['Backend', `${p.backend} — ${p.device}, float${p.precision}`],
    ['Solver', `${p.solver.method}, rtol ${p.solver.rtol}${p.solver.closedFormLinear ? ', closed-form linear PK' : ''}`],
    ['Patients × regimens', `${p.nPatients} × ${r.regimens.length} (same virtual patients in every regimen)`],
    ['Seed', String(p.seed)],
    ['Run started', `${p.startedAt}, took ${(p.durationMs / 1000).toFixed(1)} s`],
    ['Report generated', (opts.generatedAt ?? new Date()).toISOString()],
    ...r.regimens.filter((g) => g.failures.total > 0).map((g): [string, string] => ['Failed patients', `${g.name}: ${g.failures.total}`]),
    ...p.notes.map((n): [string, string] => ['Note', n]),
  ];
  const provHtml = prov.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const yaml = opts.scenarioYaml ? `<h2>Scenario file</h2><pre>${esc(opts.scenarioYaml)}</pre>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(r.scenario.title || r.scenario.id)} — oncotwin report</title><style>${STYLE}</style></head><body>
<h1>${esc(r.scenario.title || r.scenario.id)}</h1>${r.scenario.question ? `<p class="q">${esc(r.scenario.question)}</p>` : ''}
<p>Virtual-patient simulation for research and teaching; not a substitute for clinical judgement.</p>
<h2>Comparison</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
<p style="font-size:12px">Numbers in parentheses are 95% confidence intervals of the simulated estimate: Wilson score for rates; Newcombe for paired differences of rates; Student t for mean paired differences; Brookmeyer–Crowley for medians; Lin–Wei robust for paired hazard ratios (same virtual patients in every regimen). Population spread (5–95% of patients) is shown only in the charts. NR = not reached.</p>${notes ? `<ul style="font-size:12px">${notes}</ul>` : ''}
<h2>Charts</h2><div class="charts">${figures}</div>
<h2>Provenance</h2><dl>${provHtml}</dl>${yaml}
</body></html>`;
}
