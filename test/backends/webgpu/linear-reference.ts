/**
 * f64 reference for linear PK systems: exact piecewise solution x(t+τ) = expm(Aτ)·[x; 1] with
 * A = [[K, b], [0, 0]] between dose events (b = infusion rates), expm by scaling and squaring of a
 * Taylor series — independent of the eigen-decomposition the kernel uses.
 */
import { philox4x32_10 } from '../../../engine/common/rng/philox.js';
import { qnorm } from '../../../engine/common/rng/normal.js';

type Mat = number[][];

function matMul(a: Mat, b: Mat): Mat {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
}

/** expm(A) by scaling and squaring with an 18-term Taylor series (f64-accurate for these sizes). */
export function expm(A: Mat): Mat {
  const norm = Math.max(...A.map((r) => r.reduce((s, v) => s + Math.abs(v), 0)));
  const sq = Math.max(0, Math.ceil(Math.log2(norm || 1)) + 1);
  const As = A.map((r) => r.map((v) => v / 2 ** sq));
  let term: Mat = As.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  let sum: Mat = term.map((r) => [...r]);
  for (let k = 1; k <= 18; k++) {
    term = matMul(term, As).map((r) => r.map((v) => v / k));
    sum = sum.map((r, i) => r.map((v, j) => v + term[i][j]));
  }
  for (let s = 0; s < sq; s++) sum = matMul(sum, sum);
  return sum;
}

export interface RefDose {
  time: number;
  state: number;
  amount: number;
  duration?: number;
}

/** States of dx/dt = K x + infusions at each grid time (a grid time at a dose: after the dose). */
export function linearReference(K: Mat, doses: RefDose[], grid: ArrayLike<number>): number[][] {
  const n = K.length;
  const events = new Set<number>([0]);
  for (const d of doses) { events.add(d.time); if (d.duration) events.add(d.time + d.duration); }
  const times = [...events].sort((a, b) => a - b);
  let x = new Array<number>(n).fill(0);
  let t = 0;
  const rates = new Array<number>(n).fill(0);
  const out: number[][] = [];
  let gi = 0;
  const advance = (to: number) => {
    const A: Mat = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) =>
      (i < n && j < n ? K[i][j] : i < n && j === n ? rates[i] : 0)));
    const E = expm(A.map((r) => r.map((v) => v * (to - t))));
    const xa = [...x, 1];
    x = E.slice(0, n).map((r) => r.reduce((s, v, k) => s + v * xa[k], 0));
    t = to;
  };
  for (let e = 0; e <= times.length; e++) {
    const T = e < times.length ? times[e] : Infinity;
    while (gi < grid.length && grid[gi] < T) { advance(grid[gi]); out.push([...x]); gi++; }
    if (T === Infinity) break;
    advance(T);
    for (const d of doses) {
      if (d.duration && d.time + d.duration === T) rates[d.state] -= d.amount / d.duration;
    }
    for (const d of doses) {
      if (d.time !== T) continue;
      if (d.duration) rates[d.state] += d.amount / d.duration; else x[d.state] += d.amount;
    }
  }
  return out;
}

/**
 * The first uniform of patient i exactly as the GPU forms it (top 23 bits, shaders/philox.wgsl.ts),
 * so references use the same virtual patient; eta = sqrt(omega)·qnorm(u).
 */
export function gpuEta(i: number, omega: number, seed = { lo: 12345, hi: 0 }): number {
  const w = new Uint32Array(4);
  philox4x32_10(i, 0, 0, 0, seed.lo, seed.hi, w);
  return Math.sqrt(omega) * qnorm(((w[0] >>> 9) + 0.5) / 2 ** 23);
}
