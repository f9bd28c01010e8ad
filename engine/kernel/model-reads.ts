/**
 * What parts of a model an expression reads: the derived quantities it needs (transitively) and the
 * states behind them. The plan uses it for the states dense output must interpolate, the generated
 * code (job-code.ts) for the derived quantities each function computes.
 */
import { refsOf, type Expr, type ModelIR } from '../common/ir.js';

/**
 * The derived quantities `roots` need, transitively, in model order: each function computes only
 * those (outputs rarely need the whole right-hand side's intermediates, and powers are costly).
 */
export function neededDerived(m: ModelIR, roots: Expr[]): Set<number> {
  const want = new Set<string>();
  for (const e of roots) for (const r of refsOf(e)) want.add(r);
  const keep = new Set<number>();
  for (let k = m.derived.length - 1; k >= 0; k--) {
    if (!want.has(m.derived[k].name)) continue;
    keep.add(k);
    for (const r of refsOf(m.derived[k].expr)) want.add(r);
  }
  return keep;
}

/** Every name `roots` read, directly or through the derived quantities they need. */
export function namesReadBy(m: ModelIR, roots: Expr[]): Set<string> {
  const names = new Set<string>();
  for (const e of [...roots, ...[...neededDerived(m, roots)].map((d) => m.derived[d].expr)]) refsOf(e, names);
  return names;
}

/** Indices of the states some output reads, directly or through derived quantities. */
export function statesReadByOutputs(m: ModelIR): Set<number> {
  const names = namesReadBy(m, m.outputs.map((o) => o.expr));
  return new Set(m.states.flatMap((s, i) => (names.has(s.name) ? [i] : [])));
}
