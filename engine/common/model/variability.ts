/**
 * Inter-individual variability of one model file → eta names and their full covariance matrix
 * (internal units), from `variability`, `correlations` (mrgsolve @cor style) and `omega_blocks`
 * (NONMEM $OMEGA BLOCK style). The matrix must be symmetric positive definite, since the
 * population sampler draws etas as L·z with L its Cholesky factor.
 */
import { closest, InputError, type Diagnostic } from '../errors.js';
import { internalScale, parseUnit } from '../units/parse-unit.js';
import type { ModelFile } from './schema.js';
import type { YamlFile } from '../yaml/yaml-file.js';

export type Distribution = 'lognormal' | 'normal' | 'logitnormal';

export interface FileVariability {
  /** Parameter names (unprefixed) with IIV, in file order; eta i belongs to etas[i]. */
  etas: string[];
  /** Covariance of the etas, row-major, internal units (normal: param internal unit²). */
  omega: number[];
  distribution: Map<string, Distribution>;
}

/** Cholesky factorisation; returns the failing pivot index, or -1 when positive definite. */
export function choleskyFails(a: number[], n: number): number {
  const l = new Array<number>(n * n).fill(0);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) return j;
    l[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  return -1;
}

/** The covariance being assembled, shared by the steps below; `scale` converts each eta to internal units. */
interface Assembly {
  f: YamlFile;
  m: ModelFile;
  etas: string[];
  index: Map<string, number>;
  n: number;
  omega: number[];
  scale: number[];
  /** Parameters listed in an omega block (their variances may come from the block alone). */
  inBlock: Set<string>;
  diags: Diagnostic[];
}

/** Builds the eta covariance of one file; `paramUnit` gives each parameter's unit string. */
export function buildVariability(f: YamlFile, m: ModelFile, paramUnit: (name: string) => string | undefined, timeUnit: string): FileVariability {
  const entries = Object.entries(m.variability ?? {});
  const etas = entries.map(([name]) => name);
  const n = etas.length;
  const a: Assembly = {
    f, m, etas, n, index: new Map(etas.map((e, i) => [e, i])), omega: new Array<number>(n * n).fill(0), scale: new Array<number>(n).fill(1),
    inBlock: new Set((m.omega_blocks ?? []).flatMap((b) => b.parameters)), diags: [],
  };
  const distribution = new Map<string, Distribution>();
  entries.forEach(([name, v], i) => {
    distribution.set(name, v.distribution);
    setVariance(a, name, v, i, paramUnit, timeUnit);
  });
  (m.omega_blocks ?? []).forEach((b, bi) => applyOmegaBlock(a, b, bi));
  (m.correlations ?? []).forEach((c, ci) => applyCorrelation(a, c, ci));
  if (!a.diags.length) checkPositiveDefinite(a);
  if (a.diags.length) throw new InputError(a.diags);
  return { etas, omega: a.omega, distribution };
}

type VariabilitySpec = NonNullable<ModelFile['variability']>[string];

/** Eta i's unit scale (normal etas are in the parameter's unit) and its variance from one of cv, omega2, sd. */
function setVariance(a: Assembly, name: string, v: VariabilitySpec, i: number, paramUnit: (name: string) => string | undefined, timeUnit: string): void {
  const { f, m, diags } = a;
  const path = ['variability', name];
  if (paramUnit(name) === undefined && !Object.hasOwn(m.parameters ?? {}, name)) {
    const guess = closest(name, Object.keys(m.parameters ?? {}));
    diags.push({ ...f.keyPos(path), message: `variability on unknown parameter '${name}'`, hint: guess ? `did you mean '${guess}'?` : 'declare it under parameters first' });
    return;
  }
  if (v.distribution === 'normal') {
    const u = v.unit ?? paramUnit(name);
    try { a.scale[i] = internalScale(parseUnit(u, f.where([...path, v.unit !== undefined ? 'unit' : 'distribution'])), timeUnit); } catch (e) { diags.push(...(e as InputError).diagnostics); }
  } else if (v.unit !== undefined) {
    diags.push({ ...f.keyPos([...path, 'unit']), message: `unit is only meaningful for a normal distribution (${v.distribution} etas are dimensionless)`, hint: 'remove unit' });
  }
  const given = (['cv', 'omega2', 'sd'] as const).filter((k) => v[k] !== undefined);
  if (given.length > 1) {
    diags.push({ ...f.keyPos([...path, given[1]]), message: `give only one of cv, omega2, sd (got ${given.join(' and ')})`, hint: `remove ${given[1]}` });
    return;
  }
  if (given.length === 0) {
    if (!a.inBlock.has(name)) diags.push({ ...f.keyPos(path), message: `variability for '${name}' needs cv, omega2 or sd`, hint: 'add e.g. cv: 0.3 (or list it in omega_blocks)' });
    return;
  }
  const k = given[0];
  const x = v[k] as number;
  if (!(x >= 0) || !Number.isFinite(x)) { diags.push({ ...f.valuePos([...path, k]), message: `${k} must be a finite number ≥ 0, got ${x}` }); return; }
  if (k === 'cv' && v.distribution !== 'lognormal') {
    diags.push({ ...f.keyPos([...path, k]), message: `cv is defined for lognormal variability only`, hint: 'use sd or omega2' });
    return;
  }
  const var0 = k === 'cv' ? Math.log(1 + x * x) : k === 'sd' ? x * x : x;
  a.omega[i * a.n + i] = var0 * a.scale[i] * a.scale[i];
}

/** A NONMEM-style block: its lower triangle (row by row) sets the covariances of its parameters. */
function applyOmegaBlock(a: Assembly, b: NonNullable<ModelFile['omega_blocks']>[number], bi: number): void {
  const { f, n, omega, scale, diags } = a;
  const path = ['omega_blocks', bi];
  const idx = b.parameters.map((p, j) => {
    const at = a.index.get(p);
    if (at === undefined) diags.push({ ...f.valuePos([...path, 'parameters', j]), message: `'${p}' has no variability entry`, hint: `add variability: { ${p}: { distribution: lognormal } }` });
    return at ?? -1;
  });
  const k = b.parameters.length;
  if (b.lower.length !== (k * (k + 1)) / 2) {
    diags.push({ ...f.keyPos([...path, 'lower']), message: `a block of ${k} parameters needs ${(k * (k + 1)) / 2} lower-triangle values, got ${b.lower.length}`,
      hint: 'list the lower triangle row by row: ω11, ω21, ω22, ω31, ω32, ω33, …' });
    return;
  }
  if (idx.includes(-1)) return;
  let t = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c <= r; c++, t++) {
      const v = b.lower[t] * scale[idx[r]] * scale[idx[c]];
      const old = omega[idx[r] * n + idx[c]];
      if (r === c && old !== 0 && Math.abs(old - v) > 1e-12 * Math.max(1, Math.abs(v))) {
        diags.push({ ...f.keyPos([...path, 'lower']), message: `variance of '${b.parameters[r]}' given twice with different values (variability: ${old}, block: ${v})`, hint: 'give it in one place only' });
      }
      omega[idx[r] * n + idx[c]] = v;
      omega[idx[c] * n + idx[r]] = v;
    }
  }
}

/** An mrgsolve-style correlation between two etas outside blocks: cov = r·sd_a·sd_b. */
function applyCorrelation(a: Assembly, c: NonNullable<ModelFile['correlations']>[number], ci: number): void {
  const { f, n, omega, index, diags } = a;
  const path = ['correlations', ci];
  const [pa, pb] = c.between;
  const ia = index.get(pa);
  const ib = index.get(pb);
  [pa, pb].forEach((p, j) => {
    if (!index.has(p)) diags.push({ ...f.valuePos([...path, 'between', j]), message: `'${p}' has no variability entry`, hint: `correlations are between parameters listed under variability` });
    else if (a.inBlock.has(p)) diags.push({ ...f.valuePos([...path, 'between', j]), message: `'${p}' is in an omega block; put its covariances in the block`, hint: 'use either correlations or omega_blocks for a parameter' });
  });
  if (!(Math.abs(c.r) <= 1)) diags.push({ ...f.valuePos([...path, 'r']), message: `correlation must be between -1 and 1, got ${c.r}` });
  if (ia === undefined || ib === undefined || ia === ib) return;
  const cov = c.r * Math.sqrt(omega[ia * n + ia] * omega[ib * n + ib]);
  omega[ia * n + ib] = cov;
  omega[ib * n + ia] = cov;
}

/** The sampler needs a Cholesky factor: report where it fails, at the section most likely at fault. */
function checkPositiveDefinite(a: Assembly): void {
  const { f, m, n, omega } = a;
  if (n === 0) return;
  const bad = choleskyFails(omega, n);
  if (bad >= 0 && omega[bad * n + bad] > 0) {
    const where = m.omega_blocks?.length ? f.keyPos(['omega_blocks']) : m.correlations?.length ? f.keyPos(['correlations']) : f.keyPos(['variability']);
    a.diags.push({ ...where, message: `the eta covariance matrix is not positive definite (fails at '${a.etas[bad]}')`,
      hint: 'check correlations (|r| < 1 and mutually consistent) and block values' });
  }
}
