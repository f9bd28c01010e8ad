/**
 * mathjs expression text → engine IR, through an allow-list. Anything the emitters cannot express
 * (unknown symbols or functions, matrices, assignments, strings, other operators) is an `InputError`
 * at the exact file:line:col of the offending token, with a "did you mean" hint. Numbers with units
 * (`0.1 mg/L`) become plain numbers in internal units where the scope allows them.
 */
import { closest, excerpt, InputError } from '../errors.js';
import { ALLOWED_FUNCTIONS, ir, type BinaryOp, type Expr, type FnName } from '../ir.js';
import { math } from '../units/math-instance.js';
import { unitNamed } from '../units/parse-unit.js';
import { findCall, findIdentifier, findOperator } from './locate.js';
import { UnitLiterals } from './unit-literals.js';
import { posAt, type TextWhere } from '../text-where.js';

/** The names an expression may use. */
export interface ExprScope {
  /** Whether a written name (possibly dotted, e.g. `pk.C`) is a known symbol. */
  has(name: string): boolean;
  /** All known written names, for "did you mean" hints. */
  names(): Iterable<string>;
  /** The IR ref name for a written name (module prefixing); identity when absent. */
  rename?(name: string): string;
  /** Allowed functions; defaults to `ALLOWED_FUNCTIONS`. */
  functions?: readonly string[];
  /** When set, numbers with units (`0.1 mg/L`) are read and converted to internal units (./unit-literals.ts). */
  unitLiterals?: { timeUnit: string };
}

/** A scope over a fixed set of names, optionally renamed through `rename`. */
export function scopeOf(names: Iterable<string>, rename?: (name: string) => string): ExprScope {
  const set = new Set(names);
  return { has: (n) => set.has(n), names: () => set, rename };
}

interface MNode {
  type: string;
  [key: string]: unknown;
}

const BINARY: Record<string, BinaryOp> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^',
  smaller: '<', smallerEq: '<=', larger: '>', largerEq: '>=', equal: '==', unequal: '!=', and: 'and', or: 'or',
};

/** Allowed argument counts: [min, max]. */
const ARITY: Record<FnName, [number, number]> = {
  exp: [1, 1], log: [1, 1], log10: [1, 1], sqrt: [1, 1], abs: [1, 1], min: [2, Infinity], max: [2, Infinity],
  pow: [2, 2], floor: [1, 1], ceil: [1, 1], round: [1, 1], sin: [1, 1], cos: [1, 1], tanh: [1, 1], erf: [1, 1],
  pnorm: [1, 1], qnorm: [1, 1], sign: [1, 1],
};

const HINT_OPS = 'allowed: + - * / ^, < <= > >= == !=, and, or, not, c ? a : b';

/**
 * Parses `src` (a mathjs expression; YAML numbers are accepted as-is) into IR.
 * `where` is the position of the text's first character in its file.
 */
export function parseExpression(src: string | number, where: TextWhere, scope: ExprScope): Expr {
  const text = String(src);
  const fail = (offset: number, message: string, hint?: string): never => {
    const p = posAt(where, offset);
    throw InputError.at(p.file, p.line, p.col, message, hint);
  };
  if (text.trim() === '') fail(0, 'empty expression', 'write a number or an expression such as CL/V1');
  let root: MNode;
  try {
    // mathjs reads a newline as a statement separator; YAML block scalars spread one expression over
    // lines, so newlines become spaces (same length, so offsets stay valid).
    root = math.parse(text.replace(/[\r\n]/g, ' ')) as unknown as MNode;
  } catch (err) {
    const e = err as { message?: string; char?: number };
    const offset = typeof e.char === 'number' ? Math.max(0, Math.min(text.length, e.char - 1)) : 0;
    return fail(offset, `cannot parse expression '${excerpt(text, 60)}': ${(e.message ?? String(err)).replace(/\s*\(char \d+\)$/, '')}`,
      'expressions use mathjs syntax, e.g. -(CL/V1)*A1 + k21*A2');
  }
  const fns: readonly string[] = scope.functions ?? ALLOWED_FUNCTIONS;
  const literals = scope.unitLiterals ? new UnitLiterals(scope.unitLiterals.timeUnit, (n) => scope.has(n)) : undefined;

  const symbol = (name: string): Expr => {
    if (scope.has(name)) return ir.ref(scope.rename ? scope.rename(name) : name);
    if (name === 'pi') return ir.num(Math.PI);
    const guess = closest(name, scope.names());
    if (literals && unitNamed(name)) {
      const or = guess ? `; or did you mean '${guess}'?` : '';
      return fail(findIdentifier(text, name), `unknown symbol '${name}'`, `'${name}' is a unit: a unit in an expression needs its number, e.g. 1 ${name}${or}`);
    }
    return fail(findIdentifier(text, name), `unknown symbol '${name}'`,
      guess ? `did you mean '${guess}'?` : 'declare it under parameters, covariates, states, derived or inputs');
  };

  const dotted = (n: MNode): string | undefined => {
    if (n.type === 'SymbolNode') return n.name as string;
    if (n.type !== 'AccessorNode') return undefined;
    const index = n.index as MNode;
    const dims = index.dimensions as MNode[];
    if (!index.dotNotation || dims.length !== 1 || typeof dims[0].value !== 'string') return undefined;
    const head = dotted(n.object as MNode);
    return head === undefined ? undefined : `${head}.${dims[0].value}`;
  };

  const lower = (n: MNode): Expr => {
    const literal = literals?.lower(n);
    if (literal) return literal;
    switch (n.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v === 'number') return ir.num(v);
        if (typeof v === 'boolean') return ir.num(v ? 1 : 0);
        return fail(findOperator(text, '"') || findOperator(text, "'"), 'strings are not allowed in expressions', 'use numbers and symbols');
      }
      case 'SymbolNode': return symbol(n.name as string);
      case 'AccessorNode': {
        const name = dotted(n);
        if (name === undefined) return fail(findOperator(text, '['), 'indexing is not allowed in expressions', 'refer to module symbols as module.name');
        return symbol(name);
      }
      case 'ParenthesisNode': return lower(n.content as MNode);
      case 'ConditionalNode':
        return ir.cond(lower(n.condition as MNode), lower(n.trueExpr as MNode), lower(n.falseExpr as MNode));
      case 'OperatorNode': return operator(n);
      case 'FunctionNode': return call(n);
      default: {
        const token: Record<string, string> = { ArrayNode: '[', AssignmentNode: '=', BlockNode: ';', RangeNode: ':', ObjectNode: '{', FunctionAssignmentNode: '=', IndexNode: '[' };
        const what: Record<string, string> = { ArrayNode: 'matrices', AssignmentNode: 'assignments', BlockNode: 'several statements', RangeNode: 'ranges', ObjectNode: 'objects', FunctionAssignmentNode: 'function definitions', IndexNode: 'indexing' };
        return fail(findOperator(text, token[n.type] ?? text.trim()[0]), `${what[n.type] ?? n.type} not allowed in expressions`, 'write a single expression, e.g. CL/V1');
      }
    }
  };

  const operator = (n: MNode): Expr => {
    const fn = n.fn as string;
    const args = n.args as MNode[];
    if (fn === 'unaryMinus') return ir.neg(lower(args[0]));
    if (fn === 'unaryPlus') return lower(args[0]);
    if (fn === 'not') return { k: 'not', a: lower(args[0]) };
    const op = BINARY[fn];
    if (!op || args.length !== 2) {
      const opText = n.op as string;
      return fail(findOperator(text, opText), `operator '${opText}' is not allowed in expressions`, HINT_OPS);
    }
    return ir.op(op, lower(args[0]), lower(args[1]));
  };

  const call = (n: MNode): Expr => {
    const fnNode = n.fn as MNode;
    const name = dotted(fnNode) ?? '';
    const args = n.args as MNode[];
    const at = findCall(text, name);
    if (!fns.includes(name)) {
      if (scope.has(name)) return fail(at, `'${name}' is not a function`, `write ${name}*(...) to multiply`);
      const guess = closest(name, fns);
      return fail(at, `unknown function '${name}'`, guess ? `did you mean '${guess}'?` : `allowed functions: ${fns.join(', ')}`);
    }
    const [lo, hi] = ARITY[name as FnName] ?? [0, Infinity];
    if (args.length < lo || args.length > hi) {
      const want = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
      return fail(at, `${name}() takes ${want} argument${lo === 1 && hi === 1 ? '' : 's'}, got ${args.length}`);
    }
    return ir.call(name as FnName, ...args.map(lower));
  };

  return lower(root);
}
