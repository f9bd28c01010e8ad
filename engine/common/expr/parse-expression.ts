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

type Fail = (offset: number, message: string, hint?: string) => never;

/**
 * Parses `src` (a mathjs expression; YAML numbers are accepted as-is) into IR.
 * `where` is the position of the text's first character in its file.
 */
export function parseExpression(src: string | number, where: TextWhere, scope: ExprScope): Expr {
  const text = String(src);
  const fail: Fail = (offset, message, hint) => {
    const p = posAt(where, offset);
    throw InputError.at(p.file, p.line, p.col, message, hint);
  };
  if (text.trim() === '') fail(0, 'empty expression', 'write a number or an expression such as CL/V1');
  return new Lowering(text, scope, fail).lower(parseMathjs(text, fail));
}

/** The mathjs syntax tree of `text`; a syntax error is reported at mathjs's character. */
function parseMathjs(text: string, fail: Fail): MNode {
  try {
    // mathjs reads a newline as a statement separator; YAML block scalars spread one expression over
    // lines, so newlines become spaces (same length, so offsets stay valid).
    return math.parse(text.replace(/[\r\n]/g, ' ')) as unknown as MNode;
  } catch (err) {
    const e = err as { message?: string; char?: number };
    const offset = typeof e.char === 'number' ? Math.max(0, Math.min(text.length, e.char - 1)) : 0;
    return fail(offset, `cannot parse expression '${excerpt(text, 60)}': ${(e.message ?? String(err)).replace(/\s*\(char \d+\)$/, '')}`,
      'expressions use mathjs syntax, e.g. -(CL/V1)*A1 + k21*A2');
  }
}

/** The written name of a symbol or a dotted module access (`pk.C`); undefined for other nodes. */
function dottedName(n: MNode): string | undefined {
  if (n.type === 'SymbolNode') return n.name as string;
  if (n.type !== 'AccessorNode') return undefined;
  const index = n.index as MNode;
  const dims = index.dimensions as MNode[];
  if (!index.dotNotation || dims.length !== 1 || typeof dims[0].value !== 'string') return undefined;
  const head = dottedName(n.object as MNode);
  return head === undefined ? undefined : `${head}.${dims[0].value}`;
}

/** Node kinds outside the allow-list: the token that starts them, and what to call them in the error. */
const REFUSED_TOKEN: Record<string, string> = { ArrayNode: '[', AssignmentNode: '=', BlockNode: ';', RangeNode: ':', ObjectNode: '{', FunctionAssignmentNode: '=', IndexNode: '[' };
const REFUSED_WHAT: Record<string, string> = { ArrayNode: 'matrices', AssignmentNode: 'assignments', BlockNode: 'several statements', RangeNode: 'ranges', ObjectNode: 'objects', FunctionAssignmentNode: 'function definitions', IndexNode: 'indexing' };

/** mathjs nodes → IR, node kind by node kind; errors locate their token in `text`. */
class Lowering {
  private readonly fns: readonly string[];
  private readonly literals: UnitLiterals | undefined;

  constructor(private readonly text: string, private readonly scope: ExprScope, private readonly fail: Fail) {
    this.fns = scope.functions ?? ALLOWED_FUNCTIONS;
    this.literals = scope.unitLiterals ? new UnitLiterals(scope.unitLiterals.timeUnit, (n) => scope.has(n)) : undefined;
  }

  lower(n: MNode): Expr {
    const literal = this.literals?.lower(n);
    if (literal) return literal;
    switch (n.type) {
      case 'ConstantNode': return this.constant(n.value);
      case 'SymbolNode': return this.symbol(n.name as string);
      case 'AccessorNode': {
        const name = dottedName(n);
        if (name === undefined) return this.fail(findOperator(this.text, '['), 'indexing is not allowed in expressions', 'refer to module symbols as module.name');
        return this.symbol(name);
      }
      case 'ParenthesisNode': return this.lower(n.content as MNode);
      case 'ConditionalNode':
        return ir.cond(this.lower(n.condition as MNode), this.lower(n.trueExpr as MNode), this.lower(n.falseExpr as MNode));
      case 'OperatorNode': return this.operator(n);
      case 'FunctionNode': return this.call(n);
      default: {
        return this.fail(findOperator(this.text, REFUSED_TOKEN[n.type] ?? this.text.trim()[0]), `${REFUSED_WHAT[n.type] ?? n.type} not allowed in expressions`, 'write a single expression, e.g. CL/V1');
      }
    }
  }

  /** Numbers, and booleans as 1/0; strings are refused. */
  private constant(v: unknown): Expr {
    if (typeof v === 'number') return ir.num(v);
    if (typeof v === 'boolean') return ir.num(v ? 1 : 0);
    return this.fail(findOperator(this.text, '"') || findOperator(this.text, "'"), 'strings are not allowed in expressions', 'use numbers and symbols');
  }

  /** A declared name (renamed to its ref) or pi; anything else is an unknown symbol with a hint. */
  private symbol(name: string): Expr {
    const { scope, text } = this;
    if (scope.has(name)) return ir.ref(scope.rename ? scope.rename(name) : name);
    if (name === 'pi') return ir.num(Math.PI);
    const guess = closest(name, scope.names());
    if (this.literals && unitNamed(name)) {
      const or = guess ? `; or did you mean '${guess}'?` : '';
      return this.fail(findIdentifier(text, name), `unknown symbol '${name}'`, `'${name}' is a unit: a unit in an expression needs its number, e.g. 1 ${name}${or}`);
    }
    return this.fail(findIdentifier(text, name), `unknown symbol '${name}'`,
      guess ? `did you mean '${guess}'?` : 'declare it under parameters, covariates, states, derived or inputs');
  }

  private operator(n: MNode): Expr {
    const fn = n.fn as string;
    const args = n.args as MNode[];
    if (fn === 'unaryMinus') return ir.neg(this.lower(args[0]));
    if (fn === 'unaryPlus') return this.lower(args[0]);
    if (fn === 'not') return { k: 'not', a: this.lower(args[0]) };
    const op = BINARY[fn];
    if (!op || args.length !== 2) {
      const opText = n.op as string;
      return this.fail(findOperator(this.text, opText), `operator '${opText}' is not allowed in expressions`, HINT_OPS);
    }
    return ir.op(op, this.lower(args[0]), this.lower(args[1]));
  }

  /** A call of an allowed function with an allowed number of arguments. */
  private call(n: MNode): Expr {
    const { fns, text } = this;
    const name = dottedName(n.fn as MNode) ?? '';
    const args = n.args as MNode[];
    const at = findCall(text, name);
    if (!fns.includes(name)) {
      if (this.scope.has(name)) return this.fail(at, `'${name}' is not a function`, `write ${name}*(...) to multiply`);
      const guess = closest(name, fns);
      return this.fail(at, `unknown function '${name}'`, guess ? `did you mean '${guess}'?` : `allowed functions: ${fns.join(', ')}`);
    }
    const [lo, hi] = ARITY[name as FnName] ?? [0, Infinity];
    if (args.length < lo || args.length > hi) {
      const want = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
      return this.fail(at, `${name}() takes ${want} argument${lo === 1 && hi === 1 ? '' : 's'}, got ${args.length}`);
    }
    return ir.call(name as FnName, ...args.map((a) => this.lower(a)));
  }
}
