/**
 * The engine's own expression and model intermediate representation (IR).
 *
 * Modellers write mathjs expressions; `engine/common/expr` parses them with `math.parse()` and
 * lowers them through an allow-list into this IR. Emitters (`engine/codegen/js`, `engine/codegen/wgsl`)
 * see only this IR, never mathjs nodes, so every backend computes the same thing.
 *
 * Interface rules:
 * - IR is plain JSON-serialisable data (it crosses worker and GPU-host boundaries).
 * - Every number in the IR is in the engine's internal unit system (see `engine/common/units`):
 *   mass mg, volume L (length dm), amount of substance µmol, time = the model's time unit (default h).
 *   Conversions happen at the edges: parameter values, initial values, doses, output grid, outputs.
 * - Every `ref` name is unique within a flattened model: module symbols are prefixed `module.symbol`
 *   (emitters sanitise names into identifiers). Covariates are never prefixed: patients have one set.
 */

import type { ValidityDomain } from './validity-domain.js';

/** Binary operators allowed in expressions. Comparisons and logic yield 1 or 0. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

/** Functions allowed in expressions (the allow-list). `pnorm`/`qnorm` are the standard normal CDF and its inverse. */
export const ALLOWED_FUNCTIONS = [
  'exp', 'log', 'log10', 'sqrt', 'abs', 'min', 'max', 'pow', 'floor', 'ceil', 'round',
  'sin', 'cos', 'tanh', 'erf', 'pnorm', 'qnorm', 'sign',
] as const;
export type FnName = (typeof ALLOWED_FUNCTIONS)[number];

export type Expr =
  | { k: 'num'; v: number }
  /** A named symbol: parameter, covariate, eta, state, derived quantity, input, or `t` (time). */
  | { k: 'ref'; name: string }
  | { k: 'op'; op: BinaryOp; a: Expr; b: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'call'; fn: FnName; args: Expr[] }
  /** `c ? a : b` — mathjs conditional expression. */
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  /**
   * Only in population programs: the `index`-th uniform draw in (0,1) of this patient's stream
   * (see `engine/common/rng`). Normal draws are `qnorm(rand)`, so one draw = one uniform.
   */
  | { k: 'rand'; index: number };

/** A source position for error messages; 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** A named, ordered assignment `name = expr`. */
export interface Assign {
  name: string;
  expr: Expr;
}

/** A structural (population, "theta") parameter: typical value in internal units. */
export interface ParamIR {
  name: string;
  value: number;
  /** The unit written in the model file, for reports (value above is already converted). */
  unit: string;
  description?: string;
  source?: string;
}

export interface StateIR {
  name: string;
  unit: string;
  /** Initial condition; may reference individual parameters and covariates (e.g. a steady-state baseline). */
  init: Expr;
  /** Absolute tolerance for this state in internal units (already converted from the model/scenario). */
  atol?: number;
}

export interface OutputIR {
  name: string;
  /** Expression in internal units. */
  expr: Expr;
  /** Unit the user sees (as written in the model file). */
  unit: string;
  /** Multiply the internal value by `scale` to get the value in `unit`. */
  scale: number;
  description?: string;
}

export interface DoseTargetIR {
  name: string;
  /** Name of the state that receives the dose (an amount state). */
  state: string;
  /** Fraction absorbed; expression of individual parameters (default 1). */
  bioavailability: Expr;
  /** Lag time in internal time units; expression of individual parameters (default 0). */
  lag: Expr;
}

/** Inter-individual variability: etas ~ MVN(0, omega). */
export interface VariabilityIR {
  /** Eta names in order; `individual` expressions reference them as refs. */
  etas: string[];
  /** Full covariance matrix, row-major, etas.length². Block-diagonal when blocks are independent. */
  omega: number[];
}

/**
 * A set of states whose ODEs are linear, homogeneous and time-invariant in those states
 * (dx/dt = K x + inputs), with K depending on individual parameters only, and which no other state
 * feeds. Backends may solve it in closed form (as NONMEM ADVAN / rxode2 linCmt do) instead of
 * integrating it, which removes the stiffness of fast distribution phases.
 */
export interface LinearSubsystemIR {
  /** Names of the states in the subsystem, in the order of `k`'s rows/columns. */
  states: string[];
  /** K[i][j] = d(dx_i/dt)/dx_j as expressions of individual parameters, row-major, n×n. */
  k: Expr[];
}

/**
 * A flattened, unit-converted model ready for code generation.
 * Evaluation order per patient: params (constants) → individual (in order; may use covariates, etas,
 * params, earlier individual names) → state init → for each RHS evaluation: derived (in order; may
 * use states, t, individual) → odes.
 */
export interface ModelIR {
  name: string;
  /** SHA-256 of the canonical content of every file the model was built from. */
  sourceHash: string;
  /** Files the model came from, with their hashes (provenance). */
  files: { path: string; sha256: string }[];
  /** The model's time unit as written (e.g. 'h'); the output grid and dose times are in it. */
  timeUnit: string;
  description?: string;
  params: ParamIR[];
  /**
   * Covariates the model reads, in the model file's units (`unit`); values reach the kernel in internal
   * units. Categorical covariates list their `levels`: the value is the 0-based index into that list.
   */
  covariates: { name: string; unit: string; description?: string; levels?: string[] }[];
  variability: VariabilityIR;
  /** Individual parameters: typical value × covariate effects × IIV, in dependency order. */
  individual: Assign[];
  states: StateIR[];
  /** Derived quantities that may depend on states and `t`, in dependency order. */
  derived: Assign[];
  /** One right-hand side per state, same order as `states`. */
  odes: Expr[];
  outputs: OutputIR[];
  doseTargets: DoseTargetIR[];
  /** Present when analysis found a closed-form-solvable linear subsystem. */
  linear?: LinearSubsystemIR;
  /** The populations the model's files were estimated in (their `validity:`), modules before the file composing them. */
  validity?: ValidityDomain[];
  /**
   * Residual-error models of measured outputs (the model file's `observations:`), for patient twins
   * and fitting; simulations produce true values and never read them.
   */
  observations?: ObservationModelIR[];
}

/** Residual error forms: y = f + ε·sd, f·(1 + ε·cv), both (variances add), ln y = ln f + ε·sd. */
export const RESIDUAL_ERRORS = ['additive', 'proportional', 'combined', 'log_additive'] as const;
export type ResidualError = (typeof RESIDUAL_ERRORS)[number];

/** How a measured output scatters around the model's prediction (docs/FORMATS.md "Observation models"). */
export interface ObservationModelIR {
  /** Output name (module-prefixed like every output). */
  output: string;
  error: ResidualError;
  /** Additive SD in the output's user unit (additive, combined), or the SD of ln y (log_additive); 0 when unused. */
  sd: number;
  /** Proportional SD as a fraction of the prediction (proportional, combined); 0 when unused. */
  cv: number;
  /** Lower limit of quantification in the output's user unit: values reported below it enter the likelihood as P(y < LLOQ) (M3). */
  lloq?: number;
  /** Where the values come from, as written in the model file. */
  source: string;
}

/** Convenience constructors, used by loaders and tests. */
export const ir = {
  num: (v: number): Expr => ({ k: 'num', v }),
  ref: (name: string): Expr => ({ k: 'ref', name }),
  op: (op: BinaryOp, a: Expr, b: Expr): Expr => ({ k: 'op', op, a, b }),
  neg: (a: Expr): Expr => ({ k: 'neg', a }),
  call: (fn: FnName, ...args: Expr[]): Expr => ({ k: 'call', fn, args }),
  cond: (c: Expr, a: Expr, b: Expr): Expr => ({ k: 'cond', c, a, b }),
  rand: (index: number): Expr => ({ k: 'rand', index }),
};

/** All `ref` names an expression uses. */
export function refsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case 'ref': out.add(e.name); break;
    case 'op': refsOf(e.a, out); refsOf(e.b, out); break;
    case 'neg': case 'not': refsOf(e.a, out); break;
    case 'call': for (const a of e.args) refsOf(a, out); break;
    case 'cond': refsOf(e.c, out); refsOf(e.a, out); refsOf(e.b, out); break;
    default: break;
  }
  return out;
}
