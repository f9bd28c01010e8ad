/**
 * The scenario YAML as the desktop form sees it: read population, regimens (dose, schedule, protocol
 * rules) and apply form edits back into the text through yaml-splice.ts, so the form and the text
 * editor never disagree and the user's comments, key order and formatting are kept.
 *
 * Interface rules: functions take the YAML text and return new text (or read values); they never
 * throw for malformed YAML — `yamlDiagnostics` reports syntax errors with 1-based line:col instead,
 * readers return empty values and editors return the text unchanged while the document has errors.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../../engine/common/errors.js';
import { appendCopy, appendItem, deleteAt, readAt, setAt } from './yaml-splice.js';
import { errorKey, findIndentFix } from './yaml-indent.js';
import { readSchedule, scheduleText, type ScheduleForm } from './schedule-form.js';

/** Dose units of the scenario format for amount doses (docs/FORMATS.md): flat, per kg, per m². */
export const DOSE_UNITS = ['mg/m^2', 'mg/kg', 'mg'] as const;
/** Protocol-rule actions (docs/FORMATS.md §Protocol rules). */
export const RULE_ACTIONS = ['delay', 'reduce', 'discontinue'] as const;
/** The rule a new "add rule" starts from: the docetaxel label's ANC hold. */
export const NEW_RULE = { when: 'ANC < 1.5', at: 'dose', action: 'delay', by: '7 d', max: 2 } as const;

export type { ScheduleForm } from './schedule-form.js';

/** One protocol rule as the form shows it; `after: delay` rules have no `when`. */
export interface RuleForm {
  when?: string;
  after?: string;
  action: string;
  by?: string;
  max?: number;
}

/** A dose with its route and schedule, as the form shows it: a single-drug regimen's, or one drug's of a combination. */
export interface DoseForm {
  /** `amount` (unit mg, mg/kg, mg/m^2) or `auc` (Calvert target, `amount` = target AUC). */
  doseKind: 'amount' | 'auc';
  amount: number | undefined;
  unit: string;
  route: string;
  /** Undefined when the schedule is neither of the two forms (the engine reports why); a drug's has the regimen's shared cycle filled in. */
  schedule: ScheduleForm | undefined;
  /** One-line summary, e.g. "days 1,8,15 every 28 d × 4". */
  scheduleText: string;
}

/** One drug of a combination regimen (`drugs:`), as the form shows it. */
export interface DrugForm extends DoseForm {
  drug: string;
}

/**
 * The editable fields of one regimen, as the form shows them. A combination (`drugs:`) has its
 * doses and schedules in `drugs`; its own dose fields are then empty (amount undefined).
 */
export interface RegimenForm extends DoseForm {
  name: string;
  /** The drugs of a combination regimen; empty for a single-drug regimen. */
  drugs: DrugForm[];
  rules: RuleForm[];
}

type Located = Omit<Diagnostic, 'file'>;

/** The last text checked and its diagnostics: the page asks several times per keystroke. */
let lastChecked: { text: string; diags: Located[] } | undefined;

/**
 * YAML syntax errors (and warnings) as diagnostics with 1-based line and column. A line indented
 * wrongly is reported once, at that line (yaml-indent.ts), not at every sibling the parser then
 * finds out of line.
 */
export function yamlDiagnostics(text: string, file: string): Diagnostic[] {
  if (lastChecked?.text !== text) lastChecked = { text, diags: syntaxDiagnostics(text) };
  return lastChecked.diags.map((d) => ({ file, ...d }));
}

function syntaxDiagnostics(text: string): Located[] {
  const doc = parseDocument(text, { lineCounter: new LineCounter() });
  const located = (e: (typeof doc.errors)[number]): Located => {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    return {
      line: pos.line,
      col: pos.col,
      message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      hint: e.code === 'BAD_INDENT' || e.code === 'MISSING_CHAR' ? 'check indentation and closing brackets' : undefined,
    };
  };
  const fix = findIndentFix(text, doc.errors.map((e) => e.linePos?.[0]?.line ?? 1));
  if (!fix) return [...doc.errors, ...doc.warnings].map(located);
  const tab = /^ *\t/.test(text.split('\n')[fix.line - 1]);
  const misplaced: Located = {
    line: fix.line,
    col: tab ? 1 : fix.was,
    message: tab ? 'tabs are not allowed as indentation' : `bad indentation: this line starts at column ${fix.was}, line ${fix.like} next to it at column ${fix.column}`,
    hint: `indent it by ${fix.column - 1} space${fix.column === 2 ? '' : 's'} to line it up with line ${fix.like}`,
  };
  const others = doc.errors.filter((e) => fix.remaining.includes(errorKey(e)));
  return [misplaced, ...others.map(located), ...doc.warnings.map(located)];
}

const ok = (text: string): boolean => parseDocument(text).errors.length === 0;
const str = (x: unknown): string => (x === undefined || x === null ? '' : String(x));
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});

/** A `dose:` as the form shows it. */
function readDose(d: Obj): Pick<DrugForm, 'doseKind' | 'amount' | 'unit' | 'route'> {
  const auc = d.auc === undefined ? undefined : obj(d.auc);
  return { doseKind: auc ? 'auc' : 'amount', amount: num(auc ? auc.target : d.amount), unit: auc ? `AUC ${str(auc.unit)}` : str(d.unit), route: str(d.route) };
}

/** The drugs of a combination, each schedule completed with the regimen's shared cycle keys. */
function readDrugs(r: Obj): DrugForm[] {
  if (!Array.isArray(r.drugs)) return [];
  const shared = obj(r.schedule);
  return r.drugs.map((raw: unknown) => {
    const d = obj(raw);
    const own = obj(d.schedule);
    const merged: Obj = { ...Object.fromEntries(['cycle_length', 'cycles', 'start'].filter((k) => shared[k] !== undefined).map((k) => [k, shared[k]])), ...own };
    const schedule = readSchedule(merged);
    return { drug: str(d.drug), ...readDose(obj(d.dose)), schedule, scheduleText: scheduleText(schedule, merged) };
  });
}

function readRule(r: Obj): RuleForm {
  return { when: r.when === undefined ? undefined : str(r.when), after: r.after === undefined ? undefined : str(r.after), action: str(r.action), by: r.by === undefined ? undefined : str(r.by), max: num(r.max) };
}

/** Reads the regimens for the form; an empty list when the YAML has errors or none are declared. */
export function readRegimens(text: string): RegimenForm[] {
  if (!ok(text)) return [];
  const regs = readAt(text, ['regimens']);
  if (!Array.isArray(regs)) return [];
  return regs.map((raw: unknown, i: number) => {
    const r = obj(raw);
    const drugs = readDrugs(r);
    const schedule = drugs.length ? undefined : readSchedule(obj(r.schedule));
    return {
      name: str(r.name) || `regimen ${i + 1}`,
      drugs,
      ...readDose(drugs.length ? {} : obj(r.dose)),
      schedule,
      scheduleText: drugs.length ? drugs.map((d) => `${d.drug}: ${d.scheduleText}`).join('; ') : scheduleText(schedule, obj(r.schedule)),
      rules: Array.isArray(r.rules) ? r.rules.map((x) => readRule(obj(x))) : [],
    } satisfies RegimenForm;
  });
}

function regimenCount(text: string): number {
  const regs = readAt(text, ['regimens']);
  return Array.isArray(regs) ? regs.length : 0;
}

const R = (i: number, ...rest: (string | number)[]): (string | number)[] => ['regimens', i, ...rest];

/** Regimen `i`'s `name`. */
export function setRegimenName(text: string, i: number, name: string): string {
  return name.trim() && i < regimenCount(text) ? setAt(text, R(i, 'name'), name) : text;
}

/**
 * Returns the text with regimen `i`'s dose amount (or Calvert AUC target) set, comments preserved;
 * with `drug`, that drug's dose of a combination regimen.
 */
export function setDoseAmount(text: string, i: number, amount: number, drug?: number): string {
  if (!Number.isFinite(amount) || amount < 0 || i < 0 || i >= regimenCount(text)) return text;
  const dose = drug === undefined ? R(i, 'dose') : R(i, 'drugs', drug, 'dose');
  if (drug !== undefined && readAt(text, dose) === undefined) return text;
  return setAt(text, readAt(text, [...dose, 'auc']) !== undefined ? [...dose, 'auc', 'target'] : [...dose, 'amount'], amount);
}

/** Regimen `i`'s dose unit (amount doses only: mg, mg/kg, mg/m^2 or another mathjs mass unit). */
export function setDoseUnit(text: string, i: number, unit: string): string {
  if (!unit.trim() || i >= regimenCount(text) || readAt(text, R(i, 'dose', 'amount')) === undefined) return text;
  return setAt(text, R(i, 'dose', 'unit'), unit);
}

/**
 * Regimen `i`'s schedule. Within the same kind only the changed fields are written (the rest of the
 * line is kept); switching kind replaces the schedule with the new form's fields.
 */
export function setSchedule(text: string, i: number, s: ScheduleForm): string {
  if (i < 0 || i >= regimenCount(text)) return text;
  const cur = readSchedule(obj(readAt(text, R(i, 'schedule'))));
  const fields: Obj = s.kind === 'cycles' ? { days: s.days, cycle_length: s.cycleLength, cycles: s.cycles } : { times: s.times, unit: s.unit };
  if (!cur || cur.kind !== s.kind) return setAt(text, R(i, 'schedule'), JSON.parse(JSON.stringify(fields)) as Obj);
  const old = obj(readAt(text, R(i, 'schedule')));
  let out = text;
  for (const [k, v] of Object.entries(fields)) {
    if (JSON.stringify(old[k]) === JSON.stringify(v)) continue;
    out = v === undefined ? deleteAt(out, R(i, 'schedule', k)) : setAt(out, R(i, 'schedule', k), v);
  }
  return out;
}

/** Changes fields of rule `k` of regimen `i`; switching `action` away from delay drops `by`/`max`/`then`. */
export function setRule(text: string, i: number, k: number, patch: Partial<Pick<RuleForm, 'when' | 'action' | 'by' | 'max'>>): string {
  const rule = readAt(text, R(i, 'rules', k));
  if (rule === undefined) return text;
  let out = text;
  if (patch.when !== undefined && patch.when.trim()) out = setAt(out, R(i, 'rules', k, 'when'), patch.when);
  if (patch.by !== undefined && patch.by.trim()) out = setAt(out, R(i, 'rules', k, 'by'), patch.by);
  if (patch.max !== undefined && Number.isInteger(patch.max) && patch.max > 0) out = setAt(out, R(i, 'rules', k, 'max'), patch.max);
  if (patch.action !== undefined && (RULE_ACTIONS as readonly string[]).includes(patch.action)) {
    out = setAt(out, R(i, 'rules', k, 'action'), patch.action);
    const r = obj(readAt(out, R(i, 'rules', k)));
    if (patch.action === 'delay' && r.by === undefined) out = setAt(out, R(i, 'rules', k, 'by'), NEW_RULE.by);
    if (patch.action !== 'delay') for (const key of ['by', 'max', 'then']) if (r[key] !== undefined) out = deleteAt(out, R(i, 'rules', k, key));
  }
  return out;
}

/** Appends NEW_RULE to regimen `i`'s rules (creating `rules:` when the regimen has none). */
export function addRule(text: string, i: number): string {
  return i >= 0 && i < regimenCount(text) ? appendItem(text, R(i, 'rules'), { ...NEW_RULE }) : text;
}

/** Removes rule `k` of regimen `i` (and the `rules:` key with its last rule). */
export function removeRule(text: string, i: number, k: number): string {
  const rules = readAt(text, R(i, 'rules'));
  if (!Array.isArray(rules) || k < 0 || k >= rules.length) return text;
  return rules.length === 1 ? deleteAt(text, R(i, 'rules')) : deleteAt(text, R(i, 'rules', k));
}

/** `base` or `base (2)`, `base (3)`, … whichever is not in `names`. */
export function uniqueName(base: string, names: string[]): string {
  const stem = base.replace(/ \(\d+\)$/, '');
  if (!names.includes(stem)) return stem;
  for (let k = 2; ; k++) if (!names.includes(`${stem} (${k})`)) return `${stem} (${k})`;
}

/** Appends a copy of the last regimen (same layout and comments) under a new unique name. */
export function addRegimen(text: string): string {
  const regs = readRegimens(text);
  if (!regs.length) return text;
  const name = uniqueName(regs[regs.length - 1].name, regs.map((r) => r.name));
  return appendCopy(text, ['regimens'], regs.length - 1, [[['name'], name]]);
}

/** Removes regimen `i`; the last remaining regimen cannot be removed. */
export function removeRegimen(text: string, i: number): string {
  const n = regimenCount(text);
  return n > 1 && i >= 0 && i < n ? deleteAt(text, R(i)) : text;
}

/** Population size and seed as written in the scenario (undefined when absent or not numbers). */
export function readPopulation(text: string): { size?: number; seed?: number } {
  if (!ok(text)) return {};
  return { size: num(readAt(text, ['population', 'size'])), seed: num(readAt(text, ['population', 'seed'])) };
}

/** Returns the text with `population.<key>` set, comments preserved. */
export function setPopulationField(text: string, key: 'size' | 'seed', value: number): string {
  return Number.isFinite(value) ? setAt(text, ['population', key], value) : text;
}

/** Scenario id and title for lists and headings. */
export function readTitle(text: string): { id: string; title: string } {
  if (!ok(text)) return { id: '', title: '' };
  return { id: str(readAt(text, ['scenario'])), title: str(readAt(text, ['title'])) };
}
