/**
 * Lowers a mathjs expression string to the IR for scenario-level expressions (derived covariates).
 * Temporary and deliberately small: the model loader's allow-listed lowering (engine/common/expr)
 * should replace it when it lands. Unknown symbols and functions are InputErrors at the position.
 */
import { parse, type MathNode } from 'mathjs';
import { closest, InputError } from '../errors.js';
import { ALLOWED_FUNCTIONS, ir, type BinaryOp, type Expr, type FnName, type SourcePos } from '../ir.js';

const BINARY: Record<string, BinaryOp> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^', smaller: '<', smallerEq: '<=',
  larger: '>', largerEq: '>=', equal: '==', unequal: '!=', and: 'and', or: 'or',
};

/**
 * Parses `text` into IR. `symbol(name)` maps a known name to its IR (undefined = unknown);
 * `pos` is where the expression is written (errors point there).
 */
export function parseExpr(text: string, symbols: Map<string, Expr>, pos: SourcePos): Expr {
  const fail = (message: string, hint?: string): never => {
    throw InputError.at(pos.file, pos.line, pos.col, message, hint);
  };
  let root: MathNode;
  try {
    root = parse(text);
  } catch (e) {
    return fail(`cannot parse expression '${text}': ${(e as Error).message}`, 'use mathjs syntax, e.g. "0.5 * WT + 1"');
  }
  const lower = (n: MathNode): Expr => {
    const node = n as MathNode & Record<string, unknown>;
    switch (n.type) {
      case 'ConstantNode': {
        const v = node.value;
        if (typeof v !== 'number') fail(`only numbers are allowed as constants, got '${String(v)}'`);
        return ir.num(v as number);
      }
      case 'ParenthesisNode':
        return lower(node.content as MathNode);
      case 'SymbolNode': {
        const name = node.name as string;
        const e = symbols.get(name);
        if (!e) {
          const s = closest(name, symbols.keys());
          return fail(`unknown symbol '${name}' in '${text}'`, s ? `did you mean '${s}'?` : `known: ${[...symbols.keys()].join(', ')}`);
        }
        return e;
      }
      case 'OperatorNode': {
        const args = (node.args as MathNode[]).map(lower);
        const fn = node.fn as string;
        if (args.length === 1) {
          if (fn === 'unaryMinus') return ir.neg(args[0]);
          if (fn === 'unaryPlus') return args[0];
          if (fn === 'not') return { k: 'not', a: args[0] };
        }
        const op = BINARY[fn];
        if (!op || args.length !== 2) return fail(`operator '${String(node.op)}' is not allowed in '${text}'`);
        return ir.op(op, args[0], args[1]);
      }
      case 'ConditionalNode':
        return ir.cond(lower(node.condition as MathNode), lower(node.trueExpr as MathNode), lower(node.falseExpr as MathNode));
      case 'FunctionNode': {
        const name = (node.fn as { name?: string }).name ?? '';
        if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(name)) {
          const s = closest(name, ALLOWED_FUNCTIONS);
          return fail(`function '${name}' is not allowed`, s ? `did you mean '${s}'?` : `allowed: ${ALLOWED_FUNCTIONS.join(', ')}`);
        }
        return ir.call(name as FnName, ...(node.args as MathNode[]).map(lower));
      }
      default:
        return fail(`'${text}': ${n.type} is not allowed in expressions`);
    }
  };
  return lower(root);
}
