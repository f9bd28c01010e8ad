/**
 * What the steps compiling one model file share: the file, its name prefix and the symbols it has
 * declared so far, plus the helpers every section uses to declare a name, read a unit, parse an
 * expression in the file's scope and check its dimension. Problems go to `ctx.diags` (or through
 * `ctx.guard`) so that one pass reports every problem of the file.
 */
import { InputError } from '../errors.js';
import { refsOf, type Expr } from '../ir.js';
import { findLastIdentifier } from '../expr/locate.js';
import { RESERVED_HINT, symbolNameProblem } from '../expr/names.js';
import { parseExpression, type ExprScope } from '../expr/parse-expression.js';
import { posAt } from '../text-where.js';
import { substitute } from '../expr/simplify.js';
import { DimensionMismatch, exprDim } from '../expr/dims.js';
import { dimEqual, dimOf, formatDim, type Dim } from '../units/dimension.js';
import { parseUnit } from '../units/parse-unit.js';
import type { LoadContext, SymbolInfo, SymbolKind } from './context.js';
import type { ModelFile } from './schema.js';
import type { YamlFile, YamlPath } from '../yaml/yaml-file.js';

export const TIME: Dim = dimOf({ time: 1 });
/** The model's own reserved words: time, the constant pi, and the prefixes of typical values and etas. */
export const RESERVED = ['t', 'pi', 'tv', 'eta'];
export const NAME_HINT = `use letters, digits and _ (not starting with a digit), other than ${RESERVED.join(', ')}; ${RESERVED_HINT}`;

/** One model file being compiled. */
export interface FileScope {
  ctx: LoadContext;
  f: YamlFile;
  m: ModelFile;
  /** Name prefix of everything the file declares ('' for the root, `mod.` for a module). */
  pfx: string;
  /** The file's own time unit (numbers in it are converted from this to `ctx.timeUnit`). */
  fileTime: string;
  /** Written name (relative to the file, `mod.x` for its modules' names) → symbol. */
  symbols: Map<string, SymbolInfo>;
}

/** Declares `name` of `section`; a bad or repeated name is reported and not declared. */
export function declareSymbol(fs: FileScope, section: string, name: string, kind: SymbolKind, ref: string, dim: Dim | undefined): void {
  const { ctx, f, symbols } = fs;
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
}

/** The unit written at `p` (positioned at its parent key when missing); undefined after reporting a bad one. */
export function unitAt(fs: FileScope, p: YamlPath, u: string | number | undefined): ReturnType<typeof parseUnit> | undefined {
  return fs.ctx.guard(() => parseUnit(u, fs.f.where(u === undefined ? p.slice(0, -1) : p)));
}

export type Parse = (p: YamlPath, scope: ExprScope) => Expr | undefined;
export type CheckDim = (e: Expr | undefined, p: YamlPath, expected: Dim | undefined, what: string, hint: string) => Dim | undefined;

/** Parsing and dimension checking of the file's expressions, once every name is declared. */
export interface ExprTools {
  /** Every name of the file. */
  full: ExprScope;
  /** Names fixed per patient (parameters, covariates): for initial values, bioavailability, lag. */
  constant: ExprScope;
  /** Parses the expression at a path (outputs referenced in it inlined); undefined after reporting. */
  parse: Parse;
  /** The expression's dimension, reported (and undefined) when it differs from `expected`. */
  checkDim: CheckDim;
}

export function exprTools(fs: FileScope): ExprTools {
  const { ctx, f, pfx, symbols } = fs;
  const T = ctx.timeUnit;
  const inlines = new Map<string, Expr>();
  for (const info of symbols.values()) if (info.inline) inlines.set(info.ref, info.inline);
  const scopeFor = (kinds?: SymbolKind[]): ExprScope => {
    const names = [...symbols].filter(([, s]) => !kinds || kinds.includes(s.kind)).map(([n]) => n);
    const set = new Set(names);
    return { has: (n) => set.has(n), names: () => set, rename: (n) => symbols.get(n)?.ref ?? n, unitLiterals: { timeUnit: T } };
  };
  const parse: Parse = (p, scope) => ctx.guard(() => {
    const e = parseExpression(f.get(p) as string | number, f.where(p), scope);
    return inlines.size ? substitute(e, (r) => inlines.get(r)) : e;
  });
  const checkDim: CheckDim = (e, p, expected, what, hint) => {
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
  return { full: scopeFor(), constant: scopeFor(['param', 'covariate']), parse, checkDim };
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
