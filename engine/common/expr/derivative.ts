/**
 * Symbolic differentiation of IR expressions, for analytic Jacobians (stiff solvers) and checks of
 * linear-subsystem matrices. Works on the engine IR rather than through `math.derivative`, so the
 * result is again allow-listed IR and needs no second lowering. Comparisons, `floor`, `ceil`,
 * `round` and `sign` are piecewise constant (derivative 0 almost everywhere); `cond`, `min`, `max`
 * and `abs` differentiate the branch that is active.
 */
import { ir, type Expr } from '../ir.js';
import { simplify } from './simplify.js';

const { num, op, call, neg, cond } = ir;

/** d(e)/d(name), simplified. */
export function derivative(e: Expr, name: string): Expr {
  return simplify(d(e, name));
}

function d(e: Expr, x: string): Expr {
  switch (e.k) {
    case 'num': case 'rand': case 'not': return num(0);
    case 'ref': return num(e.name === x ? 1 : 0);
    case 'neg': return neg(d(e.a, x));
    case 'cond': return cond(e.c, d(e.a, x), d(e.b, x));
    case 'op': {
      const { a, b } = e;
      switch (e.op) {
        case '+': case '-': return op(e.op, d(a, x), d(b, x));
        case '*': return op('+', op('*', d(a, x), b), op('*', a, d(b, x)));
        case '/': return op('/', op('-', op('*', d(a, x), b), op('*', a, d(b, x))), op('^', b, num(2)));
        case '^': return power(a, b, x);
        default: return num(0);
      }
    }
    case 'call': {
      const [a, b] = e.args;
      const da = a ? d(a, x) : num(0);
      switch (e.fn) {
        case 'exp': return op('*', call('exp', a), da);
        case 'log': return op('/', da, a);
        case 'log10': return op('/', da, op('*', a, num(Math.LN10)));
        case 'sqrt': return op('/', da, op('*', num(2), call('sqrt', a)));
        case 'abs': return op('*', call('sign', a), da);
        case 'pow': return power(a, b, x);
        case 'sin': return op('*', call('cos', a), da);
        case 'cos': return neg(op('*', call('sin', a), da));
        case 'tanh': return op('*', op('-', num(1), op('^', call('tanh', a), num(2))), da);
        case 'erf': return op('*', op('*', num(2 / Math.sqrt(Math.PI)), call('exp', neg(op('^', a, num(2))))), da);
        case 'pnorm': return op('*', op('*', num(1 / Math.sqrt(2 * Math.PI)), call('exp', op('/', neg(op('^', a, num(2))), num(2)))), da);
        // d qnorm(u)/du = 1 / φ(qnorm(u)) = sqrt(2π) · exp(qnorm(u)²/2)
        case 'qnorm': return op('*', op('*', num(Math.sqrt(2 * Math.PI)), call('exp', op('/', op('^', call('qnorm', a), num(2)), num(2)))), da);
        case 'min': case 'max': {
          // n-ary min/max as a left fold of binary ones; the active argument's derivative.
          const cmp = e.fn === 'min' ? '<=' : '>=';
          let acc = e.args[0];
          let dacc = d(acc, x);
          for (const next of e.args.slice(1)) {
            dacc = cond(op(cmp, acc, next), dacc, d(next, x));
            acc = call(e.fn, acc, next);
          }
          return dacc;
        }
        default: return num(0);
      }
    }
  }
}

function power(a: Expr, b: Expr, x: string): Expr {
  const db = simplify(d(b, x));
  const da = d(a, x);
  // Constant exponent: n·a^(n−1)·a' (also valid for a ≤ 0, unlike the general form).
  if (db.k === 'num' && db.v === 0) return op('*', op('*', b, op('^', a, op('-', b, num(1)))), da);
  return op('*', op('^', a, b), op('+', op('*', db, call('log', a)), op('/', op('*', b, da), a)));
}
