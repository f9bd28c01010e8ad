/**
 * Unit literals in expressions (`C > 0.1 mg/L`, `k * 2 h`, `1/wk`): a product or quotient of
 * numbers and unit names, with at least one of each, that names no symbol of the expression's scope.
 * Each becomes a plain IR number in the engine's internal units (mass mg, volume L, amount µmol,
 * time = the model's time unit), so the IR and the kernels never see a unit; its dimension is kept
 * beside the IR node (`literalDim`) for dimensional analysis (./dims.ts).
 */
import { ir, type Expr } from '../ir.js';
import { DIMENSIONLESS, dimDiv, dimMul, dimPow, type Dim } from '../units/dimension.js';
import { internalScale, unitNamed } from '../units/parse-unit.js';

/** The mathjs node shape this module reads. */
export interface MathNode {
  type: string;
  [key: string]: unknown;
}

interface Term {
  factor: number;
  dim: Dim;
  numbers: boolean;
  units: boolean;
}

/** Dimension of each IR number that came from a unit literal (keyed by node: no field in the IR). */
const literalDims = new WeakMap<Expr, Dim>();

/** The dimension of `e` when it is a number written with a unit; undefined for other nodes. */
export function literalDim(e: Expr): Dim | undefined {
  return literalDims.get(e);
}

/** True when `e` contains a number written with a unit. */
export function hasUnitLiteral(e: Expr): boolean {
  switch (e.k) {
    case 'num': return literalDims.has(e);
    case 'op': return hasUnitLiteral(e.a) || hasUnitLiteral(e.b);
    case 'neg': case 'not': return hasUnitLiteral(e.a);
    case 'call': return e.args.some(hasUnitLiteral);
    case 'cond': return hasUnitLiteral(e.c) || hasUnitLiteral(e.a) || hasUnitLiteral(e.b);
    default: return false;
  }
}

/** Reads unit literals of one expression; `inScope` names win over unit names (a parameter `h` is not hours). */
export class UnitLiterals {
  private readonly memo = new Map<MathNode, Term | undefined>();
  constructor(private readonly timeUnit: string, private readonly inScope: (name: string) => boolean) {}

  /** The literal `n` spells, as an internal-unit IR number; undefined when `n` is not one. */
  lower(n: MathNode): Expr | undefined {
    const t = this.term(n);
    if (!t || !t.numbers || !t.units) return undefined;
    const value = internalScale({ text: '', factor: t.factor, dim: t.dim }, this.timeUnit);
    const e = ir.num(value);
    literalDims.set(e, t.dim);
    return e;
  }

  private term(n: MathNode): Term | undefined {
    if (!this.memo.has(n)) this.memo.set(n, this.read(n));
    return this.memo.get(n);
  }

  private read(n: MathNode): Term | undefined {
    switch (n.type) {
      case 'ConstantNode':
        return typeof n.value === 'number' ? { factor: n.value, dim: DIMENSIONLESS, numbers: true, units: false } : undefined;
      case 'SymbolNode': {
        const name = n.name as string;
        const u = this.inScope(name) ? undefined : unitNamed(name);
        return u ? { ...u, numbers: false, units: true } : undefined;
      }
      case 'ParenthesisNode': return this.term(n.content as MathNode);
      case 'OperatorNode': return this.operator(n);
      default: return undefined;
    }
  }

  private operator(n: MathNode): Term | undefined {
    const args = n.args as MathNode[];
    if (n.fn === 'unaryMinus') {
      const a = this.term(args[0]);
      return a && { ...a, factor: -a.factor };
    }
    if (args.length !== 2) return undefined;
    const a = this.term(args[0]);
    if (!a) return undefined;
    if (n.fn === 'pow') {
      const p = this.term(args[1]);
      if (!p || p.units || !a.units) return undefined;
      return { factor: a.factor ** p.factor, dim: dimPow(a.dim, p.factor), numbers: a.numbers, units: true };
    }
    const b = this.term(args[1]);
    if (!b || (n.fn !== 'multiply' && n.fn !== 'divide')) return undefined;
    const both = { numbers: a.numbers || b.numbers, units: a.units || b.units };
    return n.fn === 'multiply' ? { factor: a.factor * b.factor, dim: dimMul(a.dim, b.dim), ...both } : { factor: a.factor / b.factor, dim: dimDiv(a.dim, b.dim), ...both };
  }
}
