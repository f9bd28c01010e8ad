/**
 * Scenario population section + model → PopulationProgram (engine/common/job.ts).
 *
 * Conventions (the kernel and reports rely on them):
 * - Values are in internal units (ir.ts): a covariate declared `WT: { unit: kg }` reaches the model
 *   in mg, BSA in dm², CRCL in L per model time unit. Model covariate effects are converted the same
 *   way by the model loader, so (cov/ref) ratios and dose × WT products come out right; formulas
 *   (BSA, Cockcroft–Gault) convert their inputs back to the units they were published in.
 * - Categorical covariates are level codes 0..k−1: the model's `levels` order when the model declares
 *   levels for that covariate, otherwise the order the scenario lists them.
 * - Draw indices: each random covariate (not fixed, not from the table) takes one draw, in file
 *   order; then one draw per eta, in the model's eta order. They never depend on the regimens.
 * - Mode 'typical': no draws; continuous covariates at their median, categorical at the most likely
 *   level, etas 0.
 * - Etas: eta = L·z, L = Cholesky(omega) computed here, constants inlined.
 */
import { closest, InputError } from '../errors.js';
import type { Assign, Expr, ModelIR, SourcePos } from '../ir.js';
import type { PopulationProgram } from '../job.js';
import { describeDim, DIM, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit, type InternalUnit } from '../units/quantity.js';
import { RESERVED_HINT, symbolNameProblem } from '../expr/names.js';
import { cholesky } from './cholesky.js';
import { marginalExpr, typicalValue, type DrawSource } from './covariate-dist.js';
import type { CsvTable } from './csv-table.js';
import { bsaExpr, cockcroftGaultExpr } from './derived-covariates.js';
import { tableColumns, type TableColumns, type TableParameter } from './table-columns.js';
import { add, call, div, mul, num, ref } from './expr-build.js';
import { parseExpression, scopeOf } from '../expr/parse-expression.js';
import { substitute } from '../expr/simplify.js';
import type { CovariateSpec, PopulationSpec } from './population-spec.js';

/** What the rest of the scenario may know about a population value. */
export interface PopulationSymbol {
  name: string;
  /** Unit the user wrote (reports convert back with 1/factor). */
  unit: string;
  /** Internal value of one `unit`. */
  factor: number;
  dims: Dim;
  /** Level names in code order, for categorical values. */
  levels?: string[];
}

export interface PopulationBuild {
  program: PopulationProgram;
  /** Individual parameters the patient table sets (the job's model reads them: withTableParameters). */
  parameters: TableParameter[];
  /** Number of patients fixed by an imported table. */
  tableRows?: number;
  /** Covariates and derived covariates by name. */
  symbols: Map<string, PopulationSymbol>;
}

/** Units the standard formula inputs are assumed to be in when a table column gives none. */
const STANDARD_UNITS = new Map([['WT', 'kg'], ['HT', 'cm'], ['AGE', 'yr'], ['SCR', 'mg/dL'], ['BSA', 'm^2'], ['CRCL', 'mL/min']]);

function fail(pos: SourcePos, message: string, hint?: string): never {
  throw InputError.at(pos.file, pos.line, pos.col, message, hint);
}

function unitOf(unit: string, timeUnit: string, pos: SourcePos): InternalUnit {
  return internalUnit(unit, timeUnit, pos);
}

/** Level codes: the model's level order when the model declares levels, else the scenario order. */
function levelCodes(name: string, levels: string[], model: ModelIR, pos: SourcePos): { codes: number[]; order: string[] } {
  const declared = model.covariates.find((c) => c.name === name)?.levels;
  if (!declared) return { codes: levels.map((_, i) => i), order: levels };
  const codes = levels.map((lv) => {
    const i = declared.indexOf(lv);
    if (i < 0) {
      const s = closest(lv, declared);
      fail(pos, `level '${lv}' of ${name} is not one the model knows (${declared.join(', ')})`, s ? `did you mean '${s}'?` : `use the model's level names`);
    }
    return i;
  });
  return { codes, order: declared };
}

/** Builds the population program; every problem is an InputError at the scenario (or CSV) position. */
export function buildPopulation(spec: PopulationSpec, model: ModelIR, table?: { csv: CsvTable; file: string }): PopulationBuild {
  const tu = model.timeUnit;
  const assigns: Assign[] = [];
  const symbols = new Map<string, PopulationSymbol>();
  const typical = spec.mode === 'typical';
  let draws = 0;

  const define = (s: PopulationSymbol, pos: SourcePos): void => {
    const problem = symbolNameProblem(s.name);
    if (problem) fail(pos, `'${s.name}' cannot be used as a name: ${problem}`, `use letters, digits and _ (e.g. WT, SCR); ${RESERVED_HINT}`);
    if (symbols.has(s.name)) fail(pos, `${s.name} is defined twice`, 'keep one definition (table column, covariate or derived)');
    symbols.set(s.name, s);
  };

  // 1. Table columns (imported patients): data converted to internal units on the host. Parameter
  // and eta columns set what they name (./table-columns.ts); the others are covariates.
  let tableData: PopulationProgram['table'];
  let fromTable: TableColumns = { covariates: [], assigns: [], parameters: [], etas: new Set() };
  if (table) {
    const { csv } = table;
    const data = Float64Array.from(csv.data);
    fromTable = tableColumns(csv, table.file, spec.table, model, data);
    assigns.push(...fromTable.assigns);
    fromTable.covariates.forEach((j) => {
      const col = csv.columns[j];
      const pos = { file: table.file, line: csv.headerLine, col: csv.headerCols[j] };
      const lv = spec.table?.levels.get(col);
      if (lv) {
        const { codes, order } = levelCodes(col, lv, model, spec.table!.pos);
        for (let r = 0; r < csv.rows; r++) data[j * csv.rows + r] = codes[data[j * csv.rows + r]];
        define({ name: col, unit: '1', factor: 1, dims: DIM.none, levels: order }, pos);
      } else {
        const unit = spec.table?.units.get(col) ?? model.covariates.find((c) => c.name === col)?.unit ?? STANDARD_UNITS.get(col) ?? '1';
        const u = unitOf(unit, tu, spec.table?.pos ?? pos);
        for (let r = 0; r < csv.rows; r++) data[j * csv.rows + r] *= u.factor;
        define({ name: col, unit, factor: u.factor, dims: u.dim }, pos);
      }
      assigns.push({ name: col, expr: ref(`table.${col}`) });
    });
    tableData = { columns: csv.columns, rows: csv.rows, data };
    for (const c of spec.table?.units.keys() ?? []) {
      if (!csv.columns.includes(c)) fail(spec.table!.pos, `units are given for column '${c}', which ${table.file} does not have`);
    }
  }

  // 2. Random covariates: draw indices in file order.
  const drawOf = new Map<string, number>();
  if (!typical) for (const c of spec.covariates) if (c.dist.kind !== 'fixed') drawOf.set(c.name, draws++);
  const sources = copulaSources(spec, drawOf, assigns, typical);

  for (const c of spec.covariates) {
    let expr: Expr;
    let levels: string[] | undefined;
    let factor = 1;
    let dims = DIM.none;
    let codes: number[] | undefined;
    if (c.dist.kind === 'categorical') {
      const lc = levelCodes(c.name, c.dist.levels, model, c.pos);
      codes = lc.codes;
      levels = lc.order;
      if (c.unit !== '1') fail(c.pos, 'a categorical covariate has no unit', 'remove unit');
    } else {
      const u = unitOf(c.unit, tu, c.pos);
      factor = u.factor;
      dims = u.dim;
    }
    if (typical) expr = num(typicalValue(c.dist, codes) * factor);
    else {
      const k = drawOf.get(c.name);
      const src: DrawSource = sources.get(c.name) ?? (k === undefined
        ? { u: num(0.5), z: num(0) }
        : { u: { k: 'rand', index: k }, z: call('qnorm', { k: 'rand', index: k }) });
      expr = mul(marginalExpr(c.dist, src, codes), num(factor));
    }
    define({ name: c.name, unit: c.unit, factor, dims, levels }, c.pos);
    assigns.push({ name: c.name, expr });
  }

  // 3. Derived covariates, in file order (each may use the ones before it).
  for (const d of spec.derived) {
    let expr: Expr;
    const need = (name: string, dims: Dim[], what: string): PopulationSymbol => {
      const s = symbols.get(name);
      if (!s) fail(d.pos, `${d.formula} needs covariate ${name} (${what}), which the population does not define`, `add ${name} under population.covariates or as a table column`);
      if (!dims.some((x) => dimEqual(x, s.dims))) fail(d.pos, `${name} must be a ${what}, but its unit '${s.unit}' is ${describeDim(s.dims, tu)}`);
      return s;
    };
    if (d.formula === 'mosteller' || d.formula === 'dubois') {
      need('WT', [DIM.mass], 'body weight, e.g. kg');
      need('HT', [DIM.length], 'height, e.g. cm');
      expr = bsaExpr(d.formula, 'WT', 'HT', tu);
    } else if (d.formula === 'cockcroft_gault') {
      need('AGE', [DIM.time], 'age, e.g. yr');
      need('WT', [DIM.mass], 'body weight, e.g. kg');
      const scr = need('SCR', [DIM.massConcentration, DIM.molarConcentration], 'serum creatinine, mg/dL or umol/L');
      const sex = symbols.get('SEX');
      const female = sex?.levels?.findIndex((l) => /^(f|female|w|woman)$/i.test(l)) ?? -1;
      if (!sex || female < 0) fail(d.pos, 'cockcroft_gault needs a categorical covariate SEX with a level F (female)', 'add SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }');
      expr = cockcroftGaultExpr({ age: 'AGE', wt: 'WT', scr: 'SCR', sex: 'SEX' }, female, !dimEqual(scr.dims, DIM.massConcentration), tu);
    } else {
      // Free expression, written in the declared units of the covariates it uses.
      const parsed = parseExpression(d.expr!, d.where ?? d.pos, scopeOf(symbols.keys()));
      expr = substitute(parsed, (name) => {
        const s = symbols.get(name);
        return s ? div(ref(name), num(s.factor)) : undefined;
      });
    }
    const u = unitOf(d.unit, tu, d.pos);
    const outFactor = d.formula ? 1 : u.factor; // formulas already return internal units
    define({ name: d.name, unit: d.unit, factor: u.factor, dims: u.dim }, d.pos);
    assigns.push({ name: d.name, expr: mul(expr, num(outFactor)) });
  }

  // 4. The model's covariates must all be present, in a compatible unit.
  for (const mc of model.covariates) {
    const s = symbols.get(mc.name);
    if (!s) {
      const near = closest(mc.name, symbols.keys());
      if (table) {
        fail({ file: table.file, line: table.csv.headerLine, col: 1 }, `column ${mc.name} is missing: model ${model.name} needs covariate ${mc.name}${mc.unit && mc.unit !== '1' ? ` (${mc.unit})` : ''}`,
          near ? `did you mean to name column '${near}' ${mc.name}?` : `add a ${mc.name} column, or define ${mc.name} under population.covariates or derived`);
      }
      fail(spec.pos, `model ${model.name} needs covariate ${mc.name}${mc.unit && mc.unit !== '1' ? ` (${mc.unit})` : ''}, which the population does not define`,
        near ? `did you mean to name '${near}' ${mc.name}?` : `add ${mc.name} under population.covariates, derived, or the table`);
    }
    const mu = mc.levels ? undefined : internalUnit(mc.unit || '1', tu);
    if (mu && !s.levels && !dimEqual(mu.dim, s.dims)) {
      fail(spec.pos, `model ${model.name} expects ${mc.name} in ${mc.unit} (${describeDim(mu.dim, tu)}), the population gives ${s.unit} (${describeDim(s.dims, tu)})`, `declare ${mc.name} with a unit of the same kind as ${mc.unit}`);
    }
  }

  // 5. Etas = L·z (an eta.<parameter> table column overrides its eta; every eta keeps its draw).
  const { etas, omega } = model.variability;
  const n = etas.length;
  const l = cholesky(omega, n);
  if (!l) fail(spec.pos, `the omega matrix of model ${model.name} is not positive semi-definite`, 'check the model\'s variability and correlations');
  const zNames: string[] = [];
  for (let k = 0; k < n; k++) {
    const zk = `pop_eta_z${k}`;
    zNames.push(zk);
    if (!typical) assigns.push({ name: zk, expr: call('qnorm', { k: 'rand', index: draws + k }) });
  }
  if (!typical) draws += n;
  for (let j = 0; j < n; j++) {
    if (fromTable.etas.has(etas[j])) continue;
    let e: Expr = num(0);
    if (!typical) for (let k = 0; k <= j; k++) if (l[j * n + k] !== 0) e = add(e, mul(num(l[j * n + k]), ref(zNames[k])));
    assigns.push({ name: etas[j], expr: e });
  }

  const program: PopulationProgram = {
    draws,
    assigns,
    report: [...symbols.keys()],
  };
  if (tableData) program.table = tableData;
  return { program, parameters: fromTable.parameters, tableRows: tableData?.rows, symbols };
}

/**
 * Gaussian copula: for covariates named in `correlations`, z = L·ζ with ζ their own normal draws
 * and L = Cholesky(R); their uniforms become pnorm(z). Others keep their own draw.
 */
function copulaSources(spec: PopulationSpec, drawOf: Map<string, number>, assigns: Assign[], typical: boolean): Map<string, DrawSource> {
  const out = new Map<string, DrawSource>();
  if (typical || spec.correlations.length === 0) return out;
  const members: string[] = [];
  const byName = new Map<string, CovariateSpec>(spec.covariates.map((c) => [c.name, c]));
  for (const r of spec.correlations) {
    for (const name of r.between) {
      const c = byName.get(name);
      if (!c) {
        const s = closest(name, byName.keys());
        fail(r.pos, `correlation names ${name}, which is not a covariate of the population`, s ? `did you mean '${s}'?` : undefined);
      }
      if (c.dist.kind === 'fixed') fail(r.pos, `${name} is fixed and cannot be correlated`);
      if (!members.includes(name)) members.push(name);
    }
  }
  // Keep file order so the draw → covariate mapping reads naturally.
  members.sort((a, b) => drawOf.get(a)! - drawOf.get(b)!);
  const m = members.length;
  const corr = new Array<number>(m * m).fill(0);
  for (let i = 0; i < m; i++) corr[i * m + i] = 1;
  for (const r of spec.correlations) {
    const i = members.indexOf(r.between[0]);
    const j = members.indexOf(r.between[1]);
    if (corr[i * m + j] !== 0) fail(r.pos, `the correlation of ${r.between[0]} and ${r.between[1]} is given twice`);
    corr[i * m + j] = corr[j * m + i] = r.r;
  }
  const l = cholesky(corr, m);
  if (!l || l.some((x, idx) => idx % (m + 1) === 0 && x === 0)) {
    fail(spec.correlations[0].pos, 'these correlations are not consistent (the correlation matrix is not positive definite)', 'reduce the correlations');
  }
  for (const name of members) assigns.push({ name: `pop_z_${name}`, expr: call('qnorm', { k: 'rand', index: drawOf.get(name)! }) });
  members.forEach((name, i) => {
    let z: Expr = num(0);
    for (let k = 0; k <= i; k++) if (l[i * m + k] !== 0) z = add(z, mul(num(l[i * m + k]), ref(`pop_z_${members[k]}`)));
    assigns.push({ name: `pop_zc_${name}`, expr: z });
    out.set(name, { u: call('pnorm', ref(`pop_zc_${name}`)), z: ref(`pop_zc_${name}`) });
  });
  return out;
}
