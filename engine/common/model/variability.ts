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

/** Builds the eta covariance of one file; `paramUnit` gives each parameter's unit string. */
export function buildVariability(f: YamlFile, m: ModelFile, paramUnit: (name: string) => string | undefined, timeUnit: string): FileVariability {
  const diags: Diagnostic[] = [];
  const entries = Object.entries(m.variability ?? {});
  const etas = entries.map(([name]) => name);
  const index = new Map(etas.map((n, i) => [n, i]));
  const n = etas.length;
  const omega = new Array<number>(n * n).fill(0);
  const distribution = new Map<string, Distribution>();
  const scale = new Array<number>(n).fill(1);
  const inBlock = new Set<string>();
  for (const b of m.omega_blocks ?? []) for (const p of b.parameters) inBlock.add(p);

  entries.forEach(([name, v], i) => {
    const path = ['variability', name];
    distribution.set(name, v.distribution);
    if (paramUnit(name) === undefined && !Object.hasOwn(m.parameters ?? {}, name)) {
      const guess = closest(name, Object.keys(m.parameters ?? {}));
      diags.push({ ...f.keyPos(path), message: `variability on unknown parameter '${name}'`, hint: guess ? `did you mean '${guess}'?` : 'declare it under parameters first' });
      return;
    }
    if (v.distribution === 'normal') {
      const u = v.unit ?? paramUnit(name);
      try { scale[i] = internalScale(parseUnit(u, f.where([...path, v.unit !== undefined ? 'unit' : 'distribution'])), timeUnit); } catch (e) { diags.push(...(e as InputError).diagnostics); }
    } else if (v.unit !== undefined) {
      diags.push({ ...f.keyPos([...path, 'unit']), message: `unit is only meaningful for a normal distribution (${v.distribution} etas are dimensionless)`, hint: 'remove unit' });
    }
    const given = (['cv', 'omega2', 'sd'] as const).filter((k) => v[k] !== undefined);
    if (given.length > 1) {
      diags.push({ ...f.keyPos([...path, given[1]]), message: `give only one of cv, omega2, sd (got ${given.join(' and ')})`, hint: `remove ${given[1]}` });
      return;
    }
    if (given.length === 0) {
      if (!inBlock.has(name)) diags.push({ ...f.keyPos(path), message: `variability for '${name}' needs cv, omega2 or sd`, hint: 'add e.g. cv: 0.3 (or list it in omega_blocks)' });
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
    omega[i * n + i] = var0 * scale[i] * scale[i];
  });

  (m.omega_blocks ?? []).forEach((b, bi) => {
    const path = ['omega_blocks', bi];
    const idx = b.parameters.map((p, j) => {
      const at = index.get(p);
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
  });

  (m.correlations ?? []).forEach((c, ci) => {
    const path = ['correlations', ci];
    const [a, b] = c.between;
    const ia = index.get(a);
    const ib = index.get(b);
    [a, b].forEach((p, j) => {
      if (!index.has(p)) diags.push({ ...f.valuePos([...path, 'between', j]), message: `'${p}' has no variability entry`, hint: `correlations are between parameters listed under variability` });
      else if (inBlock.has(p)) diags.push({ ...f.valuePos([...path, 'between', j]), message: `'${p}' is in an omega block; put its covariances in the block`, hint: 'use either correlations or omega_blocks for a parameter' });
    });
    if (!(Math.abs(c.r) <= 1)) diags.push({ ...f.valuePos([...path, 'r']), message: `correlation must be between -1 and 1, got ${c.r}` });
    if (ia === undefined || ib === undefined || ia === ib) return;
    const cov = c.r * Math.sqrt(omega[ia * n + ia] * omega[ib * n + ib]);
    omega[ia * n + ib] = cov;
    omega[ib * n + ia] = cov;
  });

  if (!diags.length && n > 0) {
    const bad = choleskyFails(omega, n);
    if (bad >= 0 && omega[bad * n + bad] > 0) {
      const where = m.omega_blocks?.length ? f.keyPos(['omega_blocks']) : m.correlations?.length ? f.keyPos(['correlations']) : f.keyPos(['variability']);
      diags.push({ ...where, message: `the eta covariance matrix is not positive definite (fails at '${etas[bad]}')`,
        hint: 'check correlations (|r| < 1 and mutually consistent) and block values' });
    }
  }
  if (diags.length) throw new InputError(diags);
  return { etas, omega, distribution };
}
