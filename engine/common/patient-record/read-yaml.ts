/**
 * The YAML patient file (docs/TWIN.md "Patient files"):
 *
 *   patient: P-0042
 *   start: 2026-03-02T09:00          # optional time zero as a date (default: the first dose)
 *   covariates: { SEX: F, WT: 68 kg, HT: { value: 165, unit: cm } }
 *   doses:
 *     - { date: 2026-03-02T09:00, amount: 130 mg, duration: 1 h, target: iv }
 *     - { time: 21 d, amount: 130, unit: mg, duration: 1 h }
 *   observations:
 *     - { time: 7 d, output: ANC, value: 1.2, unit: 1e9/L }
 *     - { date: 2026-03-12T08:30, output: Cp, bql: true, lloq: 0.0005, unit: mg/L }
 *   nonmem: { file: data.csv, id: 12, … }   # or fhir: { file: bundle.json } — merged in (read-import.ts)
 *
 * Every item is checked with its position; unknown keys are errors (a misspelt `valeu` must not
 * silently drop a measurement).
 */
import { closest, excerpt, InputError, type Diagnostic } from '../errors.js';
import { YamlFile, type YamlPath } from '../yaml/yaml-file.js';
import type { PatientRecord, RecordCovariate, RecordDose, RecordObservation, RecordPos } from './record.js';
import { parseDate, parseFlag, parseHours, parseNumber, parseQuantity } from './values.js';

const TOP_KEYS = ['patient', 'start', 'covariates', 'doses', 'observations', 'nonmem', 'fhir', 'description'];
const DOSE_KEYS = ['time', 'date', 'amount', 'unit', 'duration', 'target', 'drug'];
const OBS_KEYS = ['time', 'date', 'output', 'value', 'unit', 'bql', 'lloq'];

/** Raw items with their dates unresolved: times become relative once time zero is known. */
interface Timed { hours?: number; dateMs?: number; pos: RecordPos }

export interface YamlRecord {
  record: PatientRecord;
  /** Import blocks (nonmem:, fhir:) as written, for read-import.ts. */
  imports: { kind: 'nonmem' | 'fhir'; spec: Record<string, unknown>; pos: RecordPos }[];
  /** Time zero as a date, when `start:` gives one. */
  startMs?: number;
}

export function readYamlRecord(file: string, text: string): YamlRecord {
  const f = YamlFile.parse(file, text, 'start the file with `patient: <id>`');
  const d = f.data;
  const diags: Diagnostic[] = [];
  const guard = <T>(fn: () => T): T | undefined => {
    try { return fn(); } catch (e) { if (e instanceof InputError) { diags.push(...e.diagnostics); return undefined; } throw e; }
  };
  const keysOk = (path: YamlPath, obj: unknown, allowed: string[]) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) { diags.push({ ...f.valuePos(path), message: `expected a mapping (key: value) here`, hint: `keys: ${allowed.join(', ')}` }); return false; }
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) {
        const g = closest(k, allowed);
        diags.push({ ...f.keyPos([...path, k]), message: `unknown key '${excerpt(k)}'`, hint: g ? `did you mean '${g}'?` : `keys: ${allowed.join(', ')}` });
      }
    }
    return true;
  };
  keysOk([], d, TOP_KEYS);
  const startMs = d.start === undefined ? undefined : guard(() => parseDate(d.start, f.valuePos(['start']), 'start'));
  const covariates: RecordCovariate[] = [];
  if (d.covariates !== undefined && keysOk(['covariates'], d.covariates, Object.keys(d.covariates as object ?? {}))) {
    for (const [name, v] of Object.entries(d.covariates as Record<string, unknown>)) {
      const pos = f.valuePos(['covariates', name]);
      guard(() => covariates.push(covariate(name, v, pos, f)));
    }
  }
  const timed = (path: YamlPath, item: Record<string, unknown>): Timed | undefined => {
    const pos = f.keyPos(path);
    if ((item.time === undefined) === (item.date === undefined)) { diags.push({ ...pos, message: 'give either time: (since time zero) or date:', hint: 'e.g. time: 7 d, or date: 2026-03-09T08:00' }); return undefined; }
    return item.time !== undefined
      ? guard(() => ({ hours: parseHours(item.time, f.valuePos([...path, 'time']), 'time'), pos }))
      : guard(() => ({ dateMs: parseDate(item.date, f.valuePos([...path, 'date']), 'date'), pos }));
  };
  const doses: (Omit<RecordDose, 'time'> & Timed)[] = [];
  list(f, 'doses', diags).forEach((item, k) => {
    const path = ['doses', k];
    if (!keysOk(path, item, DOSE_KEYS)) return;
    const t = timed(path, item);
    const amount = guard(() => parseQuantity(item.amount, f.valuePos([...path, 'amount']), 'amount'));
    const unit = (amount?.unit ?? item.unit) as string | undefined;
    if (amount && !unit) diags.push({ ...f.valuePos([...path, 'amount']), message: 'the dose amount needs a unit', hint: 'e.g. amount: 130 mg' });
    const duration = item.duration === undefined ? 0 : guard(() => parseHours(item.duration, f.valuePos([...path, 'duration']), 'duration'));
    if (t && amount && unit && duration !== undefined) {
      doses.push({ ...t, amount: amount.value, unit, duration, ...(item.target === undefined ? {} : { target: String(item.target) }), ...(item.drug === undefined ? {} : { drug: String(item.drug) }) });
    }
  });
  const observations: (Omit<RecordObservation, 'time'> & Timed)[] = [];
  list(f, 'observations', diags).forEach((item, k) => {
    const path = ['observations', k];
    if (!keysOk(path, item, OBS_KEYS)) return;
    const t = timed(path, item);
    const bql = guard(() => parseFlag(item.bql, f.valuePos([...path, 'bql']), 'bql')) ?? false;
    const value = item.value === undefined ? undefined : guard(() => parseQuantity(item.value, f.valuePos([...path, 'value']), 'value'));
    const unit = (value?.unit ?? item.unit) as string | undefined;
    const lloq = item.lloq === undefined ? undefined : guard(() => parseNumber(item.lloq, f.valuePos([...path, 'lloq']), 'lloq'));
    if (typeof item.output !== 'string') diags.push({ ...f.keyPos(path), message: 'the measurement needs output: (the model output it measures)', hint: 'e.g. output: ANC' });
    if (!bql && item.value === undefined) diags.push({ ...f.keyPos(path), message: 'the measurement has no value', hint: 'give value:, or bql: true (with lloq:) for a value below the limit of quantification' });
    if (!unit) diags.push({ ...f.keyPos(path), message: 'the measurement needs a unit', hint: 'e.g. unit: 1e9/L, or value: 1.2 1e9/L' });
    if (t && unit && typeof item.output === 'string' && (bql || value)) {
      observations.push({ ...t, output: item.output, ...(value ? { value: value.value } : {}), unit, bql, ...(lloq === undefined ? {} : { lloq }) });
    }
  });
  if (diags.length) throw new InputError(diags);
  const imports = (['nonmem', 'fhir'] as const).filter((k) => d[k] !== undefined).map((kind) => {
    const spec = d[kind];
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw InputError.at(file, f.valuePos([kind]).line, f.valuePos([kind]).col, `${kind}: expects a mapping with file: …`, `e.g. ${kind}: { file: data.${kind === 'fhir' ? 'json' : 'csv'} }`);
    return { kind, spec: spec as Record<string, unknown>, pos: f.valuePos([kind]) };
  });
  const record = resolveTimes(file, String(d.patient ?? ''), startMs, covariates, doses, observations);
  return { record, imports, startMs };
}

function covariate(name: string, v: unknown, pos: RecordPos, f: YamlFile): RecordCovariate {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return { name, value: parseNumber(o.value, f.valuePos(['covariates', name, 'value']), name), ...(o.unit === undefined ? {} : { unit: String(o.unit) }), pos };
  }
  if (typeof v === 'string' && !/^\s*[-+.\d]/.test(v)) return { name, value: v.trim(), pos };
  const q = parseQuantity(v, pos, name);
  return { name, value: q.value, ...(q.unit ? { unit: q.unit } : {}), pos };
}

function list(f: YamlFile, key: string, diags: Diagnostic[]): Record<string, unknown>[] {
  const v = f.data[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) { diags.push({ ...f.valuePos([key]), message: `${key}: expects a list`, hint: `write each item on a line starting with '- '` }); return []; }
  return v as Record<string, unknown>[];
}

/**
 * Relative hours for every item: dates are measured from time zero = `start:`, else the earliest
 * dated dose (else the earliest dated item). Mixing dates and relative times needs `start:` when no
 * dose is dated.
 */
export function resolveTimes(
  file: string, id: string, startMs: number | undefined, covariates: RecordCovariate[],
  doses: (Omit<RecordDose, 'time'> & Timed)[], observations: (Omit<RecordObservation, 'time'> & Timed)[],
): PatientRecord {
  const dated = [...doses, ...observations].filter((x) => x.dateMs !== undefined);
  const relative = [...doses, ...observations].find((x) => x.dateMs === undefined);
  if (startMs === undefined && relative && dated.length && !doses.some((x) => x.dateMs !== undefined)) {
    throw InputError.at(relative.pos.file, relative.pos.line, relative.pos.col, 'times are given relative to time zero, but time zero is not a date: no dose is dated',
      'date the first dose, or give start: <date of time zero>');
  }
  const zero = startMs ?? (doses.some((x) => x.dateMs !== undefined) ? Math.min(...doses.filter((x) => x.dateMs !== undefined).map((x) => x.dateMs!)) : dated.length ? Math.min(...dated.map((x) => x.dateMs!)) : undefined);
  const hours = (x: Timed): number => (x.dateMs !== undefined ? (x.dateMs - zero!) / 3_600_000 : x.hours!);
  const strip = <T extends Timed>({ hours: _h, dateMs: _d, ...rest }: T) => rest;
  return {
    id, file, ...(zero === undefined ? {} : { origin: new Date(zero).toISOString() }), covariates,
    doses: doses.map((x) => ({ ...strip(x), time: hours(x) } as RecordDose)),
    observations: observations.map((x) => ({ ...strip(x), time: hours(x) } as RecordObservation)),
  };
}
