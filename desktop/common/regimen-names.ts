/**
 * Regimen names and the scenario title often spell out the dose and schedule ("75 mg/m² q3w",
 * "Docetaxel 75 mg/m² q3w vs 35 mg/m² weekly"). When the form changes a dose, a name or title that
 * states the old dose exactly once follows it (it was written from the dose); what cannot be
 * followed safely — a title naming the same dose for two regimens, a schedule in a name ("q3w") after
 * the cycle length changed, a name edited by hand — is reported as a mismatch for the user to fix.
 */
import { readAt, setAt } from './yaml-splice.js';
import { readRegimens, readTitle, setDoseAmount, setRegimenName, type DrugForm, type RegimenForm } from './scenario-doc.js';

/** A dose as names state it: a single-drug regimen's, or one drug's of a combination. */
type DoseForm = Pick<DrugForm, 'doseKind' | 'amount' | 'unit'>;

/** Every dose of regimen `r`: its own, or each of its drugs'. */
const dosesOf = (r: RegimenForm): DoseForm[] => (r.drugs.length ? r.drugs : [r]);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `amount` as a number of its own in a text: not part of another number, a word or a list like d1,8,15. */
const standalone = (amount: number): RegExp => new RegExp(`(?<![\\w.,-])${escape(String(amount))}(?![\\w.]|,\\d)`, 'g');

/** How a dose unit is spelled in names and titles. */
const UNIT_SPELLINGS: Record<string, string[]> = { 'mg/m^2': ['mg/m²', 'mg/m^2', 'mg/m2'], 'mg/kg': ['mg/kg'], mg: ['mg'] };

/** Doses stated in a text: "75 mg/m²", "35 mg/kg", "600 mg", "AUC 5", "AUC5". */
function statedDoses(text: string): { amount: number; unit: string; at: string }[] {
  const out: { amount: number; unit: string; at: string }[] = [];
  const re = /(?<![\w.,-])(\d+(?:\.\d+)?)\s*(mg\/m²|mg\/m\^2|mg\/m2|mg\/kg|mg(?![\w/]))|\bAUC\s*(\d+(?:\.\d+)?)(?![\w.])/g;
  for (const m of text.matchAll(re)) {
    if (m[3] !== undefined) out.push({ amount: Number(m[3]), unit: 'AUC', at: m[0] });
    else out.push({ amount: Number(m[1]), unit: Object.keys(UNIT_SPELLINGS).find((u) => UNIT_SPELLINGS[u].includes(m[2]))!, at: m[0] });
  }
  return out;
}

const unitKey = (r: DoseForm): string => (r.doseKind === 'auc' ? 'AUC' : r.unit);
const shownUnit = (r: DoseForm): string => (r.doseKind === 'auc' ? '' : ` ${UNIT_SPELLINGS[r.unit]?.[0] ?? r.unit}`);
const shownDose = (r: DoseForm, amount = r.amount): string => (r.doseKind === 'auc' ? `AUC ${amount}` : `${amount}${shownUnit(r)}`);

/** `text` with its one standalone mention of `from` replaced by `to`; undefined unless there is exactly one. */
function replaceOnce(text: string, from: number, to: number): string | undefined {
  const hits = [...text.matchAll(standalone(from))];
  return hits.length === 1 ? text.replace(standalone(from), String(to)) : undefined;
}

/**
 * Sets regimen `i`'s dose amount (with `drug`, that drug's of a combination), and lets its name and
 * the title follow when they state the old amount exactly once (the title only when no other dose
 * of any regimen has the same amount and unit).
 */
export function setDoseFollowingNames(text: string, i: number, amount: number, drug?: number): string {
  const before = readRegimens(text);
  const reg = before[i];
  const dose = reg && (drug === undefined ? reg : reg.drugs[drug]);
  let out = setDoseAmount(text, i, amount, drug);
  if (!reg || !dose || dose.amount === undefined || out === text || dose.amount === amount) return out;
  const name = replaceOnce(reg.name, dose.amount, amount);
  if (name && !before.some((r, k) => k !== i && r.name === name)) out = setRegimenName(out, i, name);
  const shared = before.some((r, k) => dosesOf(r).some((d, j) => (k !== i || (drug !== undefined && j !== drug)) && d.amount === dose.amount && unitKey(d) === unitKey(dose)));
  const title = readAt(out, ['title']);
  if (typeof title === 'string' && !shared) {
    const next = replaceOnce(title, dose.amount, amount);
    if (next) out = setAt(out, ['title'], next);
  }
  return out;
}

/** Days in a cycle length like "21 d", "3 wk", "504 h" (undefined for anything else). */
function cycleDays(length: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|day|days|wk|week|weeks|h)\s*$/.exec(length);
  if (!m) return undefined;
  return Number(m[1]) * (m[2].startsWith('w') ? 7 : m[2] === 'h' ? 1 / 24 : 1);
}

/** Why regimen `r`'s name no longer describes it (dose or "qNw"/"qNd" cycle), or undefined. */
export function nameMismatch(r: RegimenForm): string | undefined {
  const doses = dosesOf(r);
  const wrong = statedDoses(r.name).filter((d) => doses.some((x) => unitKey(x) === d.unit) && !doses.some((x) => unitKey(x) === d.unit && x.amount === d.amount));
  if (wrong.length) return `the name says ${wrong[0].at} but the dose${doses.length > 1 ? 's are' : ' is'} ${doses.map((x) => shownDose(x)).join(' + ')}`;
  const q = /\bq(\d+)(w|d)\b/.exec(r.name);
  const schedule = (r.drugs.length ? r.drugs.map((d) => d.schedule) : [r.schedule]).find((s) => s?.kind === 'cycles');
  const length = schedule?.kind === 'cycles' ? schedule.cycleLength : '';
  const days = length ? cycleDays(length) : undefined;
  if (q && days !== undefined && Number(q[1]) * (q[2] === 'w' ? 7 : 1) !== days) return `the name says ${q[0]} but the cycle is ${length}`;
  return undefined;
}

/** Why the title no longer describes the regimens (a stated dose no regimen has), or undefined. */
export function titleMismatch(text: string): string | undefined {
  const doses = readRegimens(text).flatMap(dosesOf);
  const title = readTitle(text).title;
  const orphan = statedDoses(title).find((d) => !doses.some((r) => unitKey(r) === d.unit && r.amount === d.amount));
  return orphan ? `the title says ${orphan.at}, which no regimen has (${doses.map((r) => shownDose(r)).join(', ')})` : undefined;
}
