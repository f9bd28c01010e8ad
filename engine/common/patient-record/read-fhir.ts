/**
 * A FHIR R4 Bundle (as clinical systems export it) → one patient's record:
 * - Patient: gender → SEX (F/M); birthDate → AGE (years at time zero).
 * - Observation with a LOINC code (LOINC_MAP, extended by the patient file's `codes:`): measured
 *   outputs (neutrophils 751-8 / 26499-4 / 753-3 → ANC …) and covariates (body weight 29463-7 → WT
 *   …; the last value at or before time zero, else the first). valueQuantity with a UCUM unit;
 *   comparator `<`/`<=` = below the limit of quantification (the value is the limit).
 * - MedicationAdministration: effectiveDateTime or effectivePeriod (start → time, end → infusion
 *   duration), dosage.dose → amount, the medication's text → drug (matched to a dose target).
 * Time zero is the first administration (else the first observation). Results the source marks
 * as not valid (status entered-in-error, cancelled …) and observations of codes nothing reads are
 * listed in the record's notes; a resource that should be read but cannot is an error with its
 * line:col and JSON path.
 */
import { excerpt, InputError, type Diagnostic } from '../errors.js';
import { JsonFile, type JsonPath } from './json-positions.js';
import type { PatientRecord, RecordCovariate, RecordDose, RecordObservation, RecordPos } from './record.js';
import { parseDate } from './values.js';

/** LOINC code → what it sets: `output:NAME` (a measurement) or `covariate:NAME`. */
export const LOINC_MAP: Record<string, string> = {
  '751-8': 'output:ANC', // Neutrophils [#/volume] in Blood by Automated count
  '26499-4': 'output:ANC', // Neutrophils [#/volume] in Blood
  '753-3': 'output:ANC', // Neutrophils [#/volume] in Blood by Manual count
  '6690-2': 'output:WBC', // Leukocytes [#/volume] in Blood by Automated count
  '26464-8': 'output:WBC', // Leukocytes [#/volume] in Blood
  '29463-7': 'covariate:WT', // Body weight
  '3141-9': 'covariate:WT', // Body weight Measured
  '8302-2': 'covariate:HT', // Body height
  '2160-0': 'covariate:SCR', // Creatinine [Mass/volume] in Serum or Plasma
  '1751-7': 'covariate:ALB', // Albumin [Mass/volume] in Serum or Plasma
};

const VALID_OBS = ['final', 'amended', 'corrected', 'preliminary'];
const VALID_ADMIN = ['completed', 'in-progress', 'stopped'];

/** A UCUM unit as the unit parser reads it: 10*9/L → 1e9/L, 10^3/uL → 1e3/uL. */
export function ucumToUnit(code: string): string {
  return code.replace(/10[*^](\d+)/g, '1e$1').replace(/\{[^}]*\}/g, '').trim() || '1';
}

interface Item { kind: 'output' | 'covariate'; name: string; ms: number; value?: number; unit: string; bql: boolean; pos: RecordPos }

/** What reading the Bundle's entries collects. */
interface Reading {
  j: JsonFile;
  map: Record<string, string>;
  diags: Diagnostic[];
  notes: string[];
  items: Item[];
  doses: (Omit<RecordDose, 'time'> & { ms: number })[];
  id: string;
  gender?: { value: string; pos: RecordPos };
  birth?: { ms: number; pos: RecordPos };
}

export function readFhirRecord(file: string, text: string, codes: Record<string, string> = {}): PatientRecord {
  const j = JsonFile.parse(file, text);
  if (j.get(['resourceType']) !== 'Bundle') throw InputError.at(file, 1, 1, `expected a FHIR Bundle, got resourceType '${excerpt(String(j.get(['resourceType']) ?? 'none'))}'`, 'export the patient as a Bundle (searchset, collection or document)');
  const entries = j.get(['entry']);
  if (!Array.isArray(entries)) throw InputError.at(file, 1, 1, 'the Bundle has no entry list', 'a Bundle holds its resources under entry[].resource');
  const r: Reading = { j, map: { ...LOINC_MAP, ...codes }, diags: [], notes: [], items: [], doses: [], id: '' };
  entries.forEach((_, k) => {
    const base: JsonPath = ['entry', k, 'resource'];
    const type = j.get([...base, 'resourceType']);
    const where = `${file} entry[${k}]`;
    try {
      if (type === 'Patient') readPatient(r, base, where);
      else if (type === 'Observation') readObservation(r, base, where);
      else if (type === 'MedicationAdministration') readAdministration(r, base, where);
      else r.notes.push(`${where}: ${String(type ?? 'a resource without resourceType')} is not read`);
    } catch (e) {
      if (e instanceof InputError) r.diags.push(...e.diagnostics);
      else throw e;
    }
  });
  if (r.diags.length) throw new InputError(r.diags);
  const outputs = r.items.filter((i) => i.kind === 'output');
  const zero = r.doses.length ? Math.min(...r.doses.map((d) => d.ms)) : outputs.length ? Math.min(...outputs.map((o) => o.ms)) : undefined;
  if (zero === undefined) throw InputError.at(file, 1, 1, 'the Bundle holds no administrations and no measurements this tool reads', `codes read: ${Object.keys(r.map).join(', ')}`);
  const h = (ms: number) => (ms - zero) / 3_600_000;
  return {
    id: r.id, file, origin: new Date(zero).toISOString(),
    covariates: covariatesOf(r.items, zero, r.gender, r.birth),
    doses: r.doses.map(({ ms, ...d }) => ({ ...d, time: h(ms) })),
    observations: outputs.map((o): RecordObservation => ({ time: h(o.ms), output: o.name, ...(o.bql ? { lloq: o.value } : { value: o.value }), unit: o.unit, bql: o.bql, pos: o.pos })),
    notes: r.notes,
  };
}

/** An error at a JSON path, naming the path in the message. */
function fail(r: Reading, path: JsonPath, message: string, hint?: string): void {
  const pos = r.j.pos(path);
  r.diags.push({ ...pos, message: `${message} (at ${pos.path})`, hint });
}

function readPatient(r: Reading, base: JsonPath, where: string): void {
  const { j } = r;
  r.id = String(j.get([...base, 'id']) ?? '');
  const g = j.get([...base, 'gender']);
  if (g === 'female' || g === 'male') r.gender = { value: g === 'female' ? 'F' : 'M', pos: j.pos([...base, 'gender']) };
  else if (g !== undefined) r.notes.push(`${where}: gender '${excerpt(String(g))}' does not set SEX (F/M)`);
  const b = j.get([...base, 'birthDate']);
  if (b !== undefined) r.birth = { ms: parseDate(b, j.pos([...base, 'birthDate']), 'birthDate'), pos: j.pos([...base, 'birthDate']) };
}

/** effectiveDateTime, else effectivePeriod.start. */
const startPath = (j: JsonFile, base: JsonPath): JsonPath => (j.get([...base, 'effectiveDateTime']) !== undefined ? [...base, 'effectiveDateTime'] : [...base, 'effectivePeriod', 'start']);

function readObservation(r: Reading, base: JsonPath, where: string): void {
  const { j } = r;
  const status = String(j.get([...base, 'status']) ?? '');
  const coding = (j.get([...base, 'code', 'coding']) as { system?: string; code?: string }[] | undefined) ?? [];
  const loinc = coding.find((c) => c.system === 'http://loinc.org' && c.code !== undefined && r.map[c.code] !== undefined)?.code;
  if (!loinc) { r.notes.push(`${where}: Observation ${coding.map((c) => c.code).join('/') || '(no code)'} is not read (no mapping for its code)`); return; }
  if (!VALID_OBS.includes(status)) { r.notes.push(`${where}: Observation ${loinc} with status '${status}' is not used`); return; }
  const [kind, name] = r.map[loinc].split(':') as ['output' | 'covariate', string];
  const timePath = startPath(j, base);
  if (j.get(timePath) === undefined) { fail(r, base, `Observation ${loinc} has no effectiveDateTime`, 'a measurement needs the time it was taken'); return; }
  const q = [...base, 'valueQuantity'];
  const value = j.get([...q, 'value']);
  if (typeof value !== 'number') { fail(r, j.get(q) ? [...q, 'value'] : base, `Observation ${loinc} has no numeric valueQuantity.value`, 'remove the entry or give the value'); return; }
  const unitCode = j.get([...q, 'code']) ?? j.get([...q, 'unit']);
  if (typeof unitCode !== 'string') { fail(r, q, `Observation ${loinc} has no unit`, 'valueQuantity needs code (UCUM) or unit'); return; }
  const comparator = j.get([...q, 'comparator']);
  if (comparator === '>' || comparator === '>=') { fail(r, [...q, 'comparator'], `a value above a limit ('${comparator}') cannot be used`, 'give the measured value'); return; }
  const ms = parseDate(j.get(timePath), j.pos(timePath), 'effectiveDateTime');
  r.items.push({ kind, name, ms, unit: ucumToUnit(unitCode), value, bql: comparator === '<' || comparator === '<=', pos: j.pos([...q, 'value']) });
}

function readAdministration(r: Reading, base: JsonPath, where: string): void {
  const { j } = r;
  const status = String(j.get([...base, 'status']) ?? '');
  if (!VALID_ADMIN.includes(status)) { r.notes.push(`${where}: MedicationAdministration with status '${status}' is not a dose given`); return; }
  if (status === 'stopped') r.notes.push(`${where}: administration stopped early; the recorded dose is used`);
  const from = startPath(j, base);
  const endPath = [...base, 'effectivePeriod', 'end'];
  const dose = [...base, 'dosage', 'dose'];
  const amount = j.get([...dose, 'value']);
  const unit = j.get([...dose, 'code']) ?? j.get([...dose, 'unit']);
  if (typeof amount !== 'number' || typeof unit !== 'string') { fail(r, j.get(dose) ? dose : base, 'the administration has no dosage.dose with value and unit', 'give the amount given, e.g. { "value": 130, "unit": "mg" }'); return; }
  if (j.get(from) === undefined) { fail(r, base, 'the administration has no effectiveDateTime or effectivePeriod.start'); return; }
  const ms = parseDate(j.get(from), j.pos(from), 'start of administration');
  const end = j.get(endPath) === undefined ? ms : parseDate(j.get(endPath), j.pos(endPath), 'end of administration');
  if (end < ms) { fail(r, endPath, 'the administration ends before it starts'); return; }
  const drug = j.get([...base, 'medicationCodeableConcept', 'text']) ?? j.get([...base, 'medicationCodeableConcept', 'coding', 0, 'display']);
  r.doses.push({ ms, amount, unit: ucumToUnit(unit), duration: (end - ms) / 3_600_000, ...(typeof drug === 'string' ? { drug } : {}), pos: j.pos([...dose, 'value']) });
}

function covariatesOf(items: Item[], zero: number, gender: { value: string; pos: RecordPos } | undefined, birth: { ms: number; pos: RecordPos } | undefined): RecordCovariate[] {
  const out: RecordCovariate[] = [];
  if (gender) out.push({ name: 'SEX', value: gender.value, pos: gender.pos });
  if (birth) out.push({ name: 'AGE', value: (zero - birth.ms) / (365.25 * 86_400_000), unit: 'yr', pos: birth.pos });
  const names = [...new Set(items.filter((i) => i.kind === 'covariate').map((i) => i.name))];
  for (const name of names) {
    const all = items.filter((i) => i.kind === 'covariate' && i.name === name).sort((a, b) => a.ms - b.ms);
    const before = all.filter((i) => i.ms <= zero);
    const pick = before.length ? before[before.length - 1] : all[0];
    out.push({ name, value: pick.value!, unit: pick.unit, pos: pick.pos });
  }
  return out;
}
