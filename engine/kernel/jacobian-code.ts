/**
 * The Jacobian of the model's right-hand side for the Rosenbrock stepper (program/rosenbrock.kl),
 * generated as kernel-language text from the expression IR by symbolic differentiation
 * (engine/common/expr/derivative.ts) — the same one translation (kl-expr.ts) as the right-hand side,
 * so both targets print it and no file can inject code.
 *
 * Derived quantities are differentiated by the chain rule as `let`s of their own (forward mode over
 * the model's `derived` list): d(dv_k)/dv = Σ_r ∂expr_k/∂r · d(r)/dv for every symbol r it reads.
 * Entries that simplify to a number are folded into their users, so structurally zero entries
 * cost nothing and only the derived quantities the right-hand side needs are differentiated.
 *
 * Closed-form linear states (docs/KERNEL.md §3) are functions of time, not unknowns: when the
 * subsystem is solved in closed form their rows and columns of ∂f/∂y are 0 and their motion enters
 * ∂f/∂t through the chain rule, ∂f_i/∂t = ∂f_i/∂t|explicit + Σ_{j linear} ∂f_i/∂y_j · f_j.
 */
import { ir, refsOf, type Expr } from '../common/ir.js';
import { derivative } from '../common/expr/derivative.js';
import { simplify } from '../common/expr/simplify.js';
import { klExpr, klNum, mapResolver } from './kl-expr.js';
import type { KernelPlan } from './plan.js';

/** Total derivatives d(symbol)/d(var) of the model's symbols, as IR over generated names. */
class Chain {
  private readonly dDerived = new Map<string, Map<string, Expr>>();
  readonly lets: { name: string; expr: Expr }[] = [];

  constructor(private readonly states: string[]) {}

  /** d(ref r)/d(v): states and time are independent variables, derived quantities chain. */
  private dRef(r: string, v: string): Expr {
    if (r === 't' || this.states.includes(r)) return ir.num(r === v ? 1 : 0);
    return this.dDerived.get(r)?.get(v) ?? ir.num(0);
  }

  /** d(e)/d(v) with every symbol e reads followed through the derived quantities. */
  total(e: Expr, v: string): Expr {
    let sum: Expr = ir.num(0);
    for (const r of refsOf(e)) {
      const inner = this.dRef(r, v);
      if (inner.k === 'num' && inner.v === 0) continue;
      sum = ir.op('+', sum, ir.op('*', derivative(e, r), inner));
    }
    return simplify(sum);
  }

  /** Declares derived quantity `name` = e (in model order): its derivatives become lets. */
  derived(name: string, e: Expr, k: number, vars: string[]): void {
    const m = new Map<string, Expr>();
    vars.forEach((v, j) => {
      const d = this.total(e, v);
      if (d.k === 'num') { m.set(v, d); return; }
      const slot = `jd_${k}_${j}`;
      this.lets.push({ name: slot, expr: d });
      m.set(v, ir.ref(slot));
    });
    this.dDerived.set(name, m);
  }
}

const isZero = (e: Expr): boolean => e.k === 'num' && e.v === 0;

/**
 * `fn jac_lin(tau, y)`: sets ros_m[i][j] = ∂f_i/∂y_j and ros_ft[i] = ∂f_i/∂t at (tau, y), y holding
 * every state at tau (closed-form ones evaluated). `scope` maps parameters and individual values.
 */
export function jacobianKl(plan: KernelPlan, base: Map<string, string>, needed: Set<number>): string {
  const m = plan.model;
  const ny = plan.consts.NY as number;
  const states = m.states.map((s) => s.name);
  const vars = [...states, 't'];
  const scope = new Map(base);
  scope.set('t', 't');
  states.forEach((n, i) => scope.set(n, `y[${i}u]`));
  const chain = new Chain(states);
  const lines = ['let t = st_T0 + tau;'];
  const emitted = new Set<string>();
  const flushLets = (): void => {
    for (const l of chain.lets) {
      if (emitted.has(l.name)) continue;
      emitted.add(l.name);
      scope.set(l.name, l.name);
      lines.push(`let ${l.name} = ${klExpr(l.expr, mapResolver(scope, `model '${m.name}' (Jacobian)`))};`);
    }
  };
  m.derived.forEach((d, k) => {
    if (!needed.has(k)) return;
    lines.push(`let dv_${k} = ${klExpr(d.expr, mapResolver(scope, `model '${m.name}' (derived)`))};`);
    scope.set(d.name, `dv_${k}`);
    chain.derived(d.name, d.expr, k, vars);
    flushLets();
  });
  const r = mapResolver(scope, `model '${m.name}' (Jacobian)`);
  // Rows: the states' equations, then each auc summary's integrand (scaled, on while its window is).
  const rows: { expr: Expr; wrap: (s: string) => string }[] = m.odes.map((e) => ({ expr: e, wrap: (s) => s }));
  plan.auxIndex.forEach((slot, j) => {
    if (slot < 0) return;
    const o = m.outputs[plan.summaryOutput[j]];
    rows[slot] = { expr: o.expr, wrap: (s) => `select(0.0, (${s}) * ${klNum(o.scale)}, aux_on[${slot - states.length}u])` };
  });
  const lin = new Set(plan.linear);
  const dosed = new Set(m.doseTargets.map((t) => t.state));
  // The closed-form states' own rates (their motion), for ∂f/∂t.
  plan.linear.forEach((i) => {
    const f = klExpr(m.odes[i], r);
    lines.push(`let lf_${i} = ${dosed.has(states[i]) ? `${f} + rate[${i}u]` : f};`);
  });
  for (let i = 0; i < ny; i++) {
    const row = rows[i];
    const ft: string[] = [];
    for (let j = 0; j < ny; j++) {
      const d = row && j < states.length ? chain.total(row.expr, states[j]) : ir.num(0);
      if (isZero(d)) { lines.push(`ros_m[${i}u][${j}u] = 0.0;`); continue; }
      const text = row.wrap(klExpr(d, r));
      if (lin.has(j)) ft.push(`${text} * lf_${j}`);
      lines.push(lin.has(i) || lin.has(j) ? `ros_m[${i}u][${j}u] = select(${text}, 0.0, lin_closed);` : `ros_m[${i}u][${j}u] = ${text};`);
    }
    const dt = row ? chain.total(row.expr, 't') : ir.num(0);
    const explicit = isZero(dt) ? '0.0' : row.wrap(klExpr(dt, r));
    const motion = ft.length ? ` + select(0.0, ${ft.join(' + ')}, lin_closed)` : '';
    lines.push(lin.has(i) ? `ros_ft[${i}u] = select(${explicit}, 0.0, lin_closed);` : `ros_ft[${i}u] = ${explicit}${motion};`);
  }
  return `fn jac_lin(tau: real, y: array<real, NY>) {\n  ${lines.join('\n  ')}\n}`;
}
