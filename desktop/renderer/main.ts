/**
 * The browser renderer: Scenario (built-in list, YAML editor with live line:col diagnostics, the
 * regimen form and population fields kept in sync with the YAML), Run (progress, backend, cancel,
 * automatic re-run), Results (results-view.ts) and Export (HTML report, CSV table). The engine runs
 * in a Web Worker (engine-worker.ts).
 *
 * What-if: once a scenario has results, every edit that validates re-runs it after a short pause
 * (a newer edit cancels the run in flight); the old results stay on screen, dimmed and marked as
 * updating, until the new ones replace them in place. The engine re-simulates only the regimens the
 * edit touched and first sends a preview of the leading patients: it is shown at once, marked as
 * preliminary (n of N patients, never as the run's rates), with export disabled until the final
 * results replace it.
 *
 * Unsaved edits are kept per scenario file (drafts.ts): a reload, or switching scenario and back,
 * shows them again with a note; "Revert to the original" and "Save scenario…" end a draft.
 */
import { CancelledError, formatDiagnostic, InputError, RuntimeFailure, type Diagnostic } from '../../engine/common/errors.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { BackendChoice } from '../common/engine-client.js';
import type { OpenedFiles } from '../common/host.js';
import { reportHtml } from '../../engine/common/report/report-html.js';
import { readTitle, yamlDiagnostics } from '../common/scenario-doc.js';
import { titleMismatch } from '../common/regimen-names.js';
import { doneStatus, totalFailed } from '../common/failure-summary.js';
import { DraftStore, draftNote } from './drafts.js';
import { currentHost } from './hosts.js';
import { RegimenFormView, type EditYaml } from './regimen-form.js';
import { PopulationFields } from './population-fields.js';
import { DoseNotes } from './dose-notes.js';
import { ResultsView } from './results-view.js';
import { PatientScreen } from './patient-screen.js';
import { pageSubgroups } from './page-subgroups.js';
import { SubgroupView } from './subgroup-view.js';
import { WorkerEngineClient } from './worker-client.js';
import { OpenedFilesView } from './opened-files.js';
import { droppedFiles, readPicked } from './pick-files.js';
import { engineWorkerName, USER_PREFIX, UserFileStore } from './user-files.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

/** Pause after the last keystroke before validating (and, with results shown, re-running). */
const SETTLE_MS = 300;

const host = currentHost();
/** This page's id: the engine worker asks it (and no other tab) for the user's opened files. */
const session = crypto.randomUUID();
const client = new WorkerEngineClient(new Worker('/worker.js', { type: 'module', name: engineWorkerName(session) }));
const opened = new OpenedFilesView(new UserFileStore(session), $<HTMLSelectElement>('builtin'), $('open-note'));
const doseNotes = new DoseNotes(location.origin, (p) => opened.text(p));
const editor = $<HTMLTextAreaElement>('editor');
const state: {
  file: string;
  /** The text the current file was opened with (a built-in's text, or the opened file's). */
  original: string;
  result?: ScenarioResult;
  yamlOfResult?: string;
  fileOfResult?: string;
  run?: AbortController;
  /** On screen: a preview of the first `patients` of `total` patients (undefined: `result`, final). */
  preview?: { patients: number; total: number };
  /** An automatic re-run is waiting for the edit to settle and validate. */
  pending: boolean;
  runSeq: number;
  validateSeq: number;
} = { file: '/scenarios/default.yaml', original: '', pending: false, runSeq: 0, validateSeq: 0 };
const drafts = new DraftStore(localStorageOrUndefined());

/** Local storage, or undefined where the page may not use it (opaque origins, disabled storage). */
function localStorageOrUndefined(): Storage | undefined {
  try { return globalThis.localStorage ?? undefined; } catch { return undefined; }
}

/** Writes a form edit into the editor (when it changes the text) and handles it as any edit. */
const editYaml: EditYaml = (edit) => {
  const next = edit(editor.value);
  if (next !== editor.value) { editor.value = next; onEdit(); }
};
const form = new RegimenFormView($('regimens'), editYaml, () => showFormProblems());
const population = new PopulationFields({ size: $<HTMLInputElement>('size'), seed: $<HTMLInputElement>('seed') }, $('population-note'), editYaml, () => showFormProblems());

/** Values typed into the form that were refused: until they are fixed the editor's YAML is not what the form shows. */
function formProblems(): string[] {
  return [...population.problems(), ...form.problems()];
}

/** Blocks running while the form holds refused values (the run would use the previous ones) and says so. */
function showFormProblems(): void {
  $<HTMLButtonElement>('run-btn').disabled = editor.classList.contains('has-errors') || formProblems().length > 0;
  showStale();
}
const results = new ResultsView(host, $<HTMLTableElement>('comparison'), $('charts'), $<HTMLButtonElement>('table-csv'), $('failures'));
new PatientScreen($('patient-body'), () => ({ file: state.file, yaml: editor.value }), host);
const subgroups = new SubgroupView(host, $('subgroups'));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

function showDiagnostics(diags: Diagnostic[]): void {
  $('diagnostics').replaceChildren(...diags.map((d) => {
    const item = el('li', { title: 'click to show in the editor' }, `line ${d.line}, col ${d.col}: ${d.message}`, ...(d.hint ? [el('span', { className: 'hint' }, ` — ${d.hint}`)] : []));
    item.addEventListener('click', () => showInEditor(d.line, d.col));
    return item;
  }));
  editor.classList.toggle('has-errors', diags.length > 0);
  showFormProblems();
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

/** Whether an edit of the shown scenario should re-run it by itself. */
function autoRerun(): boolean {
  return $<HTMLInputElement>('auto-run').checked && state.result !== undefined && state.fileOfResult === state.file && formProblems().length === 0;
}

/** The banner over the results: why they may not match the editor, and whether an update is coming. */
function showStale(): void {
  const banner = $('stale');
  const changed = state.yamlOfResult !== undefined && (state.yamlOfResult !== editor.value || formProblems().length > 0);
  const updating = state.result !== undefined && (state.run !== undefined || state.pending);
  const p = state.preview;
  $('results').classList.toggle('updating', updating && !p);
  $('results').classList.toggle('partial', p !== undefined);
  for (const id of ['export-html', 'export-csv', 'table-csv']) $<HTMLButtonElement>(id).disabled = p !== undefined;
  banner.hidden = !changed && !updating && !p;
  if (p) banner.textContent = `Preliminary: the first ${p.patients} of ${p.total} patients. Rates, intervals and bands will change — ${state.run ? 'the rest are being simulated' : 'the run did not finish'}; export waits for the final results.`;
  else if (updating) banner.textContent = 'Updating the results for your edit… (the dimmed numbers and charts are from the previous run)';
  else if (state.fileOfResult !== state.file) banner.textContent = 'These results are for the previous scenario — run this one to replace them.';
  else if (editor.classList.contains('has-errors')) banner.textContent = 'The scenario has errors — these results are from the last version that ran. Fix the errors to update them.';
  else if (formProblems().length) banner.textContent = `Not updated: the form holds values that were not applied (${formProblems().join('; ')}). Fix them to update the results.`;
  else banner.textContent = 'The scenario has changed since these results were computed — run again to update them.';
}

/** Form fields from the YAML; while the YAML does not parse the form keeps its last values. */
function syncForm(): void {
  const text = editor.value;
  const broken = yamlDiagnostics(text, state.file).length > 0;
  form.update(text, broken);
  population.update(text, broken);
  if (broken) return;
  const t = readTitle(text);
  $('title').textContent = t.title || t.id;
  const mismatch = titleMismatch(text);
  $('title-note').hidden = !mismatch;
  $('title-note').textContent = mismatch ? `${mismatch}: edit the title in the YAML if it no longer fits.` : '';
}

let validateTimer: ReturnType<typeof setTimeout> | undefined;
function onEdit(): void {
  drafts.put(state.file, editor.value, state.original);
  showDraftNote();
  syncForm();
  state.pending = autoRerun() && editor.value !== state.yamlOfResult && yamlDiagnostics(editor.value, state.file).length === 0;
  showStale();
  clearTimeout(validateTimer);
  validateTimer = setTimeout(async () => {
    const seq = ++state.validateSeq;
    const text = editor.value;
    const diags = await client.validate(text, state.file).catch((e: unknown) => [{ file: state.file, line: 1, col: 1, message: String(e) }]);
    if (seq !== state.validateSeq) return;
    const go = state.pending && !diags.length && text === editor.value;
    state.pending = false;
    if (go) void run();
    showDiagnostics(diags);
    void showDoseNotes(text);
  }, SETTLE_MS);
}

async function loadBuiltin(name: string): Promise<void> {
  const file = `/scenarios/${name}`;
  const original = await (await fetch(file)).text();
  showFile(file, original, drafts.get(file)?.text ?? original);
}

/** Shows `text` (a draft or the original) for `file` in the editor. */
function showFile(file: string, original: string, text: string): void {
  Object.assign(state, { file, original });
  drafts.setLastFile(file);
  const sel = $<HTMLSelectElement>('builtin');
  if (file.startsWith('/scenarios/')) sel.value = file.slice('/scenarios/'.length);
  else { opened.ensureOption(file); sel.value = file; }
  editor.value = text;
  onEdit();
}

/** Dose warnings (studied range, or a probable typing slip) on the regimen cards, for the text checked. */
async function showDoseNotes(text: string): Promise<void> {
  const w = await doseNotes.warnings(text, state.file, state.original);
  if (text !== editor.value) return;
  form.setDoseNotes(w.notes);
  $('model-note').hidden = !w.problems.length;
  $('model-note').textContent = w.problems.join(' ');
}

/** The dose warnings of the text a result was computed from, over the results (while they are shown). */
async function showRunDoseWarnings(yaml: string, file: string): Promise<void> {
  const doses = (await doseNotes.warnings(yaml, file, state.original)).notes.filter((n): n is string => n !== undefined);
  if (state.yamlOfResult !== yaml) return;
  $('dose-warnings').hidden = !doses.length;
  $('dose-warnings').textContent = doses.length ? `Doses in this run: ${doses.join(' ')}` : '';
}

/** Subgroup results and the validity domain of a run (computed in the page when the engine did not). */
async function showSubgroups(result: ScenarioResult, yaml: string, file: string): Promise<void> {
  const report = await pageSubgroups(result);
  if (state.result !== result) return;
  if (typeof report === 'string') subgroups.showNote(report);
  else subgroups.show(report, result);
}

/** Shows an opened user file: its unsaved edits when they were made on the same text, else the file. */
function showUserFile(path: string): void {
  const text = opened.text(path);
  const d = drafts.get(path);
  if (text === undefined) { if (d) showFile(path, d.original, d.text); return; }
  showFile(path, text, d && d.original === text ? d.text : text);
}

/**
 * Registers the opened files and shows the first scenario among them; model files alone are checked
 * again against the scenario on screen (they may be what it was missing).
 */
function takeOpened(files: OpenedFiles | undefined): void {
  if (!files) return;
  const scenario = opened.take(files);
  if (scenario) showUserFile(scenario);
  else onEdit();
}

async function openUserFiles(folder: boolean): Promise<void> {
  takeOpened(await host.openFiles(['yaml', 'yml'], folder));
}

/** Files and folders dropped anywhere on the page are opened like picked ones. */
function acceptDrops(): void {
  const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;
  document.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    document.body.classList.add('dropping');
  });
  document.addEventListener('dragleave', (e) => { if (!e.relatedTarget) document.body.classList.remove('dropping'); });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e) || !e.dataTransfer) return;
    e.preventDefault();
    document.body.classList.remove('dropping');
    void droppedFiles(e.dataTransfer.items).then((picked) => readPicked(picked, ['yaml', 'yml'])).then(takeOpened);
  });
}

/** Says when the editor holds unsaved edits, with the way back to the original. */
function showDraftNote(): void {
  const d = drafts.get(state.file);
  const edited = editor.value !== state.original;
  $('draft').hidden = !edited;
  if (edited) $('draft-text').textContent = d ? draftNote(state.file, d) : 'Unsaved edits.';
}

function setStatus(text: string, level?: 'error' | 'warn' | boolean): void {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', level === true || level === 'error');
  s.classList.toggle('warn', level === 'warn');
}

/** Puts a result (final, or a preview while state.preview says so) on the Results screen. */
function showResult(result: ScenarioResult): void {
  $('results').hidden = false;
  $('export').hidden = false;
  $('question').textContent = result.scenario.question ?? '';
  results.show(result, Math.min(1200, $('results').clientWidth - 40));
}

/** Runs the editor's scenario; a newer run (or Cancel) aborts this one. */
async function run(): Promise<void> {
  state.run?.abort();
  state.pending = false;
  const seq = ++state.runSeq;
  const ac = new AbortController();
  state.run = ac;
  $<HTMLButtonElement>('cancel-btn').disabled = false;
  const bar = $<HTMLProgressElement>('progress');
  bar.value = 0;
  setStatus('Starting the engine…');
  $('backend-notes').textContent = '';
  showStale();
  const yaml = editor.value;
  const file = state.file;
  const t0 = performance.now();
  try {
    const result = await client.run(yaml, { backend: $<HTMLSelectElement>('backend').value as BackendChoice, fileName: file }, (p) => {
      if (seq !== state.runSeq) return;
      bar.value = p.patientsTotal ? p.patientsDone / p.patientsTotal : 0;
      setStatus(`Running on ${p.backend}: ${p.patientsDone} of ${p.patientsTotal} patient-regimens${state.preview ? ` (showing the first ${state.preview.patients} patients)` : ''}`);
    }, ac.signal, (preview, patients, total) => {
      if (seq !== state.runSeq) return;
      state.preview = { patients, total };
      showResult(preview);
      showStale();
    });
    if (seq !== state.runSeq) return;
    bar.value = 1;
    setStatus(doneStatus(result, (performance.now() - t0) / 1000), totalFailed(result) > 0 ? 'warn' : undefined);
    $('backend-notes').textContent = result.provenance.notes.filter((n) => n.startsWith('backend ') || n.startsWith('what-if: ')).join('; ');
    Object.assign(state, { result, yamlOfResult: yaml, fileOfResult: file, preview: undefined });
    void showRunDoseWarnings(yaml, file);
    showResult(result);
    void showSubgroups(result, yaml, file);
  } catch (e) {
    if (seq !== state.runSeq) return;
    // A preview of a run that did not finish gives way to the last final results.
    if (state.preview && state.result) { state.preview = undefined; showResult(state.result); }
    if (e instanceof CancelledError) setStatus('Cancelled.');
    else if (e instanceof InputError) { showDiagnostics(e.diagnostics); setStatus(`The scenario has errors: ${e.diagnostics.map(formatDiagnostic).join('; ')}`, true); }
    else if (e instanceof RuntimeFailure) setStatus(`The run failed: ${e.message}${e.hint ? ` — ${e.hint}` : ''}`, true);
    else setStatus(`The run failed: ${String(e)}`, true);
  } finally {
    if (seq === state.runSeq) {
      state.run = undefined;
      $<HTMLButtonElement>('cancel-btn').disabled = true;
      showStale();
    }
  }
}

async function init(): Promise<void> {
  const list = (await (await fetch('/scenarios/')).json()) as string[];
  const sel = $<HTMLSelectElement>('builtin');
  sel.replaceChildren(...list.map((f) => el('option', { value: f, selected: f === 'default.yaml' }, f.replace(/\.ya?ml$/, ''))));
  sel.addEventListener('change', () => (sel.value.startsWith(USER_PREFIX) ? showUserFile(sel.value) : void loadBuiltin(sel.value)));
  editor.addEventListener('input', onEdit);
  $('auto-run').addEventListener('change', () => {
    if (autoRerun() && !editor.classList.contains('has-errors') && editor.value !== state.yamlOfResult) void run();
    else { state.pending = false; showStale(); }
  });
  $('run-btn').addEventListener('click', () => void run());
  $('cancel-btn').addEventListener('click', () => state.run?.abort());
  $('export-html').addEventListener('click', () => {
    if (state.result) void host.saveFile(`${state.result.scenario.id || 'oncotwin'}-report.html`, 'text/html', reportHtml(state.result, { scenarioYaml: state.yamlOfResult }));
  });
  $('export-csv').addEventListener('click', () => $('table-csv').click());
  $('open-btn').addEventListener('click', () => void openUserFiles(false));
  $('open-folder-btn').addEventListener('click', () => void openUserFiles(true));
  acceptDrops();
  $('save-btn').addEventListener('click', async () => {
    const text = editor.value;
    if (!(await host.saveFile(state.file.replace(/^.*\//, ''), 'application/yaml', text))) return;
    // Saved: what is in the editor is now the file's text, and no longer a draft.
    state.original = text;
    drafts.remove(state.file);
    showDraftNote();
  });
  $('revert-btn').addEventListener('click', () => {
    editor.value = state.original;
    onEdit();
  });
  await reopenLast(list);
}

/** Reopens the file that was open last (with its unsaved edits), else the built-in default. */
async function reopenLast(builtins: string[]): Promise<void> {
  const last = drafts.lastFile();
  const name = last?.startsWith('/scenarios/') ? last.slice('/scenarios/'.length) : undefined;
  if (name && builtins.includes(name)) return loadBuiltin(name);
  const d = last?.startsWith(USER_PREFIX) ? drafts.get(last) : undefined;
  if (last && d) return showFile(last, d.original, d.text);
  return loadBuiltin('default.yaml');
}

void init();
