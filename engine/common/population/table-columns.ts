/**
 * The columns of an imported patient table, each setting what its name says (docs/FORMATS.md
 * "Patient tables"); a column is never silently ignored:
 * - an individual parameter of the model (`CL`, or `pk.CL` in a composed model): the patient's value
 *   of that parameter, in place of typical value × covariate effects × IIV. The job's copy of the
 *   model reads it from the population program (`withTableParameters`), so the kernels see only IR;
 * - a random effect `eta.<parameter>` (`eta.CL`, `eta.pk.CL`): the patient's eta; the other etas keep
 *   their draws;
 * - any other name: a covariate (one the model reads, or one the scenario uses in derived
 *   covariates, doses or rules, or a label such as ID), reported per patient.
 * A column named like another model symbol (a derived quantity, state or output, which a table
 * cannot set) or a dotted name that matches nothing is an error naming the column and the valid names.
 */
import { closest, InputError } from '../errors.js';
import { ir, type Assign, type ModelIR, type SourcePos } from '../ir.js';
import { describeDim, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { CsvTable } from './csv-table.js';
import type { TableSpec } from './population-spec.js';

/** Prefix of the population values that hold table parameters (no model or covariate name has a colon). */
const PARAMETER_VALUE = 'table:';

/** A column that sets an individual parameter: `name` (individual) reads population value `from`. */
export interface TableParameter {
  name: string;
  from: string;
}

/** What the table's parameter and eta columns set; covariate columns are left to the caller. */
export interface TableColumns {
  /** Indices of the columns that are covariates. */
  covariates: number[];
  /** Population assigns of the parameter and eta columns (values converted in `data`). */
  assigns: Assign[];
  parameters: TableParameter[];
  /** Model eta names the table sets. */
  etas: Set<string>;
}

/** `eta.pk.CL` → the model's eta `pk.eta.CL`; the model's eta → its column name. */
const etaOfColumn = (column: string): string => column.slice(4).replace(/^(.*\.)?([^.]+)$/, '$1eta.$2');
const columnOfEta = (eta: string): string => `eta.${eta.replace(/(^|\.)eta\.([^.]+)$/, '$1$2')}`;
/** Individual `pk.CL` → its typical value `pk.tv.CL`. */
const typicalOf = (individual: string): string => individual.replace(/^(.*\.)?([^.]+)$/, '$1tv.$2');

function fail(pos: SourcePos, message: string, hint?: string): never {
  throw InputError.at(pos.file, pos.line, pos.col, message, hint);
}

/** The names a column may have besides plain covariate names, for messages. */
function validNames(model: ModelIR): string {
  const params = model.individual.map((a) => a.name);
  const etas = model.variability.etas.map(columnOfEta);
  const covs = model.covariates.map((c) => c.name);
  return `parameters: ${params.join(', ') || 'none'}; random effects: ${etas.join(', ') || 'none'}; model covariates: ${covs.join(', ') || 'none'}`;
}

/**
 * Classifies the table's columns and converts parameter and eta values to internal units in `data`
 * (column-major, as in the CsvTable).
 */
export function tableColumns(csv: CsvTable, file: string, spec: TableSpec | undefined, model: ModelIR, data: Float64Array): TableColumns {
  const out: TableColumns = { covariates: [], assigns: [], parameters: [], etas: new Set() };
  const individuals = new Set(model.individual.map((a) => a.name));
  const fixed = new Map<string, string>([
    ...model.derived.map((d): [string, string] => [d.name, 'a derived quantity']),
    ...model.states.map((s): [string, string] => [s.name, 'a state']),
    ...model.outputs.map((o): [string, string] => [o.name, 'an output']),
  ]);
  const tu = model.timeUnit;
  csv.columns.forEach((col, j) => {
    const pos = { file, line: csv.headerLine, col: csv.headerCols[j] };
    /** Converts the column from `unit` to internal units; `dim` (when given) is what it must measure. */
    const scale = (unit: string, dim?: Dim, what?: string) => {
      const u = internalUnit(unit, tu, spec?.pos ?? pos);
      if (dim && !dimEqual(u.dim, dim)) fail(spec?.pos ?? pos, `column ${col} sets ${what}, which is ${describeDim(dim, tu)}; '${unit}' is ${describeDim(u.dim, tu)}`, `give ${col} a unit of the same kind`);
      for (let r = 0; r < csv.rows; r++) data[j * csv.rows + r] *= u.factor;
    };
    if (spec?.levels.has(col) && (individuals.has(col) || col.includes('.'))) fail(pos, `column ${col} is not a covariate, so it has no levels`, 'remove it from levels:');
    if (col.startsWith('eta.') && model.variability.etas.includes(etaOfColumn(col))) {
      const eta = etaOfColumn(col);
      // An eta is on the log or logit scale (dimensionless) unless the parameter's variability is
      // normal; then its unit is given under units: and converted.
      const given = spec?.units.get(col);
      if (given !== undefined) scale(given);
      out.etas.add(eta);
      out.assigns.push({ name: eta, expr: ir.ref(`table.${col}`) });
    } else if (individuals.has(col)) {
      const tv = model.params.find((p) => p.name === typicalOf(col));
      const unit = spec?.units.get(col) ?? tv?.unit ?? '1';
      scale(unit, internalUnit(tv?.unit ?? '1', tu).dim, `parameter ${col} (${tv?.unit ?? '1'})`);
      out.parameters.push({ name: col, from: `${PARAMETER_VALUE}${col}` });
      out.assigns.push({ name: `${PARAMETER_VALUE}${col}`, expr: ir.ref(`table.${col}`) });
    } else if (fixed.has(col)) {
      fail(pos, `column ${col} names ${fixed.get(col)} of model ${model.name}, which a table cannot set`, `a column sets an individual parameter, a random effect or a covariate (${validNames(model)})`);
    } else if (col.includes('.')) {
      const guess = closest(col, [...individuals, ...model.variability.etas.map(columnOfEta)]);
      fail(pos, `column ${col} names no individual parameter or random effect of model ${model.name}`, `${guess ? `did you mean '${guess}'? ` : ''}${validNames(model)}`);
    } else {
      out.covariates.push(j);
    }
  });
  return out;
}

/**
 * The model a job runs when a table sets individual parameters: a copy whose assignments of those
 * parameters read the table's values from the population program. Other individual parameters that
 * use them (e.g. K = CL/V) follow, as the parameter's name says.
 */
export function withTableParameters(model: ModelIR, parameters: readonly TableParameter[] | undefined): ModelIR {
  if (!parameters?.length) return model;
  const from = new Map(parameters.map((p) => [p.name, p.from]));
  return { ...model, individual: model.individual.map((a) => (from.has(a.name) ? { name: a.name, expr: ir.ref(from.get(a.name)!) } : a)) };
}
