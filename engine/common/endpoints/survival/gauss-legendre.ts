/**
 * Gauss–Legendre quadrature on an interval: nodes and weights of order n computed once by Newton's
 * method on the Legendre polynomial P_n (Press et al., Numerical Recipes 3rd ed. §4.6, `gauleg`),
 * exact for polynomials of degree ≤ 2n − 1. Used to integrate smooth hazards over segments.
 */

export interface GaussRule {
  /** Nodes on (−1, 1), ascending. */
  x: Float64Array;
  /** Weights (sum 2). */
  w: Float64Array;
}

/** The n-point rule. */
export function gaussLegendre(n: number): GaussRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Gauss–Legendre order must be a positive integer, got ${n}`);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    // Chebyshev-like first guess of the i-th root, then Newton on P_n.
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/** ∫_a^b f with `rule` mapped onto [a, b]. */
export function integrate(rule: GaussRule, f: (t: number) => number, a: number, b: number): number {
  const half = (b - a) / 2;
  const mid = (a + b) / 2;
  let s = 0;
  for (let k = 0; k < rule.x.length; k++) s += rule.w[k] * f(mid + half * rule.x[k]);
  return s * half;
}
