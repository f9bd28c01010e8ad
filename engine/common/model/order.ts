/**
 * Dependency ordering of derived quantities (and bound inputs): each is evaluated after everything
 * it uses. A cycle is an input error at the first member's position.
 */
import { InputError } from '../errors.js';
import { refsOf, type Assign } from '../ir.js';
import type { DerivedEntry } from './context.js';

/** Derived entries in evaluation order (declaration order where independent). */
export function orderDerived(entries: Map<string, DerivedEntry>): Assign[] {
  const out: Assign[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]): void => {
    const s = state.get(name);
    if (s === 'done') return;
    const e = entries.get(name)!;
    if (s === 'visiting') {
      const cycle = [...chain.slice(chain.indexOf(name)), name];
      throw InputError.at(e.pos.file, e.pos.line, e.pos.col, `derived quantities depend on each other in a cycle: ${cycle.join(' → ')}`,
        'break the cycle: one of them must be computed from states or parameters only');
    }
    state.set(name, 'visiting');
    for (const r of refsOf(e.expr)) if (entries.has(r)) visit(r, [...chain, name]);
    state.set(name, 'done');
    out.push({ name, expr: e.expr });
  };
  for (const name of entries.keys()) visit(name, []);
  return out;
}
