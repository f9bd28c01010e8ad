/**
 * The Results screen: comparison table (with CSV export) and every chart — uPlot fan charts, the
 * three.js scatter and the SVG charts of engine/common/report/svg-charts.ts — each in a figure with
 * PNG and SVG export. `show` updates the slots in place, so a re-run replaces the numbers without the
 * page going empty, and keeps the fan charts' zoom and the 3-D camera.
 */
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { ancOutput, comparisonTable, tumourOutput, type TableRow } from '../../engine/common/report/clinical-views.js';
import { regimenColour } from '../../engine/common/report/palette.js';
import { allChartsSvg } from '../../engine/common/report/svg-charts.js';
import { tableCells, tableCsv, tableHeader } from '../../engine/common/report/table-format.js';
import type { Host } from '../common/host.js';
import { chartFailureNote, failureRows, failureWarning } from '../common/failure-summary.js';
import { framedCanvasPng, svgToPng } from './chart-export.js';
import { FanPlot } from './fan-plot.js';
import { OutputCharts, otherOutputs } from './output-charts.js';
import { scatter3d, type Scatter3d } from './scatter-3d.js';

type ChartKind = 'fan-anc' | 'fan-tumour' | '3d' | 'svg';

/**
 * Chart slots in screen order; `svg` names the chart of allChartsSvg used for SVG (and PNG) export.
 * Efficacy beside toxicity, row by row (survival | ANC nadir, PFS | per-cycle risk), so the trade-off
 * between regimens reads across; the time courses and the 3-D view follow.
 */
const CHARTS: { id: string; kind: ChartKind; svg: string; title: string; wide?: boolean }[] = [
  { id: 'km-os', kind: 'svg', svg: 'km-os', title: 'Overall survival (Kaplan–Meier) with numbers at risk' },
  { id: 'anc-nadir', kind: 'svg', svg: 'anc-nadir', title: 'ANC nadir distribution' },
  { id: 'km-pfs', kind: 'svg', svg: 'km-pfs', title: 'Progression-free survival (Kaplan–Meier) with numbers at risk' },
  { id: 'cycle-risk', kind: 'svg', svg: 'cycle-risk', title: 'Neutropenia risk per cycle' },
  { id: 'waterfall', kind: 'svg', svg: 'waterfall', title: 'Best % change in tumour size (waterfall)', wide: true },
  { id: 'scatter', kind: 'svg', svg: 'scatter', title: 'Efficacy vs toxicity, every virtual patient' },
  { id: 'anc-fan', kind: 'fan-anc', svg: 'anc-fan', title: 'Absolute neutrophil count over time (median, 50% and 90% bands)', wide: true },
  { id: 'tumour-fan', kind: 'fan-tumour', svg: 'tumour-fan', title: 'Tumour size over time (median, 50% and 90% bands)', wide: true },
  { id: 'scatter-3d', kind: '3d', svg: 'scatter', title: 'Efficacy, toxicity and exposure, every virtual patient (drag to rotate, wheel to zoom)', wide: true },
];

const SVG_NOTE: Partial<Record<ChartKind, string>> = {
  'fan-anc': 'SVG: one panel per regimen',
  'fan-tumour': 'SVG: one panel per regimen',
  '3d': 'SVG: 2-D projection (efficacy vs toxicity)',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** A table cell's tooltip: the patients its number rests on (`col` counts the metric and unit columns). */
function cellPatients(row: TableRow, col: number, nReg: number): string {
  if (col === 0) return row.note ?? '';
  if (col === 1) return '';
  const v = col < 2 + nReg ? row.values[col - 2] : row.diffs[col - 2 - nReg + 1];
  if (!v) return '';
  return col < 2 + nReg ? `n = ${v.n} completed patients` : `paired over ${v.n} patients completed under both regimens`;
}

/** Why svg-charts.ts drew a placeholder instead of the chart (undefined when it drew the chart). */
function unavailable(svg: string): string | undefined {
  const m = />Not available: ([^<]*)</.exec(svg);
  return m ? new DOMParser().parseFromString(m[1], 'text/html').body.textContent ?? m[1] : undefined;
}

export class ResultsView {
  private readonly slots = new Map<string, { body: HTMLElement; buttons: HTMLButtonElement[] }>();
  private readonly fans: Record<'fan-anc' | 'fan-tumour', FanPlot>;
  private scatter: Scatter3d | undefined;
  private result: ScenarioResult | undefined;
  private svgs = new Map<string, { title: string; svg: string }>();
  private readonly outputs: OutputCharts;
  /** One line listing the charts this scenario cannot feed, and why (instead of a note per chart). */
  private readonly notShown: HTMLElement;

  constructor(private readonly host: Host, private readonly table: HTMLTableElement, private readonly charts: HTMLElement, csvButton: HTMLButtonElement, private readonly failures: HTMLElement) {
    for (const c of CHARTS) {
      const body = el('div', { className: c.kind === 'svg' ? 'svg-body' : 'plot' });
      const buttons = (['png', 'svg'] as const).map((f) => {
        const b = el('button', { type: 'button', className: 'small', textContent: f.toUpperCase(), title: f === 'svg' && SVG_NOTE[c.kind] ? `Download as SVG (${SVG_NOTE[c.kind]})` : `Download as ${f.toUpperCase()}` });
        b.dataset.export = f;
        b.addEventListener('click', () => void this.export(c.id, f));
        return b;
      });
      const fig = el('figure', { id: `fig-${c.id}`, className: c.wide ? 'chart wide' : 'chart' }, el('div', { className: 'chart-bar' }, ...buttons), body);
      this.charts.append(fig);
      this.slots.set(c.id, { body, buttons });
    }
    this.fans = { 'fan-anc': new FanPlot(this.slots.get('anc-fan')!.body), 'fan-tumour': new FanPlot(this.slots.get('tumour-fan')!.body) };
    // Charts of the model's other outputs (concentrations) go with the time courses, ahead of the ANC one.
    this.outputs = new OutputCharts(this.charts.querySelector<HTMLElement>('#fig-anc-fan')!, (name, png) => this.host.saveFile(name, 'image/png', png).then(() => undefined));
    this.notShown = el('p', { className: 'note not-shown' });
    this.charts.before(this.notShown);
    csvButton.addEventListener('click', () => {
      const r = this.result;
      if (r) void this.host.saveFile(`${this.stem()}-table.csv`, 'text/csv', tableCsv([...failureRows(r), ...comparisonTable(r)], r.regimens.map((g) => g.name)));
    });
  }

  /**
   * The table: patients completed and failed first (the n of every rate), then the engine's
   * comparison; each cell's tooltip says how many patients it rests on.
   */
  private showTable(r: ScenarioResult): void {
    const names = r.regimens.map((g) => g.name);
    const [completed, failed] = failureRows(r);
    const nReg = names.length;
    const countRow = (row: TableRow, text: (v: number, k: number) => string, diff: (v: number) => string): HTMLElement => el('tr', { className: 'counts' },
      el('td', {}, row.metric), el('td', {}, row.unit),
      ...row.values.map((v, k) => el('td', { className: row === failed && (v?.est ?? 0) > 0 ? 'failed' : '' }, v ? text(v.est, k) : '—')),
      ...row.diffs.slice(1).map((v) => el('td', {}, v ? diff(v.est) : '—')));
    const total = (k: number): number => r.regimens[k].raw.failed.length;
    const rows = comparisonTable(r);
    const cells = tableCells(rows);
    this.table.tHead!.replaceChildren(el('tr', {}, ...tableHeader(names).map((h) => el('th', {}, h))));
    this.table.tBodies[0].replaceChildren(
      countRow(completed, (v, k) => `${v} of ${total(k)}`, (v) => `${v} in both`),
      countRow(failed, (v) => String(v), () => ''),
      ...cells.map((row, j) => el('tr', {}, ...row.map((c, col) => el('td', { title: cellPatients(rows[j], col, nReg) }, c)))),
    );
  }

  /** A note under each chart when patients failed (they are missing from every chart too). */
  private showChartFailures(r: ScenarioResult): void {
    const note = chartFailureNote(r);
    for (const fig of this.charts.querySelectorAll<HTMLElement>('figure.chart')) {
      let p = fig.querySelector<HTMLElement>('.failed-note');
      if (!note) { p?.remove(); continue; }
      if (!p) { p = el('p', { className: 'note failed-note' }); fig.append(p); }
      p.textContent = note;
    }
  }

  /** Shows (or updates in place to) the result `r`; `width` is the width available for charts. */
  show(r: ScenarioResult, width: number): void {
    this.result = r;
    this.svgs = new Map(allChartsSvg(r).map((c) => [c.id, c]));
    this.showTable(r);
    this.failures.hidden = !failureWarning(r);
    this.failures.textContent = failureWarning(r) ?? '';
    const fixed = [ancOutput(r)?.name, tumourOutput(r)?.name].filter((x): x is string => x !== undefined);
    this.outputs.show(r, otherOutputs(r, fixed), width, this.stem());
    const missing: string[] = [];
    for (const c of CHARTS) {
      const slot = this.slots.get(c.id)!;
      let message: string | undefined;
      if (c.kind === 'fan-anc' || c.kind === 'fan-tumour') {
        const out = c.kind === 'fan-anc' ? ancOutput(r) : tumourOutput(r);
        if (out) message = this.fans[c.kind].show(r, out, c.title, width);
        else {
          this.fans[c.kind].clear();
          message = `the model has no ${c.kind === 'fan-anc' ? 'ANC' : 'tumour'} output`;
        }
      } else if (c.kind === '3d') {
        const view = this.scatter?.view();
        this.scatter?.dispose();
        this.scatter = scatter3d(slot.body, r, width, view);
        message = this.scatter.message;
        if (!message) slot.body.prepend(el('h3', { className: 'plot-title' }, c.title));
      } else {
        const svg = this.svgs.get(c.svg)!.svg;
        message = unavailable(svg);
        if (!message) slot.body.innerHTML = svg;
      }
      if (message) { slot.body.replaceChildren(); missing.push(`${c.title.replace(/ \(.*\)$/, '')} (${message})`); }
      slot.body.closest('figure')!.hidden = !!message;
      slot.buttons[0].hidden = !!message;
      slot.buttons[1].hidden = !!message || unavailable(this.svgs.get(c.svg)!.svg) !== undefined;
    }
    this.notShown.hidden = !missing.length;
    this.notShown.textContent = missing.length ? `Not shown for this scenario: ${missing.join('; ')}.` : '';
    this.showChartFailures(r);
  }

  private stem(): string {
    return this.result?.scenario.id || 'oncotwin';
  }

  /** Saves chart `id` as PNG or SVG through the host (download link or native dialog). */
  async export(id: string, format: 'png' | 'svg'): Promise<void> {
    const c = CHARTS.find((x) => x.id === id);
    const r = this.result;
    if (!c || !r) return;
    const svg = this.svgs.get(c.svg)!.svg;
    const name = `${this.stem()}-${c.id}.${format}`;
    if (format === 'svg') { await this.host.saveFile(name, 'image/svg+xml', `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`); return; }
    let png: Uint8Array;
    if (c.kind === 'fan-anc' || c.kind === 'fan-tumour') {
      const fan = this.fans[c.kind];
      if (!fan.canvas || !fan.shown) return;
      png = await framedCanvasPng(fan.canvas, fan.shown.title, fan.shown.legend);
    } else if (c.kind === '3d') {
      if (!this.scatter?.canvas) return;
      png = await framedCanvasPng(this.scatter.canvas, c.title.replace(/ \(drag.*\)$/, ''), r.regimens.map((g, k) => ({ label: g.name, colour: regimenColour(k) })));
    } else png = await svgToPng(svg);
    await this.host.saveFile(name, 'image/png', png);
  }
}
