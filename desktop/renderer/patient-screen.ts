/**
 * The Patient screen: one patient's twin on the scenario on screen. Enter or import the patient's
 * record (a YAML or CSV patient file, or a FHIR R4 Bundle), fit the twin (MAP and posterior), see the
 * fit — measurements over the posterior band — and each regimen's forecast with its per-cycle
 * neutropenia risk, find a dose for a target, and download twin.json or an HTML report.
 *
 * The twin runs in its own Web Worker (twin-worker.ts) on the CPU backend (engine/twin,
 * docs/TWIN.md), with fewer posterior candidates than the CLI so an answer comes in seconds.
 */
import type { Host } from '../common/host.js';
import type { TwinReply, TwinRequestMessage } from './twin-view.js';

/** What the page gives the screen: the scenario on screen (its path and current text). */
export interface ScenarioOnScreen { file: string; yaml: string }

const EXAMPLE = `patient: DEMO-001
start: 2026-03-02T09:00
covariates: { SEX: F, WT: 68 kg, HT: 165 cm, AGE: 58 yr, SCR: 0.8 mg/dL }
doses:
  - { date: 2026-03-02T09:00, amount: 132 mg, duration: 1 h }
observations:
  - { date: 2026-03-02T08:30, output: ANC, value: 4.6, unit: 1e9/L }
  - { time: 8 d, output: ANC, value: 1.1, unit: 1e9/L }
  - { time: 10 d, output: ANC, value: 0.62, unit: 1e9/L }
  - { time: 15 d, output: ANC, value: 1.9, unit: 1e9/L }
`;

/** The file name a pasted record is read as: a FHIR Bundle (JSON), a CSV patient file, or YAML. */
export function recordFileName(text: string): string {
  const t = text.trimStart();
  if (t.startsWith('{')) return 'patient.json';
  if (/^kind\s*,/i.test(t)) return 'patient.csv';
  return 'patient.yaml';
}

export class PatientScreen {
  private readonly text: HTMLTextAreaElement;
  private readonly target: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly out: HTMLElement;
  private readonly exports: HTMLButtonElement[];
  private last?: Extract<TwinReply, { ok: true }>;
  private worker?: Worker;

  constructor(root: HTMLElement, private readonly scenario: () => ScenarioOnScreen, private readonly host: Host) {
    root.insertAdjacentHTML('beforeend', `
      <p class="note">The twin of one patient on the scenario above: paste or import the patient's record (YAML or CSV patient file, or a FHIR R4 Bundle; docs/TWIN.md), then fit.</p>
      <div class="toolbar"><button type="button" data-act="import">Import record…</button>
        <label>Dose target <input data-id="target" placeholder="grade4<=0.2 or auc=5 mg/mL*min" size="28"></label>
        <button type="button" class="primary" data-act="fit">Fit twin and forecast</button>
        <button type="button" data-act="json" disabled>Download twin.json</button>
        <button type="button" data-act="html" disabled>Download report (HTML)</button></div>
      <textarea data-id="record" spellcheck="false" wrap="off" rows="14" cols="100" aria-label="Patient record"></textarea>
      <p data-id="status" aria-live="polite"></p>
      <div data-id="out"></div>`);
    const q = <T extends HTMLElement>(sel: string) => root.querySelector(sel) as T;
    this.text = q('[data-id=record]');
    this.text.value = EXAMPLE;
    this.target = q('[data-id=target]');
    this.status = q('[data-id=status]');
    this.out = q('[data-id=out]');
    this.exports = [q('[data-act=json]'), q('[data-act=html]')];
    q<HTMLButtonElement>('[data-act=fit]').addEventListener('click', () => this.fit());
    q<HTMLButtonElement>('[data-act=import]').addEventListener('click', () => void this.importRecord());
    this.exports[0].addEventListener('click', () => void this.download('json'));
    this.exports[1].addEventListener('click', () => void this.download('html'));
  }

  private async importRecord(): Promise<void> {
    const picked = await this.host.openFiles(['yaml', 'yml', 'csv', 'json'], false);
    const file = picked?.files[0];
    if (!file) return;
    this.text.value = file.text;
    this.status.textContent = `Imported ${file.path}${picked.files.length > 1 ? ` (the first of ${picked.files.length} files)` : ''}.`;
  }

  /** Sends the record and the scenario on screen to the twin worker; a newer fit replaces one in flight. */
  private fit(): void {
    const { file, yaml } = this.scenario();
    this.worker?.terminate();
    const worker = new Worker('/twin-worker.js', { type: 'module', name: 'oncotwin-twin' });
    this.worker = worker;
    const target = this.target.value.trim();
    const msg: TwinRequestMessage = { origin: location.origin, scenarioFile: file, scenarioYaml: yaml, recordName: recordFileName(this.text.value), recordText: this.text.value, ...(target ? { target } : {}) };
    this.status.textContent = 'Fitting the twin (MAP, posterior) and forecasting…';
    this.out.textContent = '';
    this.exports.forEach((b) => (b.disabled = true));
    worker.onmessage = (e: MessageEvent<TwinReply>) => {
      worker.terminate();
      if (this.worker === worker) this.worker = undefined;
      this.show(e.data);
    };
    worker.onerror = (e) => { this.status.textContent = `The twin worker failed: ${e.message}`; };
    worker.postMessage(msg);
  }

  private show(r: TwinReply): void {
    if (!r.ok) {
      this.status.textContent = 'The twin could not be fitted:';
      const pre = document.createElement('pre');
      pre.className = 'field-error';
      pre.textContent = r.problem;
      this.out.append(pre);
      return;
    }
    this.last = r;
    this.status.textContent = `Done in ${(r.ms / 1000).toFixed(1)} s.`;
    this.para(r.view.summary, '');
    this.table(['parameter', 'MAP (SE)', 'median', '90% credible interval'], r.view.parameters);
    this.table(['regimen', 'cycle', 'ANC nadir (90%)', 'P(grade ≥3)', 'P(grade 4)'], r.view.risks);
    if (r.view.dose) this.para(r.view.dose, 'dose');
    for (const w of r.view.warnings) this.para(w, 'warn');
    for (const n of r.view.notes) this.para(n, 'note');
    for (const c of r.charts) {
      const fig = document.createElement('figure');
      // The SVG is built by engine/twin/twin-charts.ts, which escapes every text it draws.
      fig.innerHTML = c.svg;
      this.out.append(fig);
    }
    this.exports.forEach((b) => (b.disabled = false));
  }

  private para(text: string, cls: string): void {
    const el = document.createElement('p');
    if (cls) el.className = cls;
    el.textContent = text;
    this.out.append(el);
  }

  private table(head: string[], rows: string[][]): void {
    const t = document.createElement('table');
    const tr = (cells: string[], tag: 'th' | 'td') => {
      const row = t.insertRow();
      for (const c of cells) { const el = document.createElement(tag); el.textContent = c; row.append(el); }
    };
    tr(head, 'th');
    for (const r of rows) tr(r, 'td');
    this.out.append(t);
  }

  private async download(kind: 'json' | 'html'): Promise<void> {
    const r = this.last;
    if (!r) return;
    if (kind === 'json') await this.host.saveFile(`twin-${r.id}.json`, 'application/json', r.json);
    else await this.host.saveFile(`twin-${r.id}.html`, 'text/html', r.html);
  }
}
