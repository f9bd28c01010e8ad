/**
 * Small dense linear algebra for the twin (matrices of a few random effects: row-major number
 * arrays). Symmetric positive-definite matrices go through their Cholesky factor.
 */
import { cholesky } from '../common/population/cholesky.js';

/** Cholesky factor of an n×n symmetric matrix that must be positive definite; undefined otherwise. */
export function choleskyPd(a: ArrayLike<number>, n: number): number[] | undefined {
  const l = cholesky(Array.from(a), n);
  if (!l) return undefined;
  for (let i = 0; i < n; i++) if (!(l[i * n + i] > 0)) return undefined;
  return l;
}

/** Solves L·y = b (L lower triangular, row-major). */
export function forwardSolve(l: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] {
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  return y;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function inverseFromCholesky(l: ArrayLike<number>, n: number): number[] {
  const inv = new Array<number>(n * n).fill(0);
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const y = forwardSolve(l, e, n);
    // Back substitution Lᵀ·x = y.
    const x = new Array<number>(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
      x[i] = s / l[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + j] = x[i];
  }
  return inv;
}

/** log det of A = L·Lᵀ. */
export function logDetFromCholesky(l: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += 2 * Math.log(l[i * n + i]);
  return s;
}

/** y = A·x for an n×n matrix. */
export function matVec(a: ArrayLike<number>, x: ArrayLike<number>, n: number): number[] {
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += a[i * n + j] * x[j];
  return y;
}

/** Σ aᵢ·bᵢ. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Symmetrises a square matrix in place ((A + Aᵀ)/2) and returns it. */
export function symmetrise(a: number[], n: number): number[] {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    const m = (a[i * n + j] + a[j * n + i]) / 2;
    a[i * n + j] = m;
    a[j * n + i] = m;
  }
  return a;
}
