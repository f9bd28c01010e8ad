/**
 * One model file (and, recursively, its modules) → pieces of the flattened IR in a `LoadContext`.
 * Every name the file declares becomes `<prefix><name>`; modules add `<module>.` to the prefix.
 * All numbers are converted to internal units (time = the root model's time unit), which also
 * rescales modules written in another time unit. Sections are compiled in dependency order; each
 * reports its problems to the context, and `ctx.flush()` throws them together at the points where
 * going on would only add follow-on errors (bad time unit, bad declarations, end of file).
 */
import { closest, InputError } from '../errors.js';
import { sha256Hex } from '../hash.js';
import { ir, type DoseTargetIR, type Expr, type SourcePos } from '../ir.js';
import { symbolNameProblem } from '../expr/names.js';
import { DIMENSIONLESS, dimDiv, dimEqual, formatDim } from '../units/dimension.js';
import { expectDim, internalScale, parseUnit } from '../units/parse-unit.js';
import type { LoadContext, SymbolInfo } from './context.js';
import { buildIndividual } from './individual.js';
import { modelFileSchema, type ModelFile } from './schema.js';
import { buildVariability } from './variability.js';
import { compileValidity } from './validity.js';
import { compileObservations } from './observations.js';
import { YamlFile } from '../yaml/yaml-file.js';
import { exprTools, NAME_HINT, RESERVED, TIME, unitAt, type ExprTools, type FileScope } from './file-scope.js';
import { declareFileSymbols, type Declarations } from './declarations.js';
import { compileBindings, compileDosing } from './compile-dosing.js';

/** What a parent file sees of a compiled file. */
export interface FileResult {
  /** Written name (relative to the file, `mod.x` for its modules) → symbol. */
  symbols: Map<string, SymbolInfo>;
  /** Dosing targets by written name. */
  targets: Map<string, DoseTargetIR>;
  model: ModelFile;
  file: YamlFile;
}

/** Compiles the file at `path` with name prefix `pfx` ('' for the root); `from` is where a parent named it. */
export async function compileFile(ctx: LoadContext, path: string, pfx: string, from?: SourcePos): Promise<FileResult> {
  const { f, m } = await readModelFile(ctx, path, from);
  const fs: FileScope = { ctx, f, m, pfx, fileTime: m.time_unit ?? 'h', symbols: new Map() };
  ctx.guard(() => expectDim(parseUnit(fs.fileTime, f.where(['time_unit'])), TIME, f.where(['time_unit']), 'time_unit', ctx.timeUnit));
  ctx.flush();

  const children = await compileModules(fs, path);
  const decl = declareFileSymbols(fs, children);
  ctx.flush();

  const tools = exprTools(fs);
  compileVariability(fs, decl);
  compileDerivedExpressions(fs, tools);
  compileStates(fs, tools, decl);
  reportOdesWithoutState(fs);
  checkDerivedUnits(fs, tools, decl);
  const exported = compileOutputs(fs, tools);
  const targets = compileDosing(fs, tools, children);
  compileBindings(fs, tools);
  compileValidity(ctx, f, m, path);
  compileObservations(ctx, f, m, pfx, ctx.observations);
  if (!Object.keys(m.states ?? {}).length && !children.size) {
    ctx.diags.push({ ...f.keyPos(['model']), message: 'the model has no states and no modules', hint: 'add states: and odes:, or modules: to compose other models' });
  }
  ctx.flush();
  return { symbols: exported, targets, model: m, file: f };
}

/** Reads, records (path and hash) and schema-validates one file, refusing a module cycle. */
async function readModelFile(ctx: LoadContext, path: string, from: SourcePos | undefined): Promise<{ f: YamlFile; m: ModelFile }> {
  if (ctx.stack.includes(path)) {
    const at = from ?? { file: path, line: 1, col: 1 };
    throw InputError.at(at.file, at.line, at.col, `module cycle: ${[...ctx.stack, path].join(' → ')}`, 'a model cannot include itself, directly or through other modules');
  }
  const text = ctx.texts.get(path) ?? (await ctx.host.readText(path, from));
  ctx.files.push({ path, sha256: sha256Hex(text) });
  const f = YamlFile.parse(path, text);
  return { f, m: f.validate(modelFileSchema) };
}

/** Compiles the files under `modules:` (depth first), each with the prefix `<prefix><module>.`. */
async function compileModules(fs: FileScope, path: string): Promise<Map<string, FileResult>> {
  const { ctx, f, m, pfx } = fs;
  ctx.stack.push(path);
  const children = new Map<string, FileResult>();
  for (const [mod, spec] of Object.entries(m.modules ?? {})) {
    const problem = symbolNameProblem(mod, RESERVED);
    if (problem) {
      const at = f.keyPos(['modules', mod]);
      throw InputError.at(at.file, at.line, at.col, `'${mod}' cannot be used as a module name: ${problem}`, NAME_HINT);
    }
    children.set(mod, await compileFile(ctx, ctx.host.resolve(path, spec.file), `${pfx}${mod}.`, f.where(['modules', mod, 'file'])));
  }
  ctx.stack.pop();
  return children;
}

/** The file's etas (`<prefix>eta.<param>`), their covariance block and the individual parameters. */
function compileVariability(fs: FileScope, decl: Declarations): void {
  const { ctx, f, m, pfx } = fs;
  const { params } = decl;
  const iiv = ctx.guard(() => buildVariability(f, m, (n) => (params.has(n) ? String(m.parameters?.[n]?.unit ?? '1') : undefined), ctx.timeUnit));
  if (!iiv) return;
  iiv.etas.forEach((name) => {
    ctx.etas.push(`${pfx}eta.${name}`);
    // A normal eta is added to the parameter, so it has the parameter's unit; the others act on a log or logit scale.
    ctx.dims.set(`${pfx}eta.${name}`, iiv.distribution.get(name) === 'normal' ? params.get(name)?.dim ?? DIMENSIONLESS : DIMENSIONLESS);
  });
  if (iiv.etas.length) ctx.omegaBlocks.push({ n: iiv.etas.length, omega: iiv.omega });
  buildIndividual(f, m, ctx, pfx, params, decl.covariates, iiv);
}

/** Parses every derived expression (their dimensions are checked once all are known: `checkDerivedUnits`). */
function compileDerivedExpressions(fs: FileScope, tools: ExprTools): void {
  const { ctx, f, m, pfx } = fs;
  for (const name of Object.keys(m.derived ?? {})) {
    const e = tools.parse(['derived', name, 'expr'], tools.full);
    if (e) ctx.derived.set(`${pfx}${name}`, { name: `${pfx}${name}`, expr: e, pos: f.keyPos(['derived', name]) });
  }
}

/** Each state's initial value and ODE, in state order (a state without an ODE gets 0 and a diagnostic). */
function compileStates(fs: FileScope, tools: ExprTools, decl: Declarations): void {
  const { ctx, f, m, pfx, fileTime } = fs;
  const T = ctx.timeUnit;
  for (const [name, s] of Object.entries(m.states ?? {})) {
    const u = decl.stateUnits.get(name);
    if (!u) continue;
    const p = ['states', name, 'initial'];
    let init: Expr | undefined = ir.num(0);
    // A plain number is a value in the state's unit; an expression carries its own units.
    if (typeof s.initial === 'number') init = ir.num(s.initial * internalScale(u, T));
    else if (s.initial !== undefined) {
      init = tools.parse(p, tools.constant);
      tools.checkDim(init, p, u.dim, `initial value of ${name}`, `initial values are in the state's unit (${u.text})`);
    }
    const atol = s.atol === undefined ? undefined : s.atol * internalScale(u, T);
    ctx.states.push({ name: `${pfx}${name}`, unit: u.text, init: init ?? ir.num(0), atol, pos: f.keyPos(['states', name]) });
    const rhsPath = ['odes', name];
    if (!Object.hasOwn(m.odes ?? {}, name)) {
      ctx.diags.push({ ...f.keyPos(['states', name]), message: `state ${name} has no ODE`, hint: `add under odes: ${name}: <d${name}/dt in ${u.text}/${fileTime}>` });
      ctx.odes.push(ir.num(0));
      continue;
    }
    const rhs = tools.parse(rhsPath, tools.full);
    ctx.odes.push(rhs ?? ir.num(0));
    tools.checkDim(rhs, rhsPath, dimDiv(u.dim, TIME), `d(${name})/dt`, `an ODE right-hand side has the state's unit per time (${u.text} per ${fileTime})`);
  }
}

function reportOdesWithoutState(fs: FileScope): void {
  const { ctx, f, m } = fs;
  for (const name of Object.keys(m.odes ?? {})) {
    if (Object.hasOwn(m.states ?? {}, name)) continue;
    const guess = closest(name, Object.keys(m.states ?? {}));
    ctx.diags.push({ ...f.keyPos(['odes', name]), message: `ODE for unknown state '${name}'`, hint: guess ? `did you mean '${guess}'?` : `declare it under states: ${name}: { unit: ..., initial: 0 }` });
  }
}

/** A derived quantity with a unit must have an expression of that dimension. */
function checkDerivedUnits(fs: FileScope, tools: ExprTools, decl: Declarations): void {
  for (const name of Object.keys(fs.m.derived ?? {})) {
    const d = fs.ctx.derived.get(`${fs.pfx}${name}`);
    if (d) tools.checkDim(d.expr, ['derived', name, 'expr'], decl.derivedUnits.get(name)?.dim, `derived ${name}`, `change the expression or its unit`);
  }
}

/**
 * Compiles `outputs:`; returns the symbols a parent file sees: the file's own plus its outputs
 * (inlined where a parent references them).
 */
function compileOutputs(fs: FileScope, tools: ExprTools): Map<string, SymbolInfo> {
  const { ctx, f, m, pfx } = fs;
  const T = ctx.timeUnit;
  const exported = new Map(fs.symbols);
  for (const [name, o] of Object.entries(m.outputs ?? {})) {
    const p = ['outputs', name, 'expr'];
    const problem = symbolNameProblem(name, RESERVED);
    if (problem) {
      ctx.diags.push({ ...f.keyPos(['outputs', name]), message: `'${name}' cannot be used as an output name: ${problem}`, hint: NAME_HINT });
      continue;
    }
    const e = tools.parse(p, tools.full);
    const u = o.unit === undefined ? undefined : unitAt(fs, ['outputs', name, 'unit'], o.unit);
    const d = tools.checkDim(e, p, u?.dim, `output ${name}`, 'change the expression or the output unit');
    if (!e || !d) continue;
    if (!u && !dimEqual(d, DIMENSIONLESS)) {
      ctx.diags.push({ ...f.keyPos(['outputs', name]), message: `output ${name} needs a unit (its expression has unit ${formatDim(d, T)})`, hint: `add unit: ${formatDim(d, T)} (or any unit of that dimension)` });
      continue;
    }
    const unit = u ?? parseUnit('1');
    ctx.outputs.push({ name: `${pfx}${name}`, expr: e, unit: unit.text, scale: 1 / internalScale(unit, T), description: o.description });
    if (!exported.has(name)) exported.set(name, { ref: `${pfx}${name}`, kind: 'output', inline: e });
  }
  return exported;
}
