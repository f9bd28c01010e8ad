/**
 * The regimen form: one card per regimen (name, dose and unit, schedule as cycles or explicit times,
 * protocol rules), add/remove regimen and rule. Every edit goes through scenario-doc.ts into the YAML
 * text, and the form is re-read from the text after every change, so the two never disagree.
 *
 * A value that cannot be written (an empty or negative dose, day 0…) is never dropped silently: the
 * field is marked invalid, its card says why and that the YAML keeps the previous value, and the
 * page hears of it (`onValidity`) so it does not run a scenario the form no longer shows. A dose edit
 * takes the regimen name and the title along when they state the old dose (regimen-names.ts); a name
 * that no longer describes its regimen, and any dose warning the page supplies, show on the card.
 *
 * While the structure stays the same (regimens, schedule kinds, rules), `update` only refreshes field
 * values — never the one being typed in — so the caret and focus survive; otherwise it rebuilds and
 * puts the focus back on the same field.
 */
import {
  addRegimen, addRule, DOSE_UNITS, readRegimens, removeRegimen, removeRule, RULE_ACTIONS, setDoseUnit,
  setRegimenName, setRule, setSchedule, type RegimenForm, type RuleForm, type ScheduleForm,
} from '../common/scenario-doc.js';
import { nameMismatch, setDoseFollowingNames } from '../common/regimen-names.js';
import {
  checkCount, checkCycles, checkDays, checkDose, checkFilled, checkName, checkPositive, checkTimes, invalid, isInvalid, type Checked,
} from '../common/field-checks.js';
import { regimenColour } from '../../engine/common/report/palette.js';

/** Applies a text edit to the YAML (the page writes it into the editor and re-validates). */
export type EditYaml = (edit: (text: string) => string) => void;

/** Told the form's refused values ("dose of 75 mg/m² q3w: a dose cannot be negative"), [] when none. */
export type OnValidity = (problems: string[]) => void;

type Binding = { input: HTMLInputElement | HTMLSelectElement; key: string; read: (regs: RegimenForm[]) => string };

/** A typed value's YAML edit, or why the value cannot be written. */
type Edit = Checked<(text: string) => string>;

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

/** "21 d" → { n: 21, unit: 'd' }; undefined for anything else (edited as free text then). */
function splitDuration(s: string): { n: number; unit: string } | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(s);
  return m && TIME_UNITS.includes(m[2]) ? { n: Number(m[1]), unit: m[2] } : undefined;
}

/** Structure of the form: a change here rebuilds it; anything else updates values in place. */
function shape(regs: RegimenForm[]): string {
  return JSON.stringify(regs.map((r) => [r.doseKind, r.unit, r.schedule?.kind, r.schedule?.kind === 'cycles' && !!splitDuration(r.schedule.cycleLength), r.rules.map((x) => [x.when !== undefined, x.action]),
    r.drugs.map((d) => [d.drug, d.doseKind, d.unit, d.route, d.scheduleText])]));
}

/** `check`'s value turned into an edit by `apply`, or the refusal as it is. */
function then<T>(c: Checked<T>, apply: (v: T) => (t: string) => string): Edit {
  return isInvalid(c) ? c : apply(c);
}

export class RegimenFormView {
  private bindings: Binding[] = [];
  private shape = '';
  /** Refused values by field key: `[label, why]`. */
  private readonly refused = new Map<string, [string, string]>();
  private regs: RegimenForm[] = [];
  private doseNotes: (string | undefined)[] = [];

  constructor(private readonly root: HTMLElement, private readonly edit: EditYaml, private readonly onValidity: OnValidity = () => undefined) {}

  /**
   * Shows the regimens of `text`. While the YAML has syntax errors the form keeps its last values and
   * is disabled (an edit could not be placed in a text that does not parse).
   */
  update(text: string, hasErrors: boolean): void {
    this.root.querySelectorAll<HTMLFieldSetElement | HTMLButtonElement>('fieldset.regimen, [data-key="add-regimen"]').forEach((e) => { e.disabled = hasErrors; });
    this.root.title = hasErrors ? 'Fix the YAML syntax errors to edit the regimens here' : '';
    if (hasErrors) return;
    const regs = readRegimens(text);
    this.regs = regs;
    const s = shape(regs);
    if (s === this.shape) {
      // A field refreshed from the YAML no longer holds the refused text.
      for (const b of this.bindings) if (document.activeElement !== b.input) { b.input.value = b.read(regs); this.mark(b.input, b.key, undefined); }
      this.showNotes();
      return;
    }
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
    this.shape = s;
    this.bindings = [];
    this.refused.clear();
    this.root.replaceChildren(...regs.map((r, i) => this.card(r, i, regs.length)), el('div', { className: 'row' }, this.button('+ Add regimen', 'add-regimen', () => this.edit(addRegimen), 'copies the last regimen under a new name')));
    for (const b of this.bindings) b.input.value = b.read(regs);
    if (focused) this.root.querySelector<HTMLElement>(`[data-key="${focused}"]`)?.focus();
    this.showNotes();
    this.onValidity([]);
  }

  /** Dose warnings per regimen (the page's plausibility check), shown on the cards. */
  setDoseNotes(notes: (string | undefined)[]): void {
    this.doseNotes = notes;
    this.showNotes();
  }

  /** The refused values, as the page lists them. */
  problems(): string[] {
    return [...this.refused.values()].map(([label, why]) => `${label}: ${why}`);
  }

  /** Marks `field` refused with `why` (or clears it), and says so on its card. */
  private mark(field: HTMLInputElement | HTMLSelectElement, key: string, why: string | undefined): void {
    const was = this.refused.has(key);
    field.classList.toggle('invalid', why !== undefined);
    field.setAttribute('aria-invalid', String(why !== undefined));
    if (why === undefined) this.refused.delete(key);
    else this.refused.set(key, [field.getAttribute('aria-label') ?? key, why]);
    if (was || why !== undefined) { this.showNotes(); this.onValidity(this.problems()); }
  }

  /** Each card's notes: refused values (the YAML keeps the previous one), name mismatches, dose warnings. */
  private showNotes(): void {
    this.root.querySelectorAll<HTMLElement>('fieldset.regimen').forEach((card) => {
      const i = Number(card.dataset.regimen);
      const items: HTMLElement[] = [];
      for (const [key, [label, why]] of this.refused) {
        if (key.startsWith(`r${i}.`)) items.push(el('li', { className: 'error' }, `${label}: ${why} — not applied; the YAML keeps the previous value.`));
      }
      const r = this.regs[i];
      const mismatch = r && nameMismatch(r);
      if (mismatch) items.push(el('li', { className: 'warn' }, `${mismatch}: rename the regimen if it no longer fits.`));
      if (this.doseNotes[i]) items.push(el('li', { className: 'warn' }, this.doseNotes[i]!));
      card.querySelector('.card-notes')?.replaceChildren(...items);
    });
  }

  /**
   * Registers a form field: `read` gives its value from the regimens, `onEdit` turns a typed value
   * into a YAML edit, or says why it cannot be written (the field is marked and the YAML left alone).
   */
  private bind<T extends HTMLInputElement | HTMLSelectElement>(field: T, key: string, label: string, read: Binding['read'], onEdit: (v: string) => Edit): T {
    field.dataset.key = key;
    field.setAttribute('aria-label', label);
    field.title = label;
    this.bindings.push({ input: field, key, read });
    field.addEventListener(field instanceof HTMLSelectElement ? 'change' : 'input', () => {
      // A number field holding text that is no number reads as '' — say what is wrong with it.
      const f = field instanceof HTMLInputElement && field.validity.badInput ? invalid('not a number') : onEdit(field.value);
      this.mark(field, key, isInvalid(f) ? f.invalid : undefined);
      if (!isInvalid(f)) this.edit(f);
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
    const others = (): string[] => this.regs.filter((_, k) => k !== i).map((g) => g.name);
    const name = this.bind(input('text', 'name'), `r${i}.name`, `name of regimen ${i + 1}`, (g) => g[i]?.name ?? '', (v) => then(checkName(v, others()), (x) => (t) => setRegimenName(t, i, x)));
    const remove = this.button('Remove', `r${i}.remove`, () => this.edit((t) => removeRegimen(t, i)), n > 1 ? 'remove this regimen' : 'a scenario needs at least one regimen');
    remove.disabled = n <= 1;
    const swatch = el('i', { className: 'swatch' });
    swatch.style.background = regimenColour(i);
    const head = el('div', { className: 'row' }, swatch, name, remove);
    const body = r.drugs.length ? this.drugs(r, i) : [this.dose(r, i), this.schedule(r, i)];
    const card = el('fieldset', { className: 'regimen' }, head, ...body, this.rules(r, i), el('ul', { className: 'card-notes' }));
    card.dataset.regimen = String(i);
    card.style.borderTopColor = regimenColour(i);
    return card;
  }

  /** A single-drug regimen's dose row: amount, unit (or Calvert target) and route. */
  private dose(r: RegimenForm, i: number): HTMLElement {
    const amount = this.bind(input('number', 'dose'), `r${i}.amount`, `dose of ${r.name}`, (g) => String(g[i]?.amount ?? ''), (v) => then(checkDose(v), (x) => (t) => setDoseFollowingNames(t, i, x)));
    const unit = r.doseKind === 'auc'
      ? el('span', { className: 'unit' }, `${r.unit} (Calvert target)`)
      : this.bind(select([...new Set([...DOSE_UNITS, r.unit].filter(Boolean))]), `r${i}.unit`, `dose unit of ${r.name}`, (g) => g[i]?.unit ?? '', (v) => (t) => setDoseUnit(t, i, v));
    return el('div', { className: 'row' }, el('label', {}, 'Dose ', amount), unit, el('span', { className: 'note' }, r.route ? `route: ${r.route}` : ''));
  }

  /**
   * A combination's drugs: one row each with the drug, its dose (editable), unit, route and schedule.
   * Schedules of combinations are edited in the YAML (the row says so).
   */
  private drugs(r: RegimenForm, i: number): HTMLElement[] {
    const rows = r.drugs.map((d, j) => {
      const amount = this.bind(input('number', 'dose'), `r${i}.d${j}.amount`, `${d.drug} dose of ${r.name}`, (g) => String(g[i]?.drugs[j]?.amount ?? ''),
        (v) => then(checkDose(v), (x) => (t) => setDoseFollowingNames(t, i, x, j)));
      const unit = d.doseKind === 'auc' ? `${d.unit} (Calvert target)` : d.unit.replace('^2', '²');
      return el('div', { className: 'row drug' }, el('strong', { className: 'drug-name' }, d.drug), el('label', {}, ' dose ', amount), el('span', { className: 'unit' }, unit),
        el('span', { className: 'note' }, `${d.route ? `${d.route}, ` : ''}${d.scheduleText || 'schedule: see the YAML'}`));
    });
    return [el('div', { className: 'note' }, `Combination of ${r.drugs.length} drugs (schedules: edit in the YAML):`), ...rows];
  }

  /** A schedule field of kind `kind`; `parse` turns the typed value into a change of the current schedule. */
  private scheduleField<S extends ScheduleForm>(i: number, kind: S['kind'], key: string, label: string, input: HTMLInputElement | HTMLSelectElement, read: (c: S) => string, parse: (v: string) => Checked<(c: S) => S>): HTMLElement {
    const mine = (c: ScheduleForm | undefined): S | undefined => (c?.kind === kind ? (c as S) : undefined);
    return this.bind(input, `r${i}.${key}`, label, (g) => { const c = mine(g[i]?.schedule); return c ? read(c) : ''; }, (v) => {
      const change = parse(v);
      return isInvalid(change) ? change : (t: string) => { const c = mine(readRegimens(t)[i]?.schedule); return c ? setSchedule(t, i, change(c)) : t; };
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
        const l = checkTimes(v);
        return isInvalid(l) ? l : (c) => ({ ...c, times: l });
      });
      const unit = this.scheduleField<Times>(i, 'times', 'tunit', `time unit of ${r.name}`, select([...new Set(['h', 'd', s.unit])]), (c) => c.unit, (v) => (c) => ({ ...c, unit: v }));
      return row(el('label', {}, 'at ', times), unit);
    }
    const days = this.scheduleField<Cycles>(i, 'cycles', 'days', `dosing days of ${r.name}`, input('text', 'list'), (c) => c.days.join(', '), (v) => {
      const l = checkDays(v);
      return isInvalid(l) ? l : (c) => ({ ...c, days: l });
    });
    const cycles = this.scheduleField<Cycles>(i, 'cycles', 'cycles', `number of cycles of ${r.name}`, input('number', 'small', '1'), (c) => String(c.cycles ?? ''), (v) => {
      const n = checkCycles(v);
      return isInvalid(n) ? n : (c) => ({ ...c, cycles: n });
    });
    let every: HTMLElement[];
    if (splitDuration(s.cycleLength)) {
      const withLength = (c: Cycles, n?: number, unit?: string): Cycles => {
        const cur = splitDuration(c.cycleLength);
        return { ...c, cycleLength: `${n ?? cur?.n ?? 21} ${unit ?? cur?.unit ?? 'd'}` };
      };
      every = [
        this.scheduleField<Cycles>(i, 'cycles', 'len', `cycle length of ${r.name}`, input('number', 'small', 'any'), (c) => String(splitDuration(c.cycleLength)?.n ?? ''), (v) => {
          const n = checkPositive(v, 'cycle length');
          return isInvalid(n) ? n : (c) => withLength(c, n);
        }),
        this.scheduleField<Cycles>(i, 'cycles', 'lenunit', `cycle length unit of ${r.name}`, select(TIME_UNITS), (c) => splitDuration(c.cycleLength)?.unit ?? '', (v) => (c) => withLength(c, undefined, v)),
      ];
    } else {
      every = [this.scheduleField<Cycles>(i, 'cycles', 'len', `cycle length of ${r.name}`, input('text', 'small'), (c) => c.cycleLength, (v) => {
        const x = checkFilled(v, 'a cycle length such as 21 d');
        return isInvalid(x) ? x : (c) => ({ ...c, cycleLength: x.trim() });
      })];
    }
    const extra = [s.at ? `at ${s.at.join(', ')}` : '', s.repeats ?? ''].filter(Boolean).join(' ');
    return row(el('label', {}, 'days ', days), el('label', {}, 'every ', ...every), el('label', {}, '×', cycles), ...(extra ? [el('span', { className: 'note' }, extra)] : []));
  }

  /** A field of rule `k` of regimen `i`; `parse` turns the typed value into the rule change. */
  private ruleField(i: number, k: number, key: string, label: string, field: HTMLInputElement | HTMLSelectElement, read: (x: RuleForm) => string, parse: (v: string) => Checked<Parameters<typeof setRule>[3]>): HTMLElement {
    return this.bind(field, `r${i}.rule${k}.${key}`, label, (g) => { const x = g[i]?.rules[k]; return x ? read(x) : ''; }, (v) => {
      const patch = parse(v);
      return isInvalid(patch) ? patch : (t: string) => setRule(t, i, k, patch);
    });
  }

  private rules(r: RegimenForm, i: number): HTMLElement {
    const rows = r.rules.map((x, k) => {
      const cond = x.when === undefined
        ? el('span', { className: 'when' }, `after ${x.after ?? '?'}`)
        : this.ruleField(i, k, 'when', `condition of rule ${k + 1}`, input('text', 'when'), (y) => y.when ?? '', (v) => {
          const w = checkFilled(v, 'a condition such as ANC < 1.5');
          return isInvalid(w) ? w : { when: w };
        });
      const action = this.ruleField(i, k, 'action', `action of rule ${k + 1}`, select([...RULE_ACTIONS]), (y) => y.action, (v) => ({ action: v }));
      const extra: HTMLElement[] = [];
      if (x.action === 'delay') {
        const by = this.ruleField(i, k, 'by', `delay of rule ${k + 1}`, input('text', 'small'), (y) => y.by ?? '', (v) => {
          const d = checkFilled(v, 'a delay such as 7 d');
          return isInvalid(d) ? d : { by: d.trim() };
        });
        const max = this.ruleField(i, k, 'max', `delays allowed by rule ${k + 1} before it discontinues`, input('number', 'tiny', '1'), (y) => String(y.max ?? 1), (v) => {
          const n = checkCount(v, 'the number of delays');
          return isInvalid(n) ? n : { max: n };
        });
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
