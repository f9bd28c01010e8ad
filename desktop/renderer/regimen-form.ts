/**
 * The regimen form: one card per regimen (name, dose and unit, schedule as cycles or explicit times,
 * protocol rules), add/remove regimen and rule. Every edit goes through scenario-doc.ts into the YAML
 * text, and the form is re-read from the text after every change, so the two never disagree.
 *
 * While the structure stays the same (regimens, schedule kinds, rules), `update` only refreshes field
 * values — never the one being typed in — so the caret and focus survive; otherwise it rebuilds and
 * puts the focus back on the same field.
 */
import {
  addRegimen, addRule, DOSE_UNITS, readRegimens, removeRegimen, removeRule, RULE_ACTIONS, setDoseAmount, setDoseUnit,
  setRegimenName, setRule, setSchedule, type RegimenForm, type ScheduleForm,
} from '../common/scenario-doc.js';
import { regimenColour } from '../../engine/common/report/palette.js';

/** Applies a text edit to the YAML (the page writes it into the editor and re-validates). */
export type EditYaml = (edit: (text: string) => string) => void;

type Binding = { input: HTMLInputElement | HTMLSelectElement; read: (regs: RegimenForm[]) => string };

const TIME_UNITS = ['d', 'wk', 'h'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** "1, 8, 15" → [1, 8, 15]; undefined unless every entry is a finite number (and ≥ 0). */
export function parseNumberList(s: string): number[] | undefined {
  const parts = s.split(/[,\s]+/).filter(Boolean);
  const v = parts.map(Number);
  return parts.length && v.every((x) => Number.isFinite(x) && x >= 0) ? v : undefined;
}

/** "21 d" → { n: 21, unit: 'd' }; undefined for anything else (edited as free text then). */
function splitDuration(s: string): { n: number; unit: string } | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(s);
  return m && TIME_UNITS.includes(m[2]) ? { n: Number(m[1]), unit: m[2] } : undefined;
}

/** Structure of the form: a change here rebuilds it; anything else updates values in place. */
function shape(regs: RegimenForm[]): string {
  return JSON.stringify(regs.map((r) => [r.doseKind, r.unit, r.schedule?.kind, r.schedule?.kind === 'cycles' && !!splitDuration(r.schedule.cycleLength), r.rules.map((x) => [x.when !== undefined, x.action])]));
}

export class RegimenFormView {
  private bindings: Binding[] = [];
  private shape = '';

  constructor(private readonly root: HTMLElement, private readonly edit: EditYaml) {}

  /** Shows the regimens of `text` (a text with YAML errors leaves the form as it was). */
  update(text: string, hasErrors: boolean): void {
    if (hasErrors) return;
    const regs = readRegimens(text);
    const s = shape(regs);
    if (s === this.shape) {
      for (const b of this.bindings) if (document.activeElement !== b.input) b.input.value = b.read(regs);
      return;
    }
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
    this.shape = s;
    this.bindings = [];
    this.root.replaceChildren(...regs.map((r, i) => this.card(r, i, regs.length)), el('div', { className: 'row' }, this.button('+ Add regimen', 'add-regimen', () => this.edit(addRegimen), 'copies the last regimen under a new name')));
    for (const b of this.bindings) b.input.value = b.read(regs);
    if (focused) this.root.querySelector<HTMLElement>(`[data-key="${focused}"]`)?.focus();
  }

  private bind<T extends HTMLInputElement | HTMLSelectElement>(input: T, key: string, label: string, read: Binding['read'], onEdit: (v: string) => ((t: string) => string) | undefined): T {
    input.dataset.key = key;
    input.setAttribute('aria-label', label);
    input.title = label;
    this.bindings.push({ input, read });
    input.addEventListener(input instanceof HTMLSelectElement ? 'change' : 'input', () => {
      const f = onEdit(input.value);
      input.classList.toggle('invalid', f === undefined);
      if (f) this.edit(f);
    });
    return input;
  }

  private button(text: string, key: string, onClick: () => void, title = ''): HTMLButtonElement {
    const b = el('button', { type: 'button', textContent: text, title, className: 'small' });
    b.dataset.key = key;
    b.addEventListener('click', onClick);
    return b;
  }

  private card(r: RegimenForm, i: number, n: number): HTMLElement {
    const at = (regs: RegimenForm[]): RegimenForm | undefined => regs[i];
    const name = this.bind(el('input', { type: 'text', className: 'name' }), `r${i}.name`, `name of regimen ${i + 1}`, (g) => at(g)?.name ?? '', (v) => (v.trim() ? (t) => setRegimenName(t, i, v) : undefined));
    const amount = this.bind(el('input', { type: 'number', min: '0', step: 'any', className: 'dose' }), `r${i}.amount`, `dose of ${r.name}`, (g) => String(at(g)?.amount ?? ''), (v) => (v !== '' && Number(v) >= 0 ? (t) => setDoseAmount(t, i, Number(v)) : undefined));
    amount.dataset.regimen = String(i);
    let unit: HTMLElement;
    if (r.doseKind === 'auc') unit = el('span', { className: 'unit' }, `${r.unit} (Calvert target)`);
    else {
      const units = [...new Set([...DOSE_UNITS, r.unit].filter(Boolean))];
      unit = this.bind(el('select', {}, ...units.map((u) => el('option', { value: u }, u.replace('^2', '²')))), `r${i}.unit`, `dose unit of ${r.name}`, (g) => at(g)?.unit ?? '', (v) => (t) => setDoseUnit(t, i, v));
    }
    const remove = this.button('Remove', `r${i}.remove`, () => this.edit((t) => removeRegimen(t, i)), n > 1 ? 'remove this regimen' : 'a scenario needs at least one regimen');
    remove.disabled = n <= 1;
    const swatch = el('i', { className: 'swatch' });
    swatch.style.background = regimenColour(i);
    const head = el('div', { className: 'row' }, swatch, name, remove);
    const dose = el('div', { className: 'row' }, el('label', {}, 'Dose ', amount), unit, el('span', { className: 'note' }, r.route ? `route: ${r.route}` : ''));
    const card = el('fieldset', { className: 'regimen' }, head, dose, this.schedule(r, i), this.rules(r, i));
    card.dataset.regimen = String(i);
    card.style.borderTopColor = regimenColour(i);
    return card;
  }

  private schedule(r: RegimenForm, i: number): HTMLElement {
    const s = r.schedule;
    const cur = (g: RegimenForm[]): ScheduleForm | undefined => g[i]?.schedule;
    const kind = this.bind(el('select', {}, el('option', { value: 'cycles' }, 'cycles'), el('option', { value: 'times' }, 'times')), `r${i}.kind`, `schedule kind of ${r.name}`, (g) => cur(g)?.kind ?? '', (v) => (t) => setSchedule(t, i, v === 'times' ? { kind: 'times', times: [0], unit: 'h' } : { kind: 'cycles', days: [1], cycleLength: '21 d', cycles: 4 }));
    if (!s) return el('div', { className: 'row' }, el('label', {}, 'Schedule ', kind), el('span', { className: 'note' }, 'not a days/cycles or times schedule: edit it in the YAML'));
    const put = (next: (c: ScheduleForm) => ScheduleForm | undefined) => (t: string): string => {
      const c = readRegimens(t)[i]?.schedule;
      const n = c && next(c);
      return n ? setSchedule(t, i, n) : t;
    };
    if (s.kind === 'times') {
      const times = this.bind(el('input', { type: 'text', className: 'list' }), `r${i}.times`, `dose times of ${r.name}`, (g) => { const c = cur(g); return c?.kind === 'times' ? c.times.join(', ') : ''; }, (v) => { const l = parseNumberList(v); return l && put((c) => (c.kind === 'times' ? { ...c, times: l } : undefined)); });
      const unit = this.bind(el('select', {}, ...[...new Set(['h', 'd', s.unit])].map((u) => el('option', { value: u }, u))), `r${i}.tunit`, `time unit of ${r.name}`, (g) => { const c = cur(g); return c?.kind === 'times' ? c.unit : ''; }, (v) => put((c) => (c.kind === 'times' ? { ...c, unit: v } : undefined)));
      return el('div', { className: 'row' }, el('label', {}, 'Schedule ', kind), el('label', {}, 'at ', times), unit);
    }
    const cyc = (g: RegimenForm[]): Extract<ScheduleForm, { kind: 'cycles' }> | undefined => { const c = cur(g); return c?.kind === 'cycles' ? c : undefined; };
    const days = this.bind(el('input', { type: 'text', className: 'list' }), `r${i}.days`, `dosing days of ${r.name}`, (g) => cyc(g)?.days.join(', ') ?? '', (v) => { const l = parseNumberList(v); return l && l.every((d) => Number.isInteger(d) && d >= 1) ? put((c) => (c.kind === 'cycles' ? { ...c, days: l } : undefined)) : undefined; });
    const cycles = this.bind(el('input', { type: 'number', min: '1', step: '1', className: 'small' }), `r${i}.cycles`, `number of cycles of ${r.name}`, (g) => String(cyc(g)?.cycles ?? ''), (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1) ? put((c) => (c.kind === 'cycles' ? { ...c, cycles: v === '' ? undefined : Number(v) } : undefined)) : undefined));
    let every: HTMLElement[];
    if (splitDuration(s.cycleLength)) {
      const len = (g: RegimenForm[]) => splitDuration(cyc(g)?.cycleLength ?? '');
      const n = this.bind(el('input', { type: 'number', min: '1', step: 'any', className: 'small' }), `r${i}.len`, `cycle length of ${r.name}`, (g) => String(len(g)?.n ?? ''), (v) => (Number(v) > 0 ? put((c) => (c.kind === 'cycles' ? { ...c, cycleLength: `${Number(v)} ${splitDuration(c.cycleLength)?.unit ?? 'd'}` } : undefined)) : undefined));
      const u = this.bind(el('select', {}, ...TIME_UNITS.map((x) => el('option', { value: x }, x))), `r${i}.lenunit`, `cycle length unit of ${r.name}`, (g) => len(g)?.unit ?? '', (v) => put((c) => (c.kind === 'cycles' ? { ...c, cycleLength: `${splitDuration(c.cycleLength)?.n ?? 21} ${v}` } : undefined)));
      every = [n, u];
    } else {
      every = [this.bind(el('input', { type: 'text', className: 'small' }), `r${i}.len`, `cycle length of ${r.name}`, (g) => cyc(g)?.cycleLength ?? '', (v) => (v.trim() ? put((c) => (c.kind === 'cycles' ? { ...c, cycleLength: v.trim() } : undefined)) : undefined))];
    }
    return el('div', { className: 'row' }, el('label', {}, 'Schedule ', kind), el('label', {}, 'days ', days), el('label', {}, 'every ', ...every), el('label', {}, '×', cycles));
  }

  private rules(r: RegimenForm, i: number): HTMLElement {
    const rule = (g: RegimenForm[], k: number) => g[i]?.rules[k];
    const rows = r.rules.map((x, k) => {
      const cond = x.when !== undefined
        ? this.bind(el('input', { type: 'text', className: 'when' }), `r${i}.rule${k}.when`, `condition of rule ${k + 1}`, (g) => rule(g, k)?.when ?? '', (v) => (v.trim() ? (t) => setRule(t, i, k, { when: v }) : undefined))
        : el('span', { className: 'when' }, `after ${x.after ?? '?'}`);
      const action = this.bind(el('select', {}, ...RULE_ACTIONS.map((a) => el('option', { value: a }, a))), `r${i}.rule${k}.action`, `action of rule ${k + 1}`, (g) => rule(g, k)?.action ?? '', (v) => (t) => setRule(t, i, k, { action: v }));
      const extra: HTMLElement[] = [];
      if (x.action === 'delay') {
        extra.push(el('label', {}, 'by ', this.bind(el('input', { type: 'text', className: 'small' }), `r${i}.rule${k}.by`, `delay of rule ${k + 1}`, (g) => rule(g, k)?.by ?? '', (v) => (v.trim() ? (t) => setRule(t, i, k, { by: v.trim() }) : undefined))));
        extra.push(el('label', {}, 'max ', this.bind(el('input', { type: 'number', min: '1', step: '1', className: 'tiny' }), `r${i}.rule${k}.max`, `delays allowed by rule ${k + 1} before it discontinues`, (g) => String(rule(g, k)?.max ?? 1), (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 ? (t) => setRule(t, i, k, { max: Number(v) }) : undefined))));
      }
      return el('div', { className: 'row rule' }, el('span', {}, 'when'), cond, action, ...extra, this.button('×', `r${i}.rule${k}.remove`, () => this.edit((t) => removeRule(t, i, k)), 'remove this rule'));
    });
    const add = this.button('+ Add rule', `r${i}.addrule`, () => this.edit((t) => addRule(t, i)), 'adds a hold while ANC < 1.5 ×10⁹/L (edit it after adding)');
    return el('div', { className: 'rules' }, el('div', { className: 'note' }, r.rules.length ? 'Protocol rules, checked at each planned dose (docs/FORMATS.md):' : 'No protocol rules: every planned dose is given.'), ...rows, add);
  }
}
