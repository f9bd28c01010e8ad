/**
 * The engine's private mathjs instance. The global `mathjs` export is never mutated (other code and
 * other libraries may share it); our extra time units live here.
 */
import { all, create, type MathJsInstance } from 'mathjs';

function build(): MathJsInstance {
  const m = create(all);
  // Pharmacometric shorthands mathjs lacks; `yr` as the Julian year, as mathjs defines `year`.
  m.createUnit('d', '1 day');
  m.createUnit('wk', '7 day');
  m.createUnit('yr', '365.25 day');
  return m;
}

/** Shared private mathjs instance with `d`, `wk` and `yr` added. */
export const math: MathJsInstance = build();
