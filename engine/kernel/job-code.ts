/**
 * The job-specific part of the kernel program, generated as kernel-language text from the plan:
 * the constants, the patient set-up (population program, individual parameters, dose lag and
 * bioavailability, initial states, tolerances, closed-form set-up), the right-hand side and outputs,
 * dose levels and durations, and each regimen's protocol-rule decisions. Everything else the kernel
 * does is the fixed program in engine/kernel/program/.
 *
 * Model symbols become slot names (par_k, pv_k, iv_k, dv_k, y[i]); nothing a file wrote is printed.
 * Literals of job-level expressions are lifted into the data buffer in the order of `jobLiterals`.
 */
import type { Assign, Expr } from '../common/ir.js';
import { klExpr, klNum, literalsOf, mapResolver, type LiteralCursor } from './kl-expr.js';
import type { KernelPlan } from './plan.js';
import { jacobianKl } from './jacobian-code.js';
import { namesReadBy, neededDerived } from './model-reads.js';

/** Lifted literals in generation order: population, dose levels, durations, then rules. */
export function jobLiterals(plan: KernelPlan): number[] {
  const out: number[] = [];
  for (const a of plan.population.assigns) literalsOf(a.expr, out);
  for (const e of plan.levels) literalsOf(e, out);
  for (const e of plan.durations) literalsOf(e, out);
  for (const r of plan.rules) {
    for (const q of r?.rules ?? []) {
      literalsOf(q.when, out);
      if (q.action === 'delay') out.push(q.max ?? 1, q.by ?? 0);
    }
  }
  return out;
}

/** Reads lifted literal k, k = 0, 1, … in generation order. */
class Cursor implements LiteralCursor {
  private k = 0;
  next(): string { return `fd(off_const + ${this.k++}u)`; }
}

const ifChain = (sig: string, cases: string[], fallback: string): string =>
  `fn ${sig} {\n${cases.map((c, i) => `  if (slot == ${i}u) { return ${c}; }`).join('\n')}\n  return ${fallback};\n}`;

/** Scope names → slot names for one patient: params, population values, individual values. */
class Slots {
  readonly decls: string[] = [];
  readonly setup: string[] = [];
  readonly scope = new Map<string, string>();

  constructor(private readonly plan: KernelPlan, cur: Cursor) {
    const m = plan.model;
    m.params.forEach((p, k) => this.add(`par_${k}`, p.name, `fd(off_params + ${k}u)`));
    const pop = new Map(this.scope);
    plan.population.tableColumns.forEach((c, k) => pop.set(`table.${c}`, `fd(off_table + ${k}u * table_rows + st_gi)`));
    this.assigns('pv', plan.population.assigns, pop, 'the population program', cur);
    for (const [n, v] of pop) if (!n.startsWith('table.')) this.scope.set(n, v);
    this.assigns('iv', m.individual, this.scope, `model '${m.name}' (individual parameters)`);
  }

  private add(slot: string, name: string, value: string): void {
    this.decls.push(`var<private> ${slot}: real;`);
    this.setup.push(`${slot} = ${value};`);
    this.scope.set(name, slot);
  }

  private assigns(prefix: string, list: Assign[], scope: Map<string, string>, where: string, cur?: Cursor): void {
    list.forEach((a, k) => {
      const text = klExpr(a.expr, mapResolver(scope, where), cur);
      this.decls.push(`var<private> ${prefix}_${k}: real;`);
      this.setup.push(`${prefix}_${k} = ${text};`);
      scope.set(a.name, `${prefix}_${k}`);
    });
  }

  resolver(where: string): (n: string) => string { return mapResolver(this.scope, where); }
}

function constsKl(plan: KernelPlan): string {
  return Object.entries(plan.consts).map(([k, v]) => {
    if (typeof v === 'boolean') return `const ${k}: bool = ${v};`;
    return Number.isInteger(v) && k !== 'BIG' ? `const ${k}: u32 = ${v}u;` : `const ${k}: real = ${klNum(v)};`;
  }).join('\n');
}

function patientSetup(plan: KernelPlan, s: Slots): string {
  const m = plan.model;
  const r = s.resolver(`model '${m.name}'`);
  const ny = plan.consts.NY as number, nyNum = plan.consts.NYNUM as number;
  const lines = [...s.setup];
  m.doseTargets.forEach((t, k) => lines.push(`tg_lag[${k}u] = ${klExpr(t.lag, r)};`, `tg_F[${k}u] = ${klExpr(t.bioavailability, r)};`));
  m.states.forEach((st, i) => lines.push(`init_y[${i}u] = ${klExpr(st.init, r)};`));
  for (let i = m.states.length; i < ny; i++) lines.push(`init_y[${i}u] = 0.0;`);
  for (let i = 0; i < ny; i++) lines.push(`err_atol[${i}u] = fd(off_atol + ${i}u);`, `err_mask[${i}u] = ${i < nyNum ? '1.0' : '0.0'};`);
  lines.push('lin_closed = false;');
  const n = plan.linear.length;
  if (n > 0) {
    m.linear!.k.forEach((e, j) => lines.push(`lin_K[${j}u] = ${klExpr(e, r)};`));
    lines.push(`lin_closed = lin_setup();`);
    lines.push(`if (lin_closed) { ${plan.linear.map((i) => `err_mask[${i}u] = 0.0;`).join(' ')} }`);
  }
  lines.push(`err_cnt = ${klNum(nyNum)} - select(0.0, ${klNum(n)}, lin_closed);`);
  const report = plan.report.map((name, k) => {
    const slot = s.scope.get(name.startsWith('param.') ? name.slice(6) : name);
    if (slot === undefined) throw new Error(`kernel: reported value '${name}' is not assigned`);
    return `out_report(${k}u, ${slot});`;
  });
  return `${s.decls.join('\n')}
fn patient_setup() {
  ${lines.join('\n  ')}
}
fn report_values() {
  ${report.join('\n  ')}
}`;
}

/** The derived quantities the right-hand side reads: the states' equations and auc integrands. */
function rhsDerived(plan: KernelPlan): Set<number> {
  const m = plan.model;
  const aux = plan.auxIndex.flatMap((slot, j) => (slot < 0 ? [] : [m.outputs[plan.summaryOutput[j]].expr]));
  return neededDerived(m, [...m.odes, ...aux]);
}

/** rhs_lin and outputs_lin: y holds every state at tau (closed-form ones already evaluated). */
function modelRhs(plan: KernelPlan, s: Slots): string {
  const m = plan.model;
  const scope = new Map(s.scope);
  scope.set('t', 't');
  m.states.forEach((st, i) => scope.set(st.name, `y[${i}u]`));
  const derived = m.derived.map((d, k) => {
    const line = `let dv_${k} = ${klExpr(d.expr, mapResolver(scope, `model '${m.name}' (derived)`))};`;
    scope.set(d.name, `dv_${k}`);
    return line;
  });
  const r = mapResolver(scope, `model '${m.name}' (right-hand side and outputs)`);
  const dosed = new Set(m.doseTargets.map((t) => t.state));
  const d = m.odes.map((e, i) => {
    const rhs = dosed.has(m.states[i].name) ? `${klExpr(e, r)} + rate[${i}u]` : klExpr(e, r);
    return plan.linear.includes(i) ? `d[${i}u] = select(${rhs}, 0.0, lin_closed);` : `d[${i}u] = ${rhs};`;
  });
  plan.auxIndex.forEach((slot, j) => {
    if (slot < 0) return;
    const o = m.outputs[plan.summaryOutput[j]];
    d.push(`d[${slot}u] = select(0.0, (${klExpr(o.expr, r)}) * ${klNum(o.scale)}, aux_on[${slot - m.states.length}u]);`);
  });
  const outs = m.outputs.map((o, k) => `o[${k}u] = (${klExpr(o.expr, r)}) * ${klNum(o.scale)};`);
  const pre = (keep: Set<number>): string => ['let t = st_T0 + tau;', ...derived.filter((_, k) => keep.has(k))].join('\n  ');
  return `fn rhs_lin(tau: real, y: array<real, NY>) -> array<real, NY> {
  ${pre(rhsDerived(plan))}
  var d: array<real, NY>;
  ${d.join('\n  ')}
  return d;
}
fn outputs_lin(tau: real, y: array<real, NY>) -> array<real, NO> {
  ${pre(neededDerived(m, m.outputs.map((o) => o.expr)))}
  var o: array<real, NO>;
  ${outs.join('\n  ')}
  return o;
}`;
}

/**
 * One output at tau, for the dense-output probes (extremum refinement, crossings, value_at): the
 * closed form is evaluated only when that output reads a closed-form state, directly or through
 * derived quantities — the ANC nadir's ≈ 30 probes per golden-section search need no PK. The same
 * expressions as outputs_lin, evaluated the same way, so the value is the same to the bit.
 */
function outputOne(plan: KernelPlan, s: Slots): string {
  const m = plan.model;
  const closedNames = new Set(plan.linear.map((i) => m.states[i].name));
  const branches = m.outputs.map((o, k) => {
    const keep = neededDerived(m, [o.expr]);
    const closed = [...namesReadBy(m, [o.expr])].some((r) => closedNames.has(r));
    const scope = new Map(s.scope);
    scope.set('t', 't');
    m.states.forEach((st, i) => scope.set(st.name, `${closed ? 'y' : 'yin'}[${i}u]`));
    const lines = closed ? ['let y = with_lin(tau, yin);'] : [];
    m.derived.forEach((d, j) => {
      const line = `let dv_${j} = ${klExpr(d.expr, mapResolver(scope, `model '${m.name}' (derived)`))};`;
      scope.set(d.name, `dv_${j}`);
      if (keep.has(j)) lines.push(line);
    });
    const value = `(${klExpr(o.expr, mapResolver(scope, `model '${m.name}' (outputs)`))}) * ${klNum(o.scale)}`;
    return `if (o == ${k}u) {\n    ${[...lines, `return ${value};`].join('\n    ')}\n  }`;
  });
  return `fn output_one(o: u32, tau: real, yin: array<real, NY>) -> real {
  let t = st_T0 + tau;
  ${branches.join('\n  ')}
  return f_nan();
}`;
}

function linearMoves(plan: KernelPlan): string {
  const idx = plan.linear;
  return `fn with_lin(tau: real, yin: array<real, NY>) -> array<real, NY> {
  var y = yin;
  if (HAS_LINEAR && lin_closed) {
    let x = lin_eval(tau);
    ${idx.map((i, k) => `y[${i}u] = x[${k}u];`).join(' ')}
  }
  return y;
}
// yin with the closed-form states of \`src\`, already evaluated at the time yin is for (a step's end
// reuses its last stage's closed form: the same lin_eval(tau + h), to the bit).
fn lin_from(yin: array<real, NY>, src: array<real, NY>) -> array<real, NY> {
  var y = yin;
  if (HAS_LINEAR && lin_closed) { ${idx.map((i) => `y[${i}u] = src[${i}u];`).join(' ')} }
  return y;
}
fn lin_capture() { ${idx.map((i, k) => `lin_x0[${k}u] = dp_y0[${i}u];`).join(' ')} }
fn lin_rates() { ${idx.map((i, k) => `lin_b[${k}u] = rate[${i}u];`).join(' ')} }`;
}

/** One regimen's decisions at T (docs/KERNEL.md §7), rule for rule. */
function decideOf(plan: KernelPlan, ri: number, s: Slots, cur: Cursor): string {
  const rules = plan.rules[ri];
  const scope = new Map(s.scope);
  plan.model.outputs.forEach((o, k) => scope.set(`out:${o.name}`, `outs[${k}u]`));
  scope.set('rule:delays', 'real(r_del)');
  scope.set('rule:delayed', 'real(ds_delays(d))');
  scope.set('rule:reductions', 'real(r_lev)');
  scope.set('rule:cycle', 'real(dose_cycle(d))');
  scope.set('rule:dose', 'real(d + 1u)');
  (rules?.trackers ?? []).forEach((t, q) => scope.set(`track:${t.name}`, `track_value(${q}u)`));
  const r = mapResolver(scope, `the protocol rules of regimen ${ri + 1}`);
  const conds: string[] = [];
  const lines: string[] = [];
  for (const q of rules?.rules ?? []) {
    const c = `(${klExpr(q.when, r, cur)} != 0.0)`;
    conds.push(c);
    if (q.action !== 'delay') continue;
    const max = cur.next(), by = cur.next();
    const exhausted = q.then === 'give' ? '' : ' rule_stop(d); return true;';
    lines.push(`if ${c} { if (real(ds_delays(d)) < ${max}) { rule_shift(d, ${by}); continue; }${exhausted} }`);
  }
  const of = (action: string): string[] => (rules?.rules ?? []).flatMap((q, i) => (q.action === action ? [conds[i]] : []));
  const reduce = of('reduce');
  // A combination's reduce rules act at their drugs' doses only, once per decision time (docs/KERNEL.md §7).
  const targets = (rules?.rules ?? []).find((q) => q.action === 'reduce')?.targets;
  if (reduce.length && targets) {
    const mine = targets.map((t) => `dose_target(d) == ${t}u`).join(' || ');
    lines.push(`if (!reduced && (${mine}) && (${reduce.join(' || ')})) { if (dose_level(d) + r_lev < dose_last_level(d)) { r_lev++; reduced = true; } else { rule_stop(d); return true; } }`);
  } else if (reduce.length) {
    lines.push(`if (${reduce.join(' || ')}) { if (dose_level(d) + r_lev < dose_last_level(d)) { r_lev++; } else { rule_stop(d); return true; } }`);
  }
  const stop = of('discontinue');
  if (stop.length) lines.push(`if (${stop.join(' || ')}) { rule_stop(d); return true; }`);
  return `fn decide_${ri}(T: real, outs: array<real, NO>) -> bool {
  var changed = false;${targets && reduce.length ? '\n  var reduced = false;' : ''}
  for (var d = 0u; d < n_doses; d++) {
    if (ds_status(d) != PENDING || !(ds_pt(d) <= T)) { continue; }
    changed = true;
    ${lines.join('\n    ')}
    rule_give(d);
  }
  return changed;
}`;
}

function dosing(plan: KernelPlan, s: Slots, cur: Cursor): string {
  const r = s.resolver('a dose level or duration');
  const levels = plan.levels.map((e) => klExpr(e, r, cur));
  const durations = plan.durations.map((e) => klExpr(e, r, cur));
  const targets = plan.model.doseTargets.map((t) => {
    const i = plan.model.states.findIndex((st) => st.name === t.state);
    if (i < 0) throw new Error(`kernel: dose target '${t.name}' names unknown state '${t.state}'`);
    return `${i}u`;
  });
  return [ifChain('level_amount(slot: u32) -> real', levels, 'f_nan()'),
    ifChain('duration_expr(slot: u32) -> real', durations, '0.0'),
    ifChain('target_state(slot: u32) -> u32', targets, '0u')].join('\n');
}

/** The job-specific KL source of `plan` (constants first: the fixed program uses them). */
export function jobKl(plan: KernelPlan): { file: string; text: string } {
  const cur = new Cursor();
  const slots = new Slots(plan, cur);
  const dose = dosing(plan, slots, cur);
  const decides = plan.consts.DYNAMIC ? plan.rules.map((_, ri) => decideOf(plan, ri, slots, cur)) : [];
  const decide = `fn decide(T: real, outs: array<real, NO>) -> bool {
${decides.map((_, ri) => `  if (regimen == ${ri}u) { return decide_${ri}(T, outs); }`).join('\n')}
  return false;
}`;
  // The Rosenbrock stepper's Jacobian (a no-op stub otherwise: the program's call is then dead).
  const jac = plan.consts.METHOD_ROS || plan.consts.METHOD_AUTO ? jacobianKl(plan, slots.scope, rhsDerived(plan)) : 'fn jac_lin(tau: real, y: array<real, NY>) { }';
  const text = [constsKl(plan), patientSetup(plan, slots), modelRhs(plan, slots), outputOne(plan, slots), jac, linearMoves(plan), dose,
    ...decides, decide].join('\n\n');
  return { file: 'job.kl', text };
}

