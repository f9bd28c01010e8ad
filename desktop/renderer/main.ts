/**
 * The browser renderer: Scenario (built-in list, YAML editor with live line:col diagnostics,
 * population and per-regimen dose fields kept in sync with the YAML), Run (progress, backend,
 * cancel), Results (comparison table, uPlot fan charts, SVG waterfall / nadir / Kaplan–Meier /
 * scatter) and Export (HTML report, CSV table). The engine runs in a Web Worker (engine-worker.ts).
 */
import { CancelledError, formatDiagnostic, InputError, RuntimeFailure, type Diagnostic } from '../../engine/common/errors.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { BackendChoice } from '../common/engine-client.js';
import { ancOutput, comparisonTable, tumourOutput } from '../../engine/common/report/clinical-views.js';
import { reportHtml } from '../../engine/common/report/report-html.js';
import { readPopulation, readRegimens, readTitle, setDoseAmount, setPopulationField, yamlDiagnostics } from '../common/scenario-doc.js';
import { allChartsSvg } from '../../engine/common/report/svg-charts.js';
import { tableCells, tableCsv, tableHeader } from '../../engine/common/report/table-format.js';
import { fanPlot } from './fan-plot.js';
import { scatter3d } from './scatter-3d.js';
import { currentHost } from './hosts.js';
import { WorkerEngineClient } from './worker-client.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

const host = currentHost();
const client = new WorkerEngineClient(new Worker('/worker.js', { type: 'module' }));
const editor = $<HTMLTextAreaElement>('editor');
const state: { file: string; result?: ScenarioResult; yamlOfResult?: string; run?: AbortController; validateSeq: number } = { file: '/scenarios/default.yaml', validateSeq: 0 };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

function showDiagnostics(diags: Diagnostic[]): void {
  const list = $('diagnostics');
  list.replaceChildren(...diags.map((d) => {
    const item = el('li', { title: 'click to show in the editor' }, `line ${d.line}, col ${d.col}: ${d.message}`, ...(d.hint ? [el('span', { className: 'hint' }, ` — ${d.hint}`)] : []));
    item.addEventListener('click', () => showInEditor(d.line, d.col));
    return item;
  }));
  editor.classList.toggle('has-errors', diags.length > 0);
  $<HTMLButtonElement>('run-btn').disabled = diags.length > 0 || state.run !== undefined;
}

/** Selects line:col (1-based) in the editor and scrolls it into view. */
function showInEditor(line: number, col: number): void {
  const lines = editor.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0) + Math.max(0, col - 1);
  const end = start + Math.max(1, (lines[line - 1]?.length ?? 0) - (col - 1));
  editor.focus();
  editor.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 17;
  editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

/**
 * Form fields from the YAML (skipping the field being typed in, so the caret is not disturbed). While
 * the YAML does not parse the form keeps its last values instead of going blank.
 */
function syncForm(): void {
  const text = editor.value;
  if (yamlDiagnostics(text, state.file).length) return;
  const pop = readPopulation(text);
  for (const k of ['size', 'seed'] as const) {
    const input = $<HTMLInputElement>(k);
    if (document.activeElement !== input) input.value = pop[k] === undefined ? '' : String(pop[k]);
  }
  const t = readTitle(text);
  $('title').textContent = t.title || t.id;
  const body = $('regimens').querySelector('tbody')!;
  const regs = readRegimens(text);
  const focused = document.activeElement instanceof HTMLInputElement ? document.activeElement.dataset.regimen : undefined;
  if (focused !== undefined && body.children.length === regs.length) return;
  body.replaceChildren(...regs.map((r, i) => {
    const dose = el('input', { type: 'number', min: '0', step: 'any', value: r.amount === undefined ? '' : String(r.amount), ariaLabel: `dose of ${r.name}` });
    dose.dataset.regimen = String(i);
    dose.addEventListener('input', () => {
      const v = Number(dose.value);
      if (dose.value !== '' && Number.isFinite(v)) { editor.value = setDoseAmount(editor.value, i, v); onEdit(); }
    });
    return el('tr', {}, el('td', {}, r.name), el('td', {}, dose), el('td', {}, r.unit), el('td', {}, r.schedule));
  }));
}

let validateTimer: ReturnType<typeof setTimeout> | undefined;
function onEdit(): void {
  syncForm();
  $('stale').hidden = state.yamlOfResult === undefined || state.yamlOfResult === editor.value;
  clearTimeout(validateTimer);
  validateTimer = setTimeout(async () => {
    const seq = ++state.validateSeq;
    const diags = await client.validate(editor.value, state.file).catch((e: unknown) => [{ file: state.file, line: 1, col: 1, message: String(e) }]);
    if (seq === state.validateSeq) showDiagnostics(diags);
  }, 250);
}

async function loadBuiltin(name: string): Promise<void> {
  state.file = `/scenarios/${name}`;
  const res = await fetch(state.file);
  editor.value = await res.text();
  onEdit();
}

function setStatus(text: string, error = false): void {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

async function run(): Promise<void> {
  const ac = new AbortController();
  state.run = ac;
  $<HTMLButtonElement>('run-btn').disabled = true;
  $<HTMLButtonElement>('cancel-btn').disabled = false;
  const bar = $<HTMLProgressElement>('progress');
  bar.value = 0;
  setStatus('Starting the engine…');
  $('backend-notes').textContent = '';
  const yaml = editor.value;
  const t0 = performance.now();
  try {
    const result = await client.run(yaml, { backend: $<HTMLSelectElement>('backend').value as BackendChoice, fileName: state.file }, (p) => {
      bar.value = p.patientsTotal ? p.patientsDone / p.patientsTotal : 0;
      setStatus(`Running on ${p.backend}: ${p.patientsDone} of ${p.patientsTotal} patient-regimens`);
    }, ac.signal);
    bar.value = 1;
    const why = result.provenance.notes.filter((n) => n.startsWith('backend ')).join('; ');
    setStatus(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${result.provenance.backend} (${result.provenance.device}).`);
    $('backend-notes').textContent = why;
    state.result = result;
    state.yamlOfResult = yaml;
    $('stale').hidden = yaml === editor.value;
    showResults(result);
  } catch (e) {
    if (e instanceof CancelledError) setStatus('Cancelled.');
    else if (e instanceof InputError) { showDiagnostics(e.diagnostics); setStatus(`The scenario has errors: ${e.diagnostics.map(formatDiagnostic).join('; ')}`, true); }
    else if (e instanceof RuntimeFailure) setStatus(`The run failed: ${e.message}${e.hint ? ` — ${e.hint}` : ''}`, true);
    else setStatus(`The run failed: ${String(e)}`, true);
  } finally {
    state.run = undefined;
    $<HTMLButtonElement>('cancel-btn').disabled = true;
    $<HTMLButtonElement>('run-btn').disabled = editor.classList.contains('has-errors');
  }
}

let disposeScatter = (): void => {};

function showResults(r: ScenarioResult): void {
  $('results').hidden = false;
  $('export').hidden = false;
  $('question').textContent = r.scenario.question ?? '';
  const names = r.regimens.map((g) => g.name);
  const table = $<HTMLTableElement>('comparison');
  table.tHead!.replaceChildren(el('tr', {}, ...tableHeader(names).map((h) => el('th', {}, h))));
  table.tBodies[0].replaceChildren(...tableCells(comparisonTable(r)).map((row) => el('tr', {}, ...row.map((c) => el('td', {}, c)))));
  const width = Math.min(1200, $('results').clientWidth - 40);
  for (const [id, out, title] of [['fan-anc', ancOutput(r), 'Absolute neutrophil count over time (median, 50% and 90% bands)'], ['fan-tumour', tumourOutput(r), 'Tumour size over time (median, 50% and 90% bands)']] as const) {
    const box = $(id);
    const msg = out ? fanPlot(box, r, out, title, width) : `the model has no ${id === 'fan-anc' ? 'ANC' : 'tumour'} output`;
    if (msg) box.replaceChildren(el('p', { className: 'note' }, `${title}: ${msg}`));
  }
  disposeScatter();
  const sc = scatter3d($('scatter-3d'), r, width);
  disposeScatter = sc.dispose;
  if (sc.message) $('scatter-3d').replaceChildren(el('p', { className: 'note' }, `3-D efficacy–toxicity–exposure view: ${sc.message}`));
  const figs = allChartsSvg(r).filter((c) => !c.id.endsWith('-fan'));
  $('svg-charts').innerHTML = figs.map((c) => `<figure id="fig-${c.id}">${c.svg}</figure>`).join('');
}

async function init(): Promise<void> {
  const list = (await (await fetch('/scenarios/')).json()) as string[];
  const sel = $<HTMLSelectElement>('builtin');
  sel.replaceChildren(...list.map((f) => el('option', { value: f, selected: f === 'default.yaml' }, f.replace(/\.ya?ml$/, ''))));
  sel.addEventListener('change', () => void loadBuiltin(sel.value));
  editor.addEventListener('input', onEdit);
  for (const k of ['size', 'seed'] as const) {
    const input = $<HTMLInputElement>(k);
    input.addEventListener('input', () => {
      const v = Number(input.value);
      if (input.value !== '' && Number.isInteger(v) && (k === 'seed' || v > 0)) { editor.value = setPopulationField(editor.value, k, v); onEdit(); }
    });
  }
  $('run-btn').addEventListener('click', () => void run());
  $('cancel-btn').addEventListener('click', () => state.run?.abort());
  $('export-html').addEventListener('click', () => {
    if (state.result) void host.saveFile(`${state.result.scenario.id || 'oncotwin'}-report.html`, 'text/html', reportHtml(state.result, { scenarioYaml: state.yamlOfResult }));
  });
  $('export-csv').addEventListener('click', () => {
    const r = state.result;
    if (r) void host.saveFile(`${r.scenario.id || 'oncotwin'}-table.csv`, 'text/csv', tableCsv(comparisonTable(r), r.regimens.map((g) => g.name)));
  });
  $('open-btn').addEventListener('click', async () => {
    const f = await host.openText(['yaml', 'yml']);
    if (!f) return;
    state.file = `/user/${f.name}`;
    editor.value = f.text;
    onEdit();
  });
  await loadBuiltin('default.yaml');
}

void init();
