/**
 * One model file (and, recursively, its modules) → pieces of the flattened IR in a `LoadContext`.
 * Every name the file declares becomes `<prefix><name>`; modules add `<module>.` to the prefix.
 * All numbers are converted to internal units (time = the root model's time unit), which also
 * rescales modules written in another time unit.
 */
import { closest, InputError } from '../errors.js';
import { sha256Hex } from '../hash.js';
import { ir, refsOf, type DoseTargetIR, type Expr, type SourcePos } from '../ir.js';
import { findLastIdentifier } from '../expr/locate.js';
import { RESERVED_HINT, symbolNameProblem } from '../expr/names.js';
import { parseExpression, type ExprScope } from '../expr/parse-expression.js';
import { posAt } from '../text-where.js';
import { substitute } from '../expr/simplify.js';
import { DimensionMismatch, exprDim } from '../expr/dims.js';
import { DIMENSIONLESS, dimDiv, dimEqual, dimOf, formatDim, type Dim } from '../units/dimension.js';
import { expectDim, internalScale, parseUnit } from '../units/parse-unit.js';
import type { LoadContext, SymbolInfo, SymbolKind } from './context.js';
import { buildIndividual, type ParamInfo } from './individual.js';
import { modelFileSchema, type ModelFile } from './schema.js';
import { buildVariability } from './variability.js';
import { compileValidity } from './validity.js';
import { compileObservations } from './observations.js';
import { YamlFile, type YamlPath } from '../yaml/yaml-file.js';

/** What a parent file sees of a compiled file. */
export interface FileResult {
  /** Written name (relative to the file, `mod.x` for its modules) → symbol. */
  symbols: Map<string, SymbolInfo>;
  /** Dosing targets by written name. */
  targets: Map<string, DoseTargetIR>;
  model: ModelFile;
  file: YamlFile;
}

const TIME: Dim = dimOf({ time: 1 });
/** The model's own reserved words: time, the constant pi, and the prefixes of typical values and etas. */
const RESERVED = ['t', 'pi', 'tv', 'eta'];
const NAME_HINT = `use letters, digits and _ (not starting with a digit), other than ${RESERVED.join(', ')}; ${RESERVED_HINT}`;

/** Compiles the file at `path` with name prefix `pfx` ('' for the root); `from` is where a parent named it. */
export async function compileFile(ctx: LoadContext, path: string, pfx: string, from?: SourcePos): Promise<FileResult> {
  if (ctx.stack.includes(path)) {
    const at = from ?? { file: path, line: 1, col: 1 };
    throw InputError.at(at.file, at.line, at.col, `module cycle: ${[...ctx.stack, path].join(' → ')}`, 'a model cannot include itself, directly or through other modules');
  }
  const text = ctx.texts.get(path) ?? (await ctx.host.readText(path, from));
  ctx.files.push({ path, sha256: sha256Hex(text) });
  const f = YamlFile.parse(path, text);
  const m = f.validate(modelFileSchema);
  const T = ctx.timeUnit;
  const fileTime = m.time_unit ?? 'h';
  ctx.guard(() => expectDim(parseUnit(fileTime, f.where(['time_unit'])), TIME, f.where(['time_unit']), 'time_unit', T));
  ctx.flush();

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

  const symbols = new Map<string, SymbolInfo>();
  const declare = (section: string, name: string, kind: SymbolKind, ref: string, dim: Dim | undefined): void => {
    const pos = f.keyPos([section, name]);
    const problem = symbolNameProblem(name, RESERVED);
    if (problem) {
      ctx.diags.push({ ...pos, message: `'${name}' cannot be used as a name: ${problem}`, hint: NAME_HINT });
      return;
    }
    const prev = symbols.get(name);
    if (prev) { ctx.diags.push({ ...pos, message: `'${name}' is declared twice (also a ${prev.kind})`, hint: 'rename one of them' }); return; }
    symbols.set(name, { ref, kind });
    if (dim) ctx.dims.set(ref, dim);
  };
  const unitAt = (p: YamlPath, u: string | number | undefined) => ctx.guard(() => parseUnit(u, f.where(u === undefined ? p.slice(0, -1) : p)));

  ctx.dims.set('t', TIME);
  symbols.set('t', { ref: 't', kind: 'time' });

  const fileCovs = new Map<string, NonNullable<ReturnType<typeof ctx.covariates.get>>>();
  for (const [name, c] of Object.entries(m.covariates ?? {})) {
    const u = unitAt(['covariates', name, 'unit'], c.unit);
    if (!u) continue;
    const known = ctx.covariates.get(name);
    if (known && !dimEqual(known.dim, u.dim)) {
      ctx.diags.push({ ...f.valuePos(['covariates', name, 'unit']), message: `covariate ${name} has unit ${u.text} here but ${known.unit} in ${known.pos.file}:${known.pos.line}`, hint: 'modules share covariates: use units of the same dimension' });
      continue;
    }
    const info = known ?? { unit: u.text, dim: u.dim, description: c.description, levels: c.levels, pos: f.keyPos(['covariates', name]) };
    if (!known) ctx.covariates.set(name, info);
    fileCovs.set(name, info);
    declare('covariates', name, 'covariate', name, u.dim);
  }

  const params = new Map<string, ParamInfo>();
  for (const [name, p] of Object.entries(m.parameters ?? {})) {
    const u = unitAt(['parameters', name, 'unit'], p.unit);
    if (!u) continue;
    const value = p.value * internalScale(u, T);
    params.set(name, { value, dim: u.dim });
    ctx.params.push({ name: `${pfx}tv.${name}`, value, unit: u.text, description: p.description, source: p.source });
    ctx.dims.set(`${pfx}tv.${name}`, u.dim);
    declare('parameters', name, 'param', `${pfx}${name}`, u.dim);
  }
  for (const [name, inp] of Object.entries(m.inputs ?? {})) {
    const u = unitAt(['inputs', name, 'unit'], inp.unit);
    if (!u) continue;
    const defaultValue = inp.default === undefined ? undefined : inp.default * internalScale(u, T);
    ctx.inputs.set(`${pfx}${name}`, { unit: u.text, dim: u.dim, defaultValue, pos: f.keyPos(['inputs', name]), bound: false });
    declare('inputs', name, 'input', `${pfx}${name}`, u.dim);
  }
  const stateUnits = new Map<string, ReturnType<typeof parseUnit>>();
  for (const [name, s] of Object.entries(m.states ?? {})) {
    const u = unitAt(['states', name, 'unit'], s.unit);
    if (!u) continue;
    stateUnits.set(name, u);
    declare('states', name, 'state', `${pfx}${name}`, u.dim);
  }
  const derivedUnits = new Map<string, ReturnType<typeof parseUnit>>();
  for (const [name, d] of Object.entries(m.derived ?? {})) {
    const u = d.unit === undefined ? undefined : unitAt(['derived', name, 'unit'], d.unit);
    if (u) derivedUnits.set(name, u);
    declare('derived', name, 'derived', `${pfx}${name}`, u?.dim);
  }
  for (const [mod, child] of children) for (const [w, info] of child.symbols) if (info.kind !== 'time') symbols.set(`${mod}.${w}`, info);
  ctx.flush();

  const inlines = new Map<string, Expr>();
  for (const info of symbols.values()) if (info.inline) inlines.set(info.ref, info.inline);
  const scopeFor = (kinds?: SymbolKind[]): ExprScope => {
    const names = [...symbols].filter(([, s]) => !kinds || kinds.includes(s.kind)).map(([n]) => n);
    const set = new Set(names);
    return { has: (n) => set.has(n), names: () => set, rename: (n) => symbols.get(n)?.ref ?? n, unitLiterals: { timeUnit: T } };
  };
  const full = scopeFor();
  const constant = scopeFor(['param', 'covariate']);
  const parse = (p: YamlPath, scope: ExprScope): Expr | undefined => ctx.guard(() => {
    const e = parseExpression(f.get(p) as string | number, f.where(p), scope);
    return inlines.size ? substitute(e, (r) => inlines.get(r)) : e;
  });
  const checkDim = (e: Expr | undefined, p: YamlPath, expected: Dim | undefined, what: string, hint: string): Dim | undefined => {
    if (!e) return undefined;
    return ctx.guard(() => {
      const w = f.where(p);
      let d: Dim;
      try {
        d = exprDim(e, ctx.dimOf, T, expected);
      } catch (err) {
        if (!(err instanceof DimensionMismatch)) throw err;
        const at = posAt(w, culpritOffset(String(f.get(p)), err.culprit, pfx));
        throw InputError.at(at.file, at.line, at.col, `${what}: ${err.message}`, 'terms added, subtracted or compared need the same unit; exp/log arguments must be dimensionless');
      }
      if (expected && !dimEqual(d, expected)) {
        throw InputError.at(w.file, w.line, w.col, `${what} has unit ${formatDim(d, T)} but must have unit ${formatDim(expected, T)}`, hint);
      }
      return d;
    });
  };

  const iiv = ctx.guard(() => buildVariability(f, m, (n) => (params.has(n) ? String(m.parameters?.[n]?.unit ?? '1') : undefined), T));
  if (iiv) {
    iiv.etas.forEach((name) => {
      ctx.etas.push(`${pfx}eta.${name}`);
      ctx.dims.set(`${pfx}eta.${name}`, iiv.distribution.get(name) === 'normal' ? params.get(name)?.dim ?? DIMENSIONLESS : DIMENSIONLESS);
    });
    if (iiv.etas.length) ctx.omegaBlocks.push({ n: iiv.etas.length, omega: iiv.omega });
    buildIndividual(f, m, ctx, pfx, params, fileCovs, iiv);
  }

  for (const name of Object.keys(m.derived ?? {})) {
    const e = parse(['derived', name, 'expr'], full);
    if (e) ctx.derived.set(`${pfx}${name}`, { name: `${pfx}${name}`, expr: e, pos: f.keyPos(['derived', name]) });
  }
  for (const [name, s] of Object.entries(m.states ?? {})) {
    const u = stateUnits.get(name);
    if (!u) continue;
    const p = ['states', name, 'initial'];
    let init: Expr | undefined = ir.num(0);
    // A plain number is a value in the state's unit; an expression carries its own units.
    if (typeof s.initial === 'number') init = ir.num(s.initial * internalScale(u, T));
    else if (s.initial !== undefined) {
      init = parse(p, constant);
      checkDim(init, p, u.dim, `initial value of ${name}`, `initial values are in the state's unit (${u.text})`);
    }
    const atol = s.atol === undefined ? undefined : s.atol * internalScale(u, T);
    ctx.states.push({ name: `${pfx}${name}`, unit: u.text, init: init ?? ir.num(0), atol, pos: f.keyPos(['states', name]) });
    const rhsPath = ['odes', name];
    if (!Object.hasOwn(m.odes ?? {}, name)) {
      ctx.diags.push({ ...f.keyPos(['states', name]), message: `state ${name} has no ODE`, hint: `add under odes: ${name}: <d${name}/dt in ${u.text}/${fileTime}>` });
      ctx.odes.push(ir.num(0));
      continue;
    }
    const rhs = parse(rhsPath, full);
    ctx.odes.push(rhs ?? ir.num(0));
    checkDim(rhs, rhsPath, dimDiv(u.dim, TIME), `d(${name})/dt`, `an ODE right-hand side has the state's unit per time (${u.text} per ${fileTime})`);
  }
  for (const name of Object.keys(m.odes ?? {})) {
    if (Object.hasOwn(m.states ?? {}, name)) continue;
    const guess = closest(name, Object.keys(m.states ?? {}));
    ctx.diags.push({ ...f.keyPos(['odes', name]), message: `ODE for unknown state '${name}'`, hint: guess ? `did you mean '${guess}'?` : `declare it under states: ${name}: { unit: ..., initial: 0 }` });
  }
  for (const name of Object.keys(m.derived ?? {})) {
    const d = ctx.derived.get(`${pfx}${name}`);
    if (d) checkDim(d.expr, ['derived', name, 'expr'], derivedUnits.get(name)?.dim, `derived ${name}`, `change the expression or its unit`);
  }

  const exported = new Map(symbols);
  for (const [name, o] of Object.entries(m.outputs ?? {})) {
    const p = ['outputs', name, 'expr'];
    const problem = symbolNameProblem(name, RESERVED);
    if (problem) {
      ctx.diags.push({ ...f.keyPos(['outputs', name]), message: `'${name}' cannot be used as an output name: ${problem}`, hint: NAME_HINT });
      continue;
    }
    const e = parse(p, full);
    const u = o.unit === undefined ? undefined : unitAt(['outputs', name, 'unit'], o.unit);
    const d = checkDim(e, p, u?.dim, `output ${name}`, 'change the expression or the output unit');
    if (!e || !d) continue;
    if (!u && !dimEqual(d, DIMENSIONLESS)) {
      ctx.diags.push({ ...f.keyPos(['outputs', name]), message: `output ${name} needs a unit (its expression has unit ${formatDim(d, T)})`, hint: `add unit: ${formatDim(d, T)} (or any unit of that dimension)` });
      continue;
    }
    const unit = u ?? parseUnit('1');
    ctx.outputs.push({ name: `${pfx}${name}`, expr: e, unit: unit.text, scale: 1 / internalScale(unit, T), description: o.description });
    if (!exported.has(name)) exported.set(name, { ref: `${pfx}${name}`, kind: 'output', inline: e });
  }

  const targets = compileDosing(ctx, f, m, pfx, fileTime, children, symbols, parse, checkDim, constant);
  compileBindings(ctx, f, m, symbols, parse, checkDim, full);
  compileValidity(ctx, f, m, path);
  compileObservations(ctx, f, m, pfx, ctx.observations);
  if (!Object.keys(m.states ?? {}).length && !children.size) {
    ctx.diags.push({ ...f.keyPos(['model']), message: 'the model has no states and no modules', hint: 'add states: and odes:, or modules: to compose other models' });
  }
  ctx.flush();
  return { symbols: exported, targets, model: m, file: f };
}

/**
 * Offset in the expression text of a symbol of the sub-expression a dimension problem is
 * about (refs are global names: strip this file's prefix to get the written one); 0 when unknown.
 */
function culpritOffset(text: string, culprit: Expr | undefined, pfx: string): number {
  for (const ref of culprit ? refsOf(culprit) : []) {
    const written = pfx && ref.startsWith(pfx) ? ref.slice(pfx.length) : ref;
    // The offending term is usually the right operand, so its last occurrence is the likelier one.
    const at = findLastIdentifier(text, written);
    if (at >= 0) return at;
  }
  return 0;
}

type Parse = (p: YamlPath, scope: ExprScope) => Expr | undefined;
type CheckDim = (e: Expr | undefined, p: YamlPath, expected: Dim | undefined, what: string, hint: string) => Dim | undefined;

function compileDosing(
  ctx: LoadContext, f: YamlFile, m: ModelFile, pfx: string, fileTime: string, children: Map<string, FileResult>,
  symbols: Map<string, SymbolInfo>, parse: Parse, checkDim: CheckDim, constant: ExprScope,
): Map<string, DoseTargetIR> {
  const targets = new Map<string, DoseTargetIR>();
  for (const [name, d] of Object.entries(m.dosing ?? {})) {
    const path = ['dosing', name];
    const problem = symbolNameProblem(name, RESERVED);
    if (problem) {
      ctx.diags.push({ ...f.keyPos(path), message: `'${name}' cannot be used as a dosing target name: ${problem}`, hint: NAME_HINT });
      continue;
    }
    let target: DoseTargetIR | undefined;
    if (d.module !== undefined || d.target !== undefined) {
      if (d.state !== undefined || d.bioavailability !== undefined || d.lag !== undefined) {
        ctx.diags.push({ ...f.keyPos(path), message: `dosing ${name}: give either state (with bioavailability/lag) or module + target`, hint: 'a module target already has its own bioavailability and lag' });
        continue;
      }
      const child = d.module === undefined ? undefined : children.get(d.module);
      if (!child) {
        const guess = closest(String(d.module ?? ''), children.keys());
        ctx.diags.push({ ...(d.module === undefined ? f.keyPos(path) : f.valuePos([...path, 'module'])), message: `dosing ${name}: unknown module '${d.module ?? ''}'`, hint: guess ? `did you mean '${guess}'?` : 'name a module listed under modules' });
        continue;
      }
      const t = d.target === undefined ? undefined : child.targets.get(d.target);
      if (!t) {
        const guess = closest(String(d.target ?? ''), child.targets.keys());
        ctx.diags.push({ ...(d.target === undefined ? f.keyPos(path) : f.valuePos([...path, 'target'])), message: `dosing ${name}: module ${d.module} has no dosing target '${d.target ?? ''}'`, hint: guess ? `did you mean '${guess}'?` : `targets: ${[...child.targets.keys()].join(', ') || 'none'}` });
        continue;
      }
      target = { ...t, name: `${pfx}${name}` };
    } else {
      const s = d.state === undefined ? undefined : symbols.get(d.state);
      if (!s || s.kind !== 'state') {
        const states = [...symbols].filter(([, x]) => x.kind === 'state').map(([n]) => n);
        const guess = closest(String(d.state ?? ''), states);
        ctx.diags.push({ ...(d.state === undefined ? f.keyPos(path) : f.valuePos([...path, 'state'])), message: `dosing ${name}: '${d.state ?? ''}' is not a state`, hint: guess ? `did you mean '${guess}'?` : 'add state: <name of the amount state receiving the dose>' });
        continue;
      }
      const sd = ctx.dims.get(s.ref);
      if (sd && !dimEqual(sd, dimOf({ mass: 1 })) && !dimEqual(sd, dimOf({ amount: 1 }))) {
        ctx.diags.push({ ...f.valuePos([...path, 'state']), message: `dosing ${name}: state ${d.state} has unit ${formatDim(sd, ctx.timeUnit)}, but doses add an amount (mass, e.g. mg, or substance, e.g. umol)`,
          hint: 'dose into an amount state and derive the concentration from it (C = A / V)' });
        continue;
      }
      let bio: Expr | undefined = ir.num(1);
      if (d.bioavailability !== undefined) {
        bio = parse([...path, 'bioavailability'], constant);
        checkDim(bio, [...path, 'bioavailability'], DIMENSIONLESS, `bioavailability of ${name}`, 'bioavailability is a fraction (dimensionless)');
      }
      let lag: Expr | undefined = ir.num(0);
      // A plain number is a time in the file's time_unit; an expression carries its own units.
      if (typeof d.lag === 'number') lag = ir.num(d.lag * internalScale(parseUnit(fileTime), ctx.timeUnit));
      else if (d.lag !== undefined) {
        lag = parse([...path, 'lag'], constant);
        checkDim(lag, [...path, 'lag'], TIME, `lag of ${name}`, 'a lag is a time: use a parameter with a time unit');
      }
      if (!bio || !lag) continue;
      target = { name: `${pfx}${name}`, state: s.ref, bioavailability: bio, lag };
    }
    targets.set(name, target);
    ctx.doseTargets.push(target);
  }
  return targets;
}

function compileBindings(ctx: LoadContext, f: YamlFile, m: ModelFile, symbols: Map<string, SymbolInfo>, parse: Parse, checkDim: CheckDim, full: ExprScope): void {
  for (const key of Object.keys(m.bind ?? {})) {
    const s = symbols.get(key);
    if (!s || s.kind !== 'input' || !key.includes('.')) {
      const inputs = [...symbols].filter(([n, x]) => x.kind === 'input' && n.includes('.')).map(([n]) => n);
      const guess = closest(key, inputs);
      ctx.diags.push({ ...f.keyPos(['bind', key]), message: `bind: '${key}' is not an input of a module`, hint: guess ? `did you mean '${guess}'?` : `module inputs: ${inputs.join(', ') || 'none'}` });
      continue;
    }
    const info = ctx.inputs.get(s.ref);
    const e = parse(['bind', key], full);
    if (!e || !info) continue;
    checkDim(e, ['bind', key], info.dim, `bind ${key}`, `the input is in ${info.unit}; any unit of the same dimension is converted automatically`);
    info.bound = true;
    ctx.derived.set(s.ref, { name: s.ref, expr: e, pos: f.keyPos(['bind', key]) });
  }
}
