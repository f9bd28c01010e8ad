/**
 * One covariate's marginal distribution as an IR expression of its random source.
 *
 * Each random covariate owns one uniform draw u ∈ (0,1) (one draw = one uniform, docs/KERNEL.md §1):
 * - normal / lognormal: X = μ + σ·z (log scale for lognormal), z = qnorm(u);
 * - truncated to [a, b]: inverse CDF on the truncated interval, X = μ + σ·qnorm(Φ(α) + u·(Φ(β) − Φ(α)))
 *   with α, β the standardised bounds (no rejection, so one draw per covariate always); when α > 0
 *   the mirrored form μ − σ·qnorm(Φ(−α) − u·(Φ(−α) − Φ(−β))) keeps precision in the upper tail;
 *   the result is clamped to [a, b] against rounding;
 * - uniform: min + (max − min)·u;
 * - categorical: the level index = number of cumulative probabilities below u, i.e. level j when
 *   P(0..j−1) < u ≤ P(0..j) (indices in the coding order given by `codes`).
 * Under a Gaussian copula a covariate's z is a correlated normal and u = pnorm(z).
 */
import type { Expr } from '../ir.js';
import { evalExpr } from '../ir-eval.js';
import { pnorm } from '../rng/normal.js';
import { add, call, mul, num, sub } from './expr-build.js';
import type { CovariateDist } from './population-spec.js';

/** The random source of one covariate: its uniform u and, when already available, its normal z. */
export interface DrawSource {
  u: Expr;
  z: Expr;
}

function truncatedNormal(mu: number, sigma: number, a: number, b: number, u: Expr): Expr {
  const alpha = (a - mu) / sigma;
  const beta = (b - mu) / sigma;
  let x: Expr;
  if (alpha > 0) {
    const qa = pnorm(-alpha);
    const qb = pnorm(-beta);
    x = sub(num(mu), mul(num(sigma), call('qnorm', sub(num(qa), mul(u, num(qa - qb))))));
  } else {
    const pa = pnorm(alpha);
    const pb = pnorm(beta);
    x = add(num(mu), mul(num(sigma), call('qnorm', add(num(pa), mul(u, num(pb - pa))))));
  }
  return call('min', call('max', x, num(a)), num(b));
}

/**
 * Value of the covariate in its declared unit (categorical: level code).
 * @param codes for categorical: the code of each level (the model's level order), same order as dist.levels
 */
export function marginalExpr(dist: CovariateDist, src: DrawSource, codes?: number[]): Expr {
  switch (dist.kind) {
    case 'fixed':
      return num(dist.value);
    case 'uniform':
      return add(num(dist.min), mul(num(dist.max - dist.min), src.u));
    case 'normal':
      return dist.truncate
        ? truncatedNormal(dist.mean, dist.sd, dist.truncate[0], dist.truncate[1], src.u)
        : add(num(dist.mean), mul(num(dist.sd), src.z));
    case 'lognormal': {
      if (!dist.truncate) return call('exp', add(num(dist.meanlog), mul(num(dist.sdlog), src.z)));
      // A zero lower bound is no bound on the log scale; −745 is below log(Number.MIN_VALUE).
      const lo = dist.truncate[0] > 0 ? Math.log(dist.truncate[0]) : -745;
      return call('exp', truncatedNormal(dist.meanlog, dist.sdlog, lo, Math.log(dist.truncate[1]), src.u));
    }
    case 'categorical': {
      const c = codes ?? dist.levels.map((_, i) => i);
      // Level j is chosen when cum[j−1] < u ≤ cum[j]: code = c[0] + Σ_j (u > cum[j−1])·(c[j] − c[j−1]).
      let e: Expr = num(c[0]);
      let cum = 0;
      for (let j = 1; j < c.length; j++) {
        cum += dist.probs[j - 1];
        e = add(e, mul({ k: 'op', op: '>', a: src.u, b: num(cum) }, num(c[j] - c[j - 1])));
      }
      return e;
    }
  }
}

/** The typical value (mode 'typical'): median of continuous marginals, the most likely level. */
export function typicalValue(dist: CovariateDist, codes?: number[]): number {
  if (dist.kind === 'categorical') {
    let best = 0;
    dist.probs.forEach((p, j) => { if (p > dist.probs[best]) best = j; });
    return codes ? codes[best] : best;
  }
  return evalExpr(marginalExpr(dist, { u: num(0.5), z: num(0) }), (name) => {
    throw new Error(`internal: typical value refers to ${name}`);
  });
}
