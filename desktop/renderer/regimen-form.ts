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
  setRegimenName, setRule, setSchedule, type RegimenForm, type RuleForm, type ScheduleForm,
} from '../common/scenario-doc.js';
import { regimenColour } from '../../engine/common/report/palette.js';

/** Applies a text edit to the YAML (the page writes it into the editor and re-validates). */
export type EditYaml = (edit: (text: string) => string) => void;

type Binding = { input: HTMLInputElement | HTMLSelectElement; read: (regs: RegimenForm[]) => string };

const TIME_UNITS = ['d', 'wk', 'h'];

type Cycles = Extract<ScheduleForm, { kind: 'cycles' }>;
type Times = Extract<ScheduleForm, { kind: 'times' }>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

function input(type: 'text' | 'number', className: string, step?: string): HTMLInputElement {
  return el('input', type === 'number' ? { type, className, min: step === '1' ? '1' : '0', step: step ?? 'any' } : { type, className });
}

function select(values: string[]): HTMLSelectElement {
  return el('select', {}, ...values.map((v) => el('option', { value: v }, v.replace('^2', '²'))));
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

  /**
   * Shows the regimens of `text`. While the YAML has syntax errors the form keeps its last values and
   * is disabled (an edit could not be placed in a text that does not parse).
   */
  update(text: string, hasErrors: boolean): void {
    this.root.querySelectorAll<HTMLFieldSetElement | HTMLButtonElement>('fieldset.regimen, [data-key="add-regimen"]').forEach((e) => { e.disabled = hasErrors; });
    this.root.title = hasErrors ? 'Fix the YAML syntax errors to edit the regimens here' : '';
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

  /**
   * Registers a form field: `read` gives its value from the regimens, `onEdit` turns a typed value
   * into a YAML edit (undefined: not valid yet — the field is marked and the YAML left alone).
   */
  private bind<T extends HTMLInputElement | HTMLSelectElement>(field: T, key: string, label: string, read: Binding['read'], onEdit: (v: string) => ((t: string) => string) | undefined): T {
    field.dataset.key = key;
    field.setAttribute('aria-label', label);
    field.title = label;
    this.bindings.push({ input: field, read });
    field.addEventListener(field instanceof HTMLSelectElement ? 'change' : 'input', () => {
      const f = onEdit(field.value);
      field.classList.toggle('invalid', f === undefined);
      if (f) this.edit(f);
    });
    return field;
  }

  private button(text: string, key: string, onClick: () => void, title = ''): HTMLButtonElement {
    const b = el('button', { type: 'button', textContent: text, title, className: 'small' });
    b.dataset.key = key;
    b.addEventListener('click', onClick);
    return b;
  }

  private card(r: RegimenForm, i: number, n: number): HTMLElement {
    const name = this.bind(input('text', 'name'), `r${i}.name`, `name of regimen ${i + 1}`, (g) => g[i]?.name ?? '', (v) => (v.trim() ? (t) => setRegimenName(t, i, v) : undefined));
    const amount = this.bind(input('number', 'dose'), `r${i}.amount`, `dose of ${r.name}`, (g) => String(g[i]?.amount ?? ''), (v) => (v !== '' && Number(v) >= 0 ? (t) => setDoseAmount(t, i, Number(v)) : undefined));
    const unit = r.doseKind === 'auc'
      ? el('span', { className: 'unit' }, `${r.unit} (Calvert target)`)
      : this.bind(select([...new Set([...DOSE_UNITS, r.unit].filter(Boolean))]), `r${i}.unit`, `dose unit of ${r.name}`, (g) => g[i]?.unit ?? '', (v) => (t) => setDoseUnit(t, i, v));
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

  /** A schedule field of kind `kind`; `parse` turns the typed value into a change of the current schedule. */
  private scheduleField<S extends ScheduleForm>(i: number, kind: S['kind'], key: string, label: string, input: HTMLInputElement | HTMLSelectElement, read: (c: S) => string, parse: (v: string) => ((c: S) => S) | undefined): HTMLElement {
    const mine = (c: ScheduleForm | undefined): S | undefined => (c?.kind === kind ? (c as S) : undefined);
    return this.bind(input, `r${i}.${key}`, label, (g) => { const c = mine(g[i]?.schedule); return c ? read(c) : ''; }, (v) => {
      const change = parse(v);
      return change && ((t: string) => { const c = mine(readRegimens(t)[i]?.schedule); return c ? setSchedule(t, i, change(c)) : t; });
    });
  }

  private schedule(r: RegimenForm, i: number): HTMLElement {
    const s = r.schedule;
    const fresh = (v: string): ScheduleForm => (v === 'times' ? { kind: 'times', times: [0], unit: 'h' } : { kind: 'cycles', days: [1], cycleLength: '21 d', cycles: 4 });
    const kind = this.bind(select(['cycles', 'times']), `r${i}.kind`, `schedule kind of ${r.name}`, (g) => g[i]?.schedule?.kind ?? '', (v) => (t) => setSchedule(t, i, fresh(v)));
    const row = (...kids: (Node | string)[]): HTMLElement => el('div', { className: 'row' }, el('label', {}, 'Schedule ', kind), ...kids);
    if (!s) return row(el('span', { className: 'note' }, 'not a days/cycles or times schedule: edit it in the YAML'));
    if (s.kind === 'times') {
      const times = this.scheduleField<Times>(i, 'times', 'times', `dose times of ${r.name}`, input('text', 'list'), (c) => c.times.join(', '), (v) => {
        const l = parseNumberList(v);
        return l && ((c) => ({ ...c, times: l }));
      });
      const unit = this.scheduleField<Times>(i, 'times', 'tunit', `time unit of ${r.name}`, select([...new Set(['h', 'd', s.unit])]), (c) => c.unit, (v) => (c) => ({ ...c, unit: v }));
      return row(el('label', {}, 'at ', times), unit);
    }
    const days = this.scheduleField<Cycles>(i, 'cycles', 'days', `dosing days of ${r.name}`, input('text', 'list'), (c) => c.days.join(', '), (v) => {
      const l = parseNumberList(v);
      return l?.every((d) => Number.isInteger(d) && d >= 1) ? (c) => ({ ...c, days: l }) : undefined;
    });
    const cycles = this.scheduleField<Cycles>(i, 'cycles', 'cycles', `number of cycles of ${r.name}`, input('number', 'small', '1'), (c) => String(c.cycles ?? ''), (v) => {
      if (v === '') return (c) => ({ ...c, cycles: undefined });
      return Number.isInteger(Number(v)) && Number(v) >= 1 ? (c) => ({ ...c, cycles: Number(v) }) : undefined;
    });
    let every: HTMLElement[];
    if (splitDuration(s.cycleLength)) {
      const withLength = (c: Cycles, n?: number, unit?: string): Cycles => {
        const cur = splitDuration(c.cycleLength);
        return { ...c, cycleLength: `${n ?? cur?.n ?? 21} ${unit ?? cur?.unit ?? 'd'}` };
      };
      every = [
        this.scheduleField<Cycles>(i, 'cycles', 'len', `cycle length of ${r.name}`, input('number', 'small', 'any'), (c) => String(splitDuration(c.cycleLength)?.n ?? ''), (v) => (Number(v) > 0 ? (c) => withLength(c, Number(v)) : undefined)),
        this.scheduleField<Cycles>(i, 'cycles', 'lenunit', `cycle length unit of ${r.name}`, select(TIME_UNITS), (c) => splitDuration(c.cycleLength)?.unit ?? '', (v) => (c) => withLength(c, undefined, v)),
      ];
    } else {
      every = [this.scheduleField<Cycles>(i, 'cycles', 'len', `cycle length of ${r.name}`, input('text', 'small'), (c) => c.cycleLength, (v) => (v.trim() ? (c) => ({ ...c, cycleLength: v.trim() }) : undefined))];
    }
    return row(el('label', {}, 'days ', days), el('label', {}, 'every ', ...every), el('label', {}, '×', cycles));
  }

  /** A field of rule `k` of regimen `i`; `parse` turns the typed value into the rule change. */
  private ruleField(i: number, k: number, key: string, label: string, field: HTMLInputElement | HTMLSelectElement, read: (x: RuleForm) => string, parse: (v: string) => Parameters<typeof setRule>[3] | undefined): HTMLElement {
    return this.bind(field, `r${i}.rule${k}.${key}`, label, (g) => { const x = g[i]?.rules[k]; return x ? read(x) : ''; }, (v) => {
      const patch = parse(v);
      return patch && ((t: string) => setRule(t, i, k, patch));
    });
  }

  private rules(r: RegimenForm, i: number): HTMLElement {
    const rows = r.rules.map((x, k) => {
      const cond = x.when === undefined
        ? el('span', { className: 'when' }, `after ${x.after ?? '?'}`)
        : this.ruleField(i, k, 'when', `condition of rule ${k + 1}`, input('text', 'when'), (y) => y.when ?? '', (v) => (v.trim() ? { when: v } : undefined));
      const action = this.ruleField(i, k, 'action', `action of rule ${k + 1}`, select([...RULE_ACTIONS]), (y) => y.action, (v) => ({ action: v }));
      const extra: HTMLElement[] = [];
      if (x.action === 'delay') {
        const by = this.ruleField(i, k, 'by', `delay of rule ${k + 1}`, input('text', 'small'), (y) => y.by ?? '', (v) => (v.trim() ? { by: v.trim() } : undefined));
        const max = this.ruleField(i, k, 'max', `delays allowed by rule ${k + 1} before it discontinues`, input('number', 'tiny', '1'), (y) => String(y.max ?? 1), (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 ? { max: Number(v) } : undefined));
        extra.push(el('label', {}, 'by ', by), el('label', {}, 'max ', max));
      }
      const remove = this.button('×', `r${i}.rule${k}.remove`, () => this.edit((t) => removeRule(t, i, k)), 'remove this rule');
      return el('div', { className: 'row rule' }, el('span', {}, 'when'), cond, action, ...extra, remove);
    });
    const add = this.button('+ Add rule', `r${i}.addrule`, () => this.edit((t) => addRule(t, i)), 'adds a hold while ANC < 1.5 ×10⁹/L (edit it after adding)');
    const intro = r.rules.length ? 'Protocol rules, checked at each planned dose (docs/FORMATS.md):' : 'No protocol rules: every planned dose is given.';
    return el('div', { className: 'rules' }, el('div', { className: 'note' }, intro), ...rows, add);
  }
}
