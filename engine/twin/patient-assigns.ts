/**
 * The patient's covariates as population assigns (internal units): the values the record gives,
 * and, with a scenario, the scenario's derived covariates computed from them (BSA from WT and HT,
 * CRCL …). A value the scenario would draw at random and the twin needs (the model reads it, or a
 * forecast regimen's dose does) must come from the record: a twin is this patient, not a draw.
 */
import { closest, type Diagnostic } from '../common/errors.js';
import { ir, refsOf, type Assign, type Expr, type ModelIR } from '../common/ir.js';
import type { PopulationProgram } from '../common/job.js';
import type { PatientRecord, RecordCovariate } from '../common/patient-record/record.js';
import { describeDim, dimEqual } from '../common/units/dimension.js';
import { internalUnit } from '../common/units/quantity.js';

/** True when the expression draws random numbers or reads an imported table. */
function isRandom(e: Expr): boolean {
  switch (e.k) {
    case 'rand': return true;
    case 'ref': return e.name.startsWith('table.');
    case 'op': return isRandom(e.a) || isRandom(e.b);
    case 'neg': case 'not': return isRandom(e.a);
    case 'call': return e.args.some(isRandom);
    case 'cond': return isRandom(e.c) || isRandom(e.a) || isRandom(e.b);
    default: return false;
  }
}

/** Where a patient's values come from besides the record. */
export interface PatientValueOptions {
  /** The scenario's population program: its derived covariates (BSA …) follow the patient's values. */
  population?: PopulationProgram;
  /** Units of the scenario's population values (by name), for record covariates without a unit. */
  units?: Map<string, string>;
  /** Level names of the scenario's categorical population values. */
  levels?: Map<string, string[]>;
  /** Names the forecast regimens read (dose levels: BSA, CRCL …): they must be known too. */
  needed?: string[];
}

/** One record covariate in internal units (a level index for categorical ones); undefined after a diagnostic. */
function covariateValue(c: RecordCovariate, model: ModelIR, unitOf: (n: string) => string | undefined, levelsOf: Map<string, string[]>, diags: Diagnostic[]): number | undefined {
  const levels = levelsOf.get(c.name);
  if (levels) {
    const i = levels.indexOf(String(c.value));
    if (i < 0) {
      const guess = closest(String(c.value), levels);
      diags.push({ ...c.pos, message: `${c.name} '${c.value}' is not a level the model or scenario knows (${levels.join(', ')})`, hint: guess ? `did you mean '${guess}'?` : 'give one of the level names' });
      return undefined;
    }
    return i;
  }
  if (typeof c.value !== 'number' || !Number.isFinite(c.value)) {
    diags.push({ ...c.pos, message: `${c.name} must be a number, got '${c.value}'`, hint: 'give a number with its unit, e.g. 70 kg' });
    return undefined;
  }
  const expected = unitOf(c.name);
  try {
    const u = internalUnit(c.unit ?? expected ?? '1', model.timeUnit, c.pos);
    if (expected !== undefined) {
      const want = internalUnit(expected, model.timeUnit).dim;
      if (!dimEqual(u.dim, want)) {
        diags.push({ ...c.pos, message: `${c.name} in '${c.unit}' is ${describeDim(u.dim, model.timeUnit)}, but it is read in ${expected}`, hint: `give ${c.name} in ${expected} or a unit of the same kind` });
        return undefined;
      }
    }
    return c.value * u.factor;
  } catch (e) {
    if (e instanceof Error && 'diagnostics' in e) { diags.push(...(e as { diagnostics: Diagnostic[] }).diagnostics); return undefined; }
    throw e;
  }
}

export function patientAssigns(model: ModelIR, record: PatientRecord, opts: PatientValueOptions, diags: Diagnostic[]): { assigns: Assign[]; notes: string[] } {
  const notes: string[] = [];
  const modelCovs = new Map(model.covariates.map((c) => [c.name, c]));
  const unitOf = (n: string): string | undefined => modelCovs.get(n)?.unit ?? opts.units?.get(n);
  const given = new Map<string, number>();
  for (const c of record.covariates) {
    if (given.has(c.name)) { diags.push({ ...c.pos, message: `covariate ${c.name} is given twice`, hint: 'keep one value' }); continue; }
    const v = covariateValue(c, model, unitOf, opts.levels ?? new Map(), diags);
    if (v !== undefined) given.set(c.name, v);
  }
  const etas = new Set(model.variability.etas);
  const program = (opts.population?.assigns ?? []).filter((a) => !etas.has(a.name));
  const known = new Set([...program.map((a) => a.name), ...modelCovs.keys()]);
  for (const c of record.covariates) if (!known.has(c.name)) notes.push(`covariate ${c.name} is not read by the model or the scenario`);

  const assigns: Assign[] = [];
  const randomMissing = new Set<string>();
  for (const a of program) {
    if (given.has(a.name)) assigns.push({ name: a.name, expr: ir.num(given.get(a.name)!) });
    else if (isRandom(a.expr)) randomMissing.add(a.name);
    else assigns.push(a);
  }
  for (const name of modelCovs.keys()) {
    if (assigns.some((a) => a.name === name)) continue;
    if (given.has(name)) assigns.push({ name, expr: ir.num(given.get(name)!) });
    else randomMissing.add(name);
  }
  // What the twin needs: the model's covariates and the forecast doses' inputs, through the assigns they read.
  const needed = new Set<string>([...modelCovs.keys(), ...(opts.needed ?? [])]);
  for (let i = assigns.length - 1; i >= 0; i--) if (needed.has(assigns[i].name)) refsOf(assigns[i].expr, needed);
  const missing = [...randomMissing].filter((n) => needed.has(n));
  if (missing.length) {
    const at = record.covariates[0]?.pos ?? { file: record.file, line: 1, col: 1 };
    diags.push({ ...at, message: `the patient record must give ${missing.join(', ')} (${missing.length === 1 ? 'it is' : 'they are'} needed by the model or the doses, and a twin uses this patient's own values)`,
      hint: missing.map((n) => `${n}${unitOf(n) ? ` in ${unitOf(n)}` : ''}${modelCovs.get(n)?.levels ? ` (${modelCovs.get(n)!.levels!.join('/')})` : ''}`).join(', ') });
  }
  return { assigns: assigns.filter((a) => needed.has(a.name) || given.has(a.name)), notes };
}
