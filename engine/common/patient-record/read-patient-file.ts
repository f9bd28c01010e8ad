/**
 * Reads a patient file of any supported kind, by its extension: `.yaml`/`.yml` (the patient file,
 * which may import a NONMEM-style data set or a FHIR Bundle), `.csv` (the CSV patient file), `.json`
 * (a FHIR R4 Bundle). Imported items join the YAML file's own; their times are measured from the
 * same time zero (a FHIR Bundle's dates from the YAML file's `start:` when it gives one).
 */
import { excerpt, InputError } from '../errors.js';
import type { FileHost } from '../host.js';
import { readCsvRows } from './csv-cells.js';
import { isCsvPatientFile, readCsvRecord } from './read-csv.js';
import { readFhirRecord } from './read-fhir.js';
import { readNonmemRecord, type NonmemSpec } from './read-nonmem.js';
import { readYamlRecord } from './read-yaml.js';
import type { PatientRecord, RecordPos } from './record.js';

const baseName = (p: string) => p.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

export async function readPatientFile(path: string, host: FileHost): Promise<PatientRecord> {
  const text = await host.readText(path);
  const ext = /\.([^.\\/]*)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json') return readFhirRecord(path, text);
  if (ext === 'csv') {
    const rows = readCsvRows(path, text);
    if (isCsvPatientFile(rows)) return readCsvRecord(path, text, baseName(path));
    const names = rows.header.map((h) => h.text.toUpperCase());
    if (names.includes('TIME') && names.includes('DV')) {
      throw InputError.at(path, 1, 1, 'this is a NONMEM-style data set: it has no units and numbers its compartments, so it needs a patient file saying what they mean',
        `write patient.yaml with: nonmem: { file: ${path.replace(/^.*[\\/]/, '')}, id: <ID>, amount_unit: mg, compartments: { 1: { dose: iv }, 2: { output: Cp, unit: mg/L } } }`);
    }
    throw InputError.at(path, 1, 1, 'a CSV patient file needs a kind column (covariate, dose, observation)', 'see docs/TWIN.md "Patient files"');
  }
  if (ext !== 'yaml' && ext !== 'yml') throw InputError.at(path, 1, 1, `'.${excerpt(ext ?? '')}' is not a patient file kind`, 'give a .yaml patient file, a .csv patient file or a FHIR Bundle (.json)');
  const y = readYamlRecord(path, text);
  const record: PatientRecord = { ...y.record, id: y.record.id || baseName(path), notes: [...(y.record.notes ?? [])] };
  for (const imp of y.imports) {
    const file = imp.spec.file;
    if (typeof file !== 'string') throw InputError.at(imp.pos.file, imp.pos.line, imp.pos.col, `${imp.kind}: needs file: <path>`, 'relative to this patient file');
    const target = host.resolve(path, file);
    const itext = await host.readText(target, imp.pos);
    const other = imp.kind === 'nonmem'
      ? readNonmemRecord(target, itext, nonmemSpec(imp.spec, imp.pos), record.id)
      : shiftTo(readFhirRecord(target, itext, codesOf(imp.spec, imp.pos)), y.startMs);
    record.covariates.push(...other.covariates.filter((c) => !record.covariates.some((o) => o.name === c.name)));
    record.doses.push(...other.doses);
    record.observations.push(...other.observations);
    record.notes!.push(...(other.notes ?? []));
    record.origin ??= other.origin;
  }
  return record;
}

/** A FHIR record's times measured from the YAML file's start date instead of the first administration. */
function shiftTo(r: PatientRecord, startMs: number | undefined): PatientRecord {
  if (startMs === undefined || r.origin === undefined) return r;
  const dh = (Date.parse(r.origin) - startMs) / 3_600_000;
  return { ...r, origin: new Date(startMs).toISOString(), doses: r.doses.map((d) => ({ ...d, time: d.time + dh })), observations: r.observations.map((o) => ({ ...o, time: o.time + dh })) };
}

function specError(pos: RecordPos, message: string, hint: string): never {
  throw InputError.at(pos.file, pos.line, pos.col, message, hint);
}

function codesOf(spec: Record<string, unknown>, pos: RecordPos): Record<string, string> {
  const c = spec.codes ?? {};
  if (typeof c !== 'object' || Array.isArray(c) || Object.values(c as object).some((v) => typeof v !== 'string' || !/^(output|covariate):[A-Za-z_]\w*$/.test(v))) {
    specError(pos, 'fhir.codes maps LOINC codes to output:<name> or covariate:<name>', 'e.g. codes: { "12345-6": output:Cp }');
  }
  return c as Record<string, string>;
}

function nonmemSpec(s: Record<string, unknown>, pos: RecordPos): NonmemSpec {
  const allowed = ['file', 'id', 'time_unit', 'amount_unit', 'compartments', 'dv', 'covariates'];
  for (const k of Object.keys(s)) if (!allowed.includes(k)) specError(pos, `nonmem: unknown key '${excerpt(k)}'`, `keys: ${allowed.join(', ')}`);
  if (typeof s.amount_unit !== 'string') specError(pos, 'nonmem: needs amount_unit (the unit of AMT)', 'e.g. amount_unit: mg');
  const compartments = new Map<number, { dose?: string; output?: string; unit?: string }>();
  for (const [k, v] of Object.entries((s.compartments ?? {}) as Record<string, Record<string, string>>)) {
    if (!/^\d+$/.test(k) || !v || typeof v !== 'object' || (v.dose === undefined) === (v.output === undefined)) {
      specError(pos, `nonmem.compartments.${excerpt(k)}: give { dose: <target> } or { output: <name>, unit: <unit> }`, 'keys are CMT numbers');
    }
    compartments.set(Number(k), v);
  }
  const dv = s.dv as { output?: unknown; unit?: unknown } | undefined;
  if (dv !== undefined && (typeof dv.output !== 'string' || typeof dv.unit !== 'string')) specError(pos, 'nonmem.dv needs output and unit', 'e.g. dv: { output: ANC, unit: 1e9/L }');
  const covariates = new Map<string, { unit?: string; levels?: Map<number, string> }>();
  for (const [name, v] of Object.entries((s.covariates ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') covariates.set(name, { unit: v });
    else if (v && typeof v === 'object') covariates.set(name, { levels: new Map(Object.entries(v as Record<string, unknown>).map(([code, level]) => [Number(code), String(level)])) });
    else specError(pos, `nonmem.covariates.${excerpt(name)}: give its unit, or its levels { code: name }`, 'e.g. WT: kg, SEX: { 1: M, 2: F }');
  }
  if (s.id !== undefined && typeof s.id !== 'number') specError(pos, 'nonmem.id must be the numeric ID of the subject', 'e.g. id: 12');
  return {
    ...(typeof s.id === 'number' ? { id: s.id } : {}),
    timeUnit: typeof s.time_unit === 'string' ? s.time_unit : 'h', amountUnit: s.amount_unit as string,
    compartments, ...(dv ? { dv: { output: dv.output as string, unit: dv.unit as string } } : {}), covariates, pos,
  };
}
