/**
 * `report.html` (`run --report`): a self-contained page with the comparison table, the failure counts
 * and the provenance — something to attach to a ticket or an e-mail. No scripts, no external assets.
 */
import type { ScenarioResult } from '../common/scenario-result.js';
import type { Style } from './io.js';
import { renderComparison } from './table.js';

const PLAIN: Style = {
  color: false,
  animate: false,
  bold: (s) => s,
  dim: (s) => s,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function reportHtml(result: ScenarioResult): string {
  const title = escapeHtml(result.scenario.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>body{font:14px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style>
</head>
<body>
<h1>${title}</h1>
${result.scenario.question ? `<p>${escapeHtml(result.scenario.question)}</p>\n` : ''}<h2>Results</h2>
<pre>${escapeHtml(renderComparison(result, PLAIN))}</pre>
<h2>Provenance</h2>
<pre>${escapeHtml(JSON.stringify(result.provenance, null, 2))}</pre>
</body>
</html>
`;
}
