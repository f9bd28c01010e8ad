import { describe, expect, it } from 'vitest';
import { hessianByDifferences, minimizeBfgs, type BatchFunction } from '../../engine/twin/bfgs.js';

/** A batch function from a plain f(x), counting the points it is asked for. */
function batch(f: (x: number[]) => number, n: number): BatchFunction & { points: number } {
  const b = (async (pts: Float64Array, k: number) => {
    b.points += k;
    return Float64Array.from({ length: k }, (_, i) => f(Array.from(pts.subarray(i * n, i * n + n))));
  }) as BatchFunction & { points: number };
  b.points = 0;
  return b;
}

describe('batched BFGS', () => {
  it('finds the minimum of a correlated quadratic and its inverse Hessian', async () => {
    // f = (x − c)ᵀ A (x − c) with A = [[3, 1], [1, 2]]: minimum at c, Hessian 2A.
    const c = [1.5, -0.7];
    const f = (x: number[]) => { const d = [x[0] - c[0], x[1] - c[1]]; return 3 * d[0] ** 2 + 2 * d[0] * d[1] + 2 * d[1] ** 2; };
    const r = await minimizeBfgs(batch(f, 2), [0, 0], { gtol: 1e-8 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(c[0], 6);
    expect(r.x[1]).toBeCloseTo(c[1], 6);
    // inverse of 2A = [[2, -1], [-1, 3]] / 10
    const H = await hessianByDifferences(batch(f, 2), r.x, 1e-3);
    expect(H[0]).toBeCloseTo(6, 5);
    expect(H[1]).toBeCloseTo(2, 5);
    expect(H[3]).toBeCloseTo(4, 5);
  });

  it('minimises the Rosenbrock function from the classic start', async () => {
    const f = (x: number[]) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const r = await minimizeBfgs(batch(f, 2), [-1.2, 1], { gtol: 1e-6, maxStep: 1 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.iterations).toBeLessThan(100);
  });

  it('steps around points where the function is undefined (+∞), as failed simulations are', async () => {
    // Minimum at 2, but everything beyond 2.5 is undefined: a full Newton-like step from 0 overshoots into it.
    const f = (x: number[]) => (x[0] > 2.5 ? Infinity : (x[0] - 2) ** 2);
    const r = await minimizeBfgs(batch(f, 1), [0], { inverseHessian: [5], gtol: 1e-8 });
    expect(r.x[0]).toBeCloseTo(2, 6);
  });

  it('differentiates one-sided where one side of the stencil is undefined', async () => {
    // At 0 the forward point is undefined, so the gradient is the backward difference (1 − (1 − h)²)/h = 2 − h.
    const f = (x: number[]) => (x[0] > 0 ? Infinity : (x[0] + 1) ** 2);
    const start = await minimizeBfgs(batch(f, 1), [0], { maxIterations: 0, h: 1e-3 });
    expect(start.gradient[0]).toBeCloseTo(2 - 1e-3, 9);
    expect((await minimizeBfgs(batch(f, 1), [0], { gtol: 1e-8 })).x[0]).toBeCloseTo(-1, 6);
  });

  it('reports a start where the function is undefined instead of returning a wrong minimum', async () => {
    const r = await minimizeBfgs(batch(() => Infinity, 1), [0]);
    expect(r.converged).toBe(false);
    expect(r.message).toContain('not finite at the starting point');
  });

  it('asks for one batch per iteration when full steps are accepted', async () => {
    const f = (x: number[]) => x.reduce((s, v, i) => s + (i + 1) * v * v, 0);
    const b = batch(f, 3);
    const r = await minimizeBfgs(b, [1, 1, 1], { inverseHessian: [0.5, 0, 0, 0, 0.25, 0, 0, 0, 1 / 6] });
    // The exact inverse Hessian makes the first full step land on the minimum.
    expect(r.iterations).toBeLessThanOrEqual(2);
    expect(r.batches).toBeLessThanOrEqual(3);
    expect(Math.max(...r.x.map(Math.abs))).toBeLessThan(1e-6);
  });
});
