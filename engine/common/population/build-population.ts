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
 *   order; then one draw per genotype, in file order; then one draw per eta, in the model's eta
 *   order. They never depend on the regimens.
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
import { derivedExpr } from './derived-covariates.js';
import { genotypeAssigns } from './genotype-program.js';
import { checkSubgroups } from './subgroup-check.js';
import { tableColumns, type TableColumns, type TableParameter } from './table-columns.js';
import { add, call, mul, num, ref } from './expr-build.js';
import type { CovariateSpec, PopulationSpec } from './population-spec.js';
import type { PopulationSymbol } from './population-symbol.js';

export type { PopulationSymbol };


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

/** What the steps of building a population share. */
interface Build {
  model: ModelIR;
  tu: string;
  typical: boolean;
  assigns: Assign[];
  symbols: Map<string, PopulationSymbol>;
  define(s: PopulationSymbol, pos: SourcePos): void;
}

/** Builds the population program; every problem is an InputError at the scenario (or CSV) position. */
export function buildPopulation(spec: PopulationSpec, model: ModelIR, table?: { csv: CsvTable; file: string }): PopulationBuild {
  const symbols = new Map<string, PopulationSymbol>();
  const b: Build = {
    model, tu: model.timeUnit, typical: spec.mode === 'typical', assigns: [], symbols,
    define: (s, pos) => {
      const problem = symbolNameProblem(s.name);
      if (problem) fail(pos, `'${s.name}' cannot be used as a name: ${problem}`, `use letters, digits and _ (e.g. WT, SCR); ${RESERVED_HINT}`);
      if (symbols.has(s.name)) fail(pos, `${s.name} is defined twice`, 'keep one definition (table column, covariate or derived)');
      symbols.set(s.name, s);
    },
  };
  // 1. Table columns (imported patients); 2. random covariates; 3. genotypes and phenotypes;
  // 4. derived covariates, in file order (they may use genotypes and phenotypes).
  const fromTable = table ? tablePart(b, spec, table) : undefined;
  let draws = genotypeAssigns(spec.genotypes, spec.phenotypes, b, randomCovariates(b, spec));
  for (const d of spec.derived) {
    const u = unitOf(d.unit, b.tu, d.pos);
    const expr = derivedExpr(d, symbols, b.tu);
    b.define({ name: d.name, unit: d.unit, factor: u.factor, dims: u.dim }, d.pos);
    // Formulas return internal units; free expressions return the declared unit.
    b.assigns.push({ name: d.name, expr: mul(expr, num(d.formula ? 1 : u.factor)) });
  }
  // 5. The model's covariates must all be present, in a compatible unit; subgroups name known values.
  for (const mc of model.covariates) checkModelCovariate(b, mc, spec, table);
  checkSubgroups(spec, symbols);
  // 6. Etas = L·z (an eta.<parameter> table column overrides its eta; every eta keeps its draw).
  draws = etaAssigns(b, spec, draws, fromTable?.columns.etas ?? new Set());
  const program: PopulationProgram = { draws, assigns: b.assigns, report: [...symbols.keys()] };
  if (fromTable) program.table = fromTable.data;
  return { program, parameters: fromTable?.columns.parameters ?? [], tableRows: fromTable?.data.rows, symbols };
}

/**
 * Imported patients: values converted to internal units on the host. Parameter and eta columns set
 * what they name (./table-columns.ts); the others are covariates.
 */
function tablePart(b: Build, spec: PopulationSpec, table: { csv: CsvTable; file: string }): { data: NonNullable<PopulationProgram['table']>; columns: TableColumns } {
  const { csv } = table;
  const data = Float64Array.from(csv.data);
  const columns = tableColumns(csv, table.file, spec.table, b.model, data);
  b.assigns.push(...columns.assigns);
  for (const j of columns.covariates) {
    const col = csv.columns[j];
    const pos = { file: table.file, line: csv.headerLine, col: csv.headerCols[j] };
    const lv = spec.table?.levels.get(col);
    if (lv) {
      const { codes, order } = levelCodes(col, lv, b.model, spec.table!.pos);
      for (let r = 0; r < csv.rows; r++) data[j * csv.rows + r] = codes[data[j * csv.rows + r]];
      b.define({ name: col, unit: '1', factor: 1, dims: DIM.none, levels: order }, pos);
    } else {
      const unit = spec.table?.units.get(col) ?? b.model.covariates.find((c) => c.name === col)?.unit ?? STANDARD_UNITS.get(col) ?? '1';
      const u = unitOf(unit, b.tu, spec.table?.pos ?? pos);
      for (let r = 0; r < csv.rows; r++) data[j * csv.rows + r] *= u.factor;
      b.define({ name: col, unit, factor: u.factor, dims: u.dim }, pos);
    }
    b.assigns.push({ name: col, expr: ref(`table.${col}`) });
  }
  for (const c of spec.table?.units.keys() ?? []) {
    if (!csv.columns.includes(c)) fail(spec.table!.pos, `units are given for column '${c}', which ${table.file} does not have`);
  }
  return { data: { columns: csv.columns, rows: csv.rows, data }, columns };
}

/** Random covariates, drawing in file order; returns the number of draws used. */
function randomCovariates(b: Build, spec: PopulationSpec): number {
  let draws = 0;
  const drawOf = new Map<string, number>();
  if (!b.typical) for (const c of spec.covariates) if (c.dist.kind !== 'fixed') drawOf.set(c.name, draws++);
  const sources = copulaSources(spec, drawOf, b.assigns, b.typical);
  for (const c of spec.covariates) {
    let levels: string[] | undefined;
    let codes: number[] | undefined;
    let u: { factor: number; dim: Dim } = { factor: 1, dim: DIM.none };
    if (c.dist.kind === 'categorical') {
      ({ codes, order: levels } = levelCodes(c.name, c.dist.levels, b.model, c.pos));
      if (c.unit !== '1') fail(c.pos, 'a categorical covariate has no unit', 'remove unit');
    } else {
      u = unitOf(c.unit, b.tu, c.pos);
    }
    let expr: Expr;
    if (b.typical) expr = num(typicalValue(c.dist, codes) * u.factor);
    else {
      const k = drawOf.get(c.name);
      const src: DrawSource = sources.get(c.name) ?? (k === undefined
        ? { u: num(0.5), z: num(0) }
        : { u: { k: 'rand', index: k }, z: call('qnorm', { k: 'rand', index: k }) });
      expr = mul(marginalExpr(c.dist, src, codes), num(u.factor));
    }
    b.define({ name: c.name, unit: c.unit, factor: u.factor, dims: u.dim, levels }, c.pos);
    b.assigns.push({ name: c.name, expr });
  }
  return draws;
}

/** A covariate the model reads must be in the population, in a unit of the same kind. */
function checkModelCovariate(b: Build, mc: ModelIR['covariates'][number], spec: PopulationSpec, table?: { csv: CsvTable; file: string }): void {
  const { model, tu } = b;
  const s = b.symbols.get(mc.name);
  const unit = mc.unit && mc.unit !== '1' ? ` (${mc.unit})` : '';
  if (!s) {
    const near = closest(mc.name, b.symbols.keys());
    if (table) {
      fail({ file: table.file, line: table.csv.headerLine, col: 1 }, `column ${mc.name} is missing: model ${model.name} needs covariate ${mc.name}${unit}`,
        near ? `did you mean to name column '${near}' ${mc.name}?` : `add a ${mc.name} column, or define ${mc.name} under population.covariates or derived`);
    }
    fail(spec.pos, `model ${model.name} needs covariate ${mc.name}${unit}, which the population does not define`,
      near ? `did you mean to name '${near}' ${mc.name}?` : `add ${mc.name} under population.covariates, derived, or the table`);
  }
  const mu = mc.levels ? undefined : internalUnit(mc.unit || '1', tu);
  if (mu && !s.levels && !dimEqual(mu.dim, s.dims)) {
    fail(spec.pos, `model ${model.name} expects ${mc.name} in ${mc.unit} (${describeDim(mu.dim, tu)}), the population gives ${s.unit} (${describeDim(s.dims, tu)})`, `declare ${mc.name} with a unit of the same kind as ${mc.unit}`);
  }
}

/** Etas = L·z with L = Cholesky(omega); one draw per eta after `draws`; returns the new draw count. */
function etaAssigns(b: Build, spec: PopulationSpec, draws: number, fromTable: Set<string>): number {
  const { etas, omega } = b.model.variability;
  const n = etas.length;
  const l = cholesky(omega, n);
  if (!l) fail(spec.pos, `the omega matrix of model ${b.model.name} is not positive semi-definite`, 'check the model\'s variability and correlations');
  const zNames = etas.map((_, k) => `pop_eta_z${k}`);
  if (!b.typical) zNames.forEach((zk, k) => b.assigns.push({ name: zk, expr: call('qnorm', { k: 'rand', index: draws + k }) }));
  for (let j = 0; j < n; j++) {
    if (fromTable.has(etas[j])) continue;
    let e: Expr = num(0);
    if (!b.typical) for (let k = 0; k <= j; k++) if (l[j * n + k] !== 0) e = add(e, mul(num(l[j * n + k]), ref(zNames[k])));
    b.assigns.push({ name: etas[j], expr: e });
  }
  return b.typical ? draws : draws + n;
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
