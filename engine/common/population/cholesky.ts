/**
 * Cholesky factor L (lower triangular, row-major) of a symmetric positive semi-definite matrix,
 * so that A = L·Lᵀ. Computed on the host; the constants are inlined into the population program.
 *
 * A zero-variance row (e.g. an eta fixed to 0) gives a zero column instead of failing, as NONMEM
 * allows fixed-zero omegas. Returns undefined when A is not positive semi-definite.
 */
export function cholesky(a: number[], n: number): number[] | undefined {
  const l = new Array<number>(n * n).fill(0);
  // Relative tolerance for treating a pivot as zero (rounding in the subtraction below).
  const scale = Math.max(1e-300, ...Array.from({ length: n }, (_, i) => Math.abs(a[i * n + i])));
  const tol = 1e-12 * scale;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (d < -tol) return undefined;
    if (d <= tol) {
      // Semi-definite direction: the rest of the column must vanish too.
      for (let i = j + 1; i < n; i++) {
        let s = a[i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        if (Math.abs(s) > 1e-9 * Math.sqrt(scale * scale)) return undefined;
      }
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}
