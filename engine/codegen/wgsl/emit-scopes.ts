/**
 * Name scopes of the generated WGSL: which WGSL text a model or job symbol reads in each part of
 * the kernel (patient setup, dose levels, right-hand side, outputs). Later definitions shadow
 * earlier ones, matching the evaluation order of docs/KERNEL.md §1 and ModelIR.
 */
import type { EnsembleJob } from '../../common/job.js';
import { emitWgslExpr, WgslConstPool } from './emit-expr.js';

/** A scope: symbol → WGSL text, with the error an unknown symbol raises. */
export class Scope {
  private readonly names = new Map<string, string>();
  constructor(private readonly where: string, parent?: Scope) {
    if (parent) for (const [k, v] of parent.names) this.names.set(k, v);
  }
  set(name: string, text: string): void {
    this.names.set(name, text);
  }
  resolve = (name: string): string => {
    const t = this.names.get(name);
    if (t === undefined) throw new Error(`unknown symbol '${name}' in ${this.where}`);
    return t;
  };
}

/** The setup-time code: population program, parameters and individual values as private scalars. */
export interface SetupCode {
  /** Private scalar declarations. */
  decls: string[];
  /** Statements run at patient setup (after `gi` = global patient index is known). */
  body: string[];
  /** Scope after the individual parameters (for inits, levels, durations, lag/F, K). */
  scope: Scope;
}

/** Emits the population program and individual parameters; lifted job constants go into `pool`. */
export function emitSetup(job: EnsembleJob, pool: WgslConstPool): SetupCode {
  const decls: string[] = [];
  const body: string[] = [];
  const pop = new Scope('the population program');
  const m = job.model;
  m.params.forEach((p, j) => {
    decls.push(`var<private> par_${j}: f32;`);
    body.push(`par_${j} = fdata[P.offParams + ${j}u];`);
    pop.set(p.name, `par_${j}`);
  });
  const table = job.population.table;
  if (table) {
    table.columns.forEach((c, j) => pop.set(`table.${c}`, `fdata[P.offTable + ${j}u * P.tableRows + gi]`));
  }
  job.population.assigns.forEach((a, k) => {
    decls.push(`var<private> pv_${k}: f32;`);
    body.push(`pv_${k} = ${emitWgslExpr(a.expr, pop.resolve, pool)};`);
    pop.set(a.name, `pv_${k}`);
  });
  const ind = new Scope(`model ${m.name} (individual parameters)`, pop);
  m.individual.forEach((a, k) => {
    decls.push(`var<private> iv_${k}: f32;`);
    body.push(`iv_${k} = ${emitWgslExpr(a.expr, ind.resolve)};`);
    ind.set(a.name, `iv_${k}`);
  });
  return { decls, body, scope: ind };
}

/** The scope of right-hand sides and outputs: setup scope + states `y[i]` + `t` (derived added by caller). */
export function rhsScope(job: EnsembleJob, setup: Scope): Scope {
  const s = new Scope(`model ${job.model.name} (derived, odes, outputs)`, setup);
  job.model.states.forEach((st, i) => s.set(st.name, `y[${i}]`));
  s.set('t', '(st_T0 + tau)');
  return s;
}
