/**
 * The engine's private mathjs instance. The global `mathjs` export is never mutated (other code and
 * other libraries may share it); our extra time units live here.
 *
 * The engine asks mathjs for two things only — `parse` (expressions → nodes, engine/common/expr) and
 * `unit` (single unit names → SI factor and dimension, parse-unit.ts) — so the instance is created
 * from those factories and what they depend on, not from `all`: the bundle then leaves the rest of
 * mathjs out, and start-up no longer builds hundreds of typed functions (docs/BENCHMARKS.md, "Start-up").
 */
import { create, createUnitDependencies, parseDependencies, unitDependencies } from 'mathjs';

/** What the engine uses of mathjs. */
export interface EngineMath {
  parse(expr: string): unknown;
  unit(value: number, name: string): { value: number | null; dimensions: number[] };
}

function build(): EngineMath {
  const m = create({ parseDependencies, unitDependencies, createUnitDependencies });
  // Pharmacometric shorthands mathjs lacks; `yr` as the Julian year, as mathjs defines `year`.
  m.createUnit('d', '1 day');
  m.createUnit('wk', '7 day');
  m.createUnit('yr', '365.25 day');
  return m as unknown as EngineMath;
}

/** Shared private mathjs instance with `d`, `wk` and `yr` added. */
export const math: EngineMath = build();
