/**
 * The subgroup part of the Results screen: the model's validity domain and the share of this run's
 * virtual patients outside it (shown beside the comparison table, not as a footnote), then for each
 * declared subgroup a forest plot of the chosen event with its table (PNG/SVG export like every chart).
 */
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { SubgroupReport, SubgroupTable, ValidityReport } from '../../engine/common/stats/subgroup-types.js';
import type { Host } from '../common/host.js';
import { svgToPng } from './chart-export.js';
import { subgroupForestSvg } from './subgroup-chart.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

const pct = (p: number): string => (Number.isFinite(p) ? `${(100 * p).toFixed(1)}%` : '–');
const rate = (r: { p: number; lo: number; hi: number } | undefined): string => (r ? `${pct(r.p)} [${pct(r.lo)}–${pct(r.hi)}]` : '–');

function validityBox(v: ValidityReport): HTMLElement {
  const box = el('div', { className: 'validity' });
  if (v.outside) box.append(el('h3', {}, `Outside the model's validity domain: ${rate(v.outside)} of virtual patients (${v.outside.count} of ${v.outside.n})`));
  else if (v.domains.some((d) => d.criteria.length > 0)) box.append(el('h3', {}, 'Outside the model\'s validity domain: not assessable for this population'));
  for (const d of v.domains) {
    const who = [d.n !== undefined ? `${d.n} patients` : undefined, d.tumourTypes.join('; ') || undefined, d.doses].filter(Boolean).join(' · ');
    const list = el('ul');
    for (const c of d.criteria) list.append(el('li', {}, `${c.text}: ${c.outside !== undefined ? `${c.outside} virtual patients outside` : `not checked — ${c.reason}`}`));
    for (const f of d.doseRanges) {
      list.append(el('li', f.inside ? {} : { className: 'outside' }, `${f.regimen}: ${f.dose} ${f.inside ? 'inside' : 'OUTSIDE'} the doses this model was studied at (${f.range}; ${f.sources.join('; ')})${f.inside ? '' : ' — extrapolation'}`));
    }
    for (const g of d.genotypes) list.append(el('li', {}, `${g.gene}: ${g.coverage}`));
    for (const r of d.notReported) list.append(el('li', { className: 'not-reported' }, `not reported by the source: ${r}`));
    box.append(el('p', {}, el('strong', {}, `${d.model}`), who ? ` — estimated in ${who}` : ''), list);
  }
  return box;
}

export class SubgroupView {
  constructor(private readonly host: Host, private readonly root: HTMLElement) {}

  /** Shows `report` (or nothing when the run has none). */
  show(report: SubgroupReport | undefined, result: ScenarioResult): void {
    this.root.replaceChildren();
    this.root.hidden = !report;
    if (!report) return;
    if (report.validity) this.root.append(validityBox(report.validity));
    for (const t of report.tables) this.root.append(this.tableFigure(t, result.scenario.id || 'oncotwin'));
  }

  /** Shows why subgroup results are missing (e.g. the scenario could not be read again). */
  showNote(text: string): void {
    this.root.hidden = false;
    this.root.replaceChildren(el('p', { className: 'note' }, text));
  }

  private tableFigure(t: SubgroupTable, stem: string): HTMLElement {
    const fig = el('figure', { className: 'chart wide subgroup' });
    if (t.note) { fig.append(el('p', { className: 'note' }, `By ${t.name}: ${t.note}`)); return fig; }
    const events = Object.keys(t.rows[0]?.regimens[0]?.events ?? {});
    const pick = el('select', { title: 'Event shown' }, ...events.map((e) => el('option', { value: e, textContent: e })));
    const body = el('div', { className: 'svg-body' });
    const table = el('table', { className: 'subgroup-table' });
    const draw = (): void => {
      const ev = pick.value;
      body.innerHTML = subgroupForestSvg(t, ev);
      const names = t.rows[0]?.regimens.map((r) => r.name) ?? [];
      const header = el('tr', {}, ...[t.name, 'patients', 'outside domain', ...names.map((n) => `${n}: P(${ev})`)].map((h) => el('th', {}, h)));
      const rows = t.rows.map((row) => el('tr', {},
        el('td', {}, row.label), el('td', {}, String(row.n)), el('td', {}, row.outside ? pct(row.outside.p) : 'n/a'),
        ...row.regimens.map((r) => el('td', { title: `${r.events[ev]?.count ?? 0} of ${r.events[ev]?.n ?? 0} completed patients` }, rate(r.events[ev])))));
      table.replaceChildren(el('thead', {}, header), el('tbody', {}, ...rows));
    };
    pick.addEventListener('change', draw);
    const save = (format: 'png' | 'svg') => async () => {
      const svg = subgroupForestSvg(t, pick.value);
      const name = `${stem}-subgroups-${t.axes.join('-')}.${format}`;
      if (format === 'svg') await this.host.saveFile(name, 'image/svg+xml', `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
      else await this.host.saveFile(name, 'image/png', await svgToPng(svg));
    };
    const buttons = (['png', 'svg'] as const).map((f) => {
      const b = el('button', { type: 'button', className: 'small', textContent: f.toUpperCase(), title: `Download as ${f.toUpperCase()}` });
      b.addEventListener('click', () => void save(f)());
      return b;
    });
    fig.append(el('div', { className: 'chart-bar' }, el('h3', {}, `By ${t.name}`), pick, ...buttons), body, el('div', { className: 'table-wrap' }, table));
    draw();
    return fig;
  }
}
