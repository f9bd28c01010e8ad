/**
 * State shared while one model (and its modules) is flattened: the accumulating IR pieces, the
 * dimension of every ref, and the diagnostics collected so far.
 */
import { InputError, type Diagnostic } from '../errors.js';
import type { FileHost } from '../host.js';
import type { Assign, DoseTargetIR, Expr, ObservationModelIR, OutputIR, ParamIR, SourcePos, StateIR } from '../ir.js';
import { exprDim } from '../expr/dims.js';
import type { Dim } from '../units/dimension.js';
import type { ValidityDomain } from '../validity-domain.js';

export type SymbolKind = 'param' | 'covariate' | 'state' | 'derived' | 'input' | 'time' | 'output';

/** A name an expression may use, as seen from one file. */
export interface SymbolInfo {
  /** Global IR ref name (module-prefixed). Outputs are inlined: see `inline`. */
  ref: string;
  kind: SymbolKind;
  /** For outputs: the expression substituted where the output is referenced. */
  inline?: Expr;
}

export interface CovariateInfo {
  unit: string;
  dim: Dim;
  description?: string;
  levels?: string[];
  pos: SourcePos;
}

export interface DerivedEntry {
  name: string;
  expr: Expr;
  pos: SourcePos;
}

export interface InputInfo {
  unit: string;
  dim: Dim;
  /** Internal-unit default, when the file gives one. */
  defaultValue?: number;
  pos: SourcePos;
  bound: boolean;
}

export class LoadContext {
  readonly files: { path: string; sha256: string }[] = [];
  readonly stack: string[] = [];
  readonly diags: Diagnostic[] = [];
  readonly dims = new Map<string, Dim>();
  readonly covariates = new Map<string, CovariateInfo>();
  readonly params: ParamIR[] = [];
  readonly etas: string[] = [];
  /** Independent eta blocks (one per file), assembled block-diagonally. */
  readonly omegaBlocks: { n: number; omega: number[] }[] = [];
  readonly individual: Assign[] = [];
  readonly states: (StateIR & { pos: SourcePos })[] = [];
  readonly odes: Expr[] = [];
  readonly derived = new Map<string, DerivedEntry>();
  readonly inputs = new Map<string, InputInfo>();
  readonly outputs: OutputIR[] = [];
  readonly doseTargets: DoseTargetIR[] = [];
  /** Residual-error models declared under `observations:` (engine/common/model/observations.ts). */
  readonly observations: ObservationModelIR[] = [];
  /** Each file's `validity:` (engine/common/model/validity.ts), modules before the file composing them. */
  readonly validity: ValidityDomain[] = [];
  /** File texts already read (the root is read once to learn its time unit). */
  readonly texts = new Map<string, string>();
  private readonly inferring = new Set<string>();

  constructor(readonly host: FileHost, readonly timeUnit: string) {}

  /** Runs `fn`, collecting an `InputError`'s diagnostics instead of throwing; returns undefined then. */
  guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) { this.diags.push(...e.diagnostics); return undefined; }
      throw e;
    }
  }

  /** Throws the collected diagnostics, if any. */
  flush(): void {
    if (this.diags.length) throw new InputError(this.diags.splice(0));
  }

  /**
   * Dimension of a ref: declared, or inferred from a derived quantity's expression (memoised;
   * undefined inside a dependency cycle, which the ordering step reports).
   */
  dimOf = (ref: string): Dim | undefined => {
    const known = this.dims.get(ref);
    if (known) return known;
    const d = this.derived.get(ref);
    if (!d || this.inferring.has(ref)) return undefined;
    this.inferring.add(ref);
    try {
      const dim = exprDim(d.expr, this.dimOf, this.timeUnit);
      this.dims.set(ref, dim);
      return dim;
    } catch {
      return undefined;
    } finally {
      this.inferring.delete(ref);
    }
  };
}
