/**
 * Quasi-Newton minimisation (BFGS with a backtracking Armijo line search) of a function whose
 * evaluations come in batches: one call evaluates many points, as one ensemble run evaluates many
 * candidate patients. Gradients are central differences. Each iteration asks for the trial points
 * of the line search and the difference stencil around the full step in one batch, so an accepted
 * full step already has its gradient: one backend run per iteration in the usual case.
 *
 * Why not a library: the JavaScript optimisers on npm (fmin, numeric, optimization-js,
 * ml-levenberg-marquardt) call a synchronous f(x) one point at a time; the twin's objective is
 * asynchronous and cheap only in batches, and ml-levenberg-marquardt fits least squares only
 * (the M3 and proportional-error terms are not squares). Tested in test/twin/bfgs.test.ts.
 */
import { dot, matVec } from './linalg.js';

/** Evaluates k points (row-major k × n); returns k values (+∞ where undefined). */
export type BatchFunction = (points: Float64Array, k: number) => Promise<Float64Array>;

export interface BfgsOptions {
  /** Central-difference step (default 1e-4). */
  h?: number;
  /** Converged when every gradient component is below this (default 1e-4). */
  gtol?: number;
  maxIterations?: number;
  /** Initial inverse Hessian (row-major n × n; default identity). */
  inverseHessian?: number[];
  /** Longest step (Euclidean) taken in one iteration (default 2). */
  maxStep?: number;
}

export interface BfgsResult {
  x: number[];
  f: number;
  gradient: number[];
  iterations: number;
  /** Points evaluated and batches asked for. */
  evaluations: number;
  batches: number;
  converged: boolean;
  message: string;
  inverseHessian: number[];
}

const ARMIJO = 1e-4;
const FIRST_STEPS = [1, 0.5, 0.25, 0.1];
const SHORT_STEPS = [0.03, 0.01, 0.003, 0.001];

interface Probe { x: number[]; f: number; g: number[] }
interface Direction { d: number[]; slope: number }

export async function minimizeBfgs(fn: BatchFunction, x0: number[], opts: BfgsOptions = {}): Promise<BfgsResult> {
  const gtol = opts.gtol ?? 1e-4;
  const maxIt = opts.maxIterations ?? 200;
  const maxStep = opts.maxStep ?? 2;
  const h0 = opts.inverseHessian ? [...opts.inverseHessian] : identity(x0.length);
  let hinv = [...h0];
  const probes = new BatchProbes(fn, x0.length, opts.h ?? 1e-4);
  const done = (p: Probe, iterations: number, converged: boolean, message: string): BfgsResult =>
    ({ x: p.x, f: p.f, gradient: p.g, iterations, evaluations: probes.evaluations, batches: probes.batches, converged, message, inverseHessian: hinv });

  let cur = (await probes.at([x0]))[0];
  if (!Number.isFinite(cur.f)) return done(cur, 0, false, 'the objective is not finite at the starting point');
  for (let it = 1; it <= maxIt; it++) {
    if (Math.max(...cur.g.map(Math.abs)) < gtol) return done(cur, it - 1, true, 'gradient below tolerance');
    let dir = quasiNewtonDirection(hinv, cur.g);
    // A direction that does not descend means the curvature estimate went bad: start again from H0.
    if (!(dir.slope < 0)) { hinv = [...h0]; dir = quasiNewtonDirection(hinv, cur.g); }
    const { d, slope } = capLength(dir, maxStep);
    const found = await lineSearch(probes, cur, d, slope);
    if (!found) {
      if (!sameMatrix(hinv, h0)) { hinv = [...h0]; continue; }
      return done(cur, it, Math.max(...cur.g.map(Math.abs)) < 100 * gtol, 'no step along the descent direction lowers the objective (the precision limit of the function values)');
    }
    const { next, step } = found;
    const s = d.map((v) => v * step);
    const y = next.g.map((v, i) => v - cur.g[i]);
    const sy = dot(s, y);
    if (sy > 1e-12) hinv = bfgsUpdate(hinv, s, y, sy);
    const fDrop = cur.f - next.f;
    cur = next;
    if (fDrop < 1e-10 * (1 + Math.abs(cur.f)) && Math.sqrt(dot(s, s)) < 1e-8) return done(cur, it, true, 'step and objective change below tolerance');
  }
  return done(cur, maxIt, false, `no convergence in ${maxIt} iterations`);
}

/** Evaluations of the batch function, with central-difference gradients; counts points and batches. */
class BatchProbes {
  evaluations = 0;
  batches = 0;

  constructor(private readonly fn: BatchFunction, private readonly n: number, private readonly h: number) {}

  /**
   * Values at `xs`, with central-difference gradients at the first `withGradient` of them, in one batch.
   * Probes without a gradient have `g` empty.
   */
  async at(xs: number[][], withGradient = xs.length): Promise<Probe[]> {
    const { n, h } = this;
    const per = (a: number) => (a < withGradient ? 2 * n + 1 : 1);
    const offsets: number[] = [];
    let total = 0;
    xs.forEach((_, a) => { offsets.push(total); total += per(a); });
    const pts = new Float64Array(total * n);
    xs.forEach((x, a) => {
      for (let s = 0; s < per(a); s++) {
        const row = (offsets[a] + s) * n;
        for (let i = 0; i < n; i++) pts[row + i] = x[i];
        if (s > 0) pts[row + ((s - 1) >> 1)] += (s & 1 ? h : -h);
      }
    });
    const v = await this.fn(pts, total);
    this.evaluations += total;
    this.batches++;
    return xs.map((x, a) => (a < withGradient ? { x, f: v[offsets[a]], g: this.gradient(v, offsets[a]) } : { x, f: v[offsets[a]], g: [] }));
  }

  /** Central differences from the stencil values after `o`; one-sided where one side is not finite. */
  private gradient(v: Float64Array, o: number): number[] {
    const { n, h } = this;
    const f0 = v[o];
    const g = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const fp = v[o + 1 + 2 * i], fm = v[o + 2 + 2 * i];
      g[i] = Number.isFinite(fp) && Number.isFinite(fm) ? (fp - fm) / (2 * h) : Number.isFinite(fp) ? (fp - f0) / h : (f0 - fm) / h;
    }
    return g;
  }
}

/** d = −H·g and its slope gᵀd along the gradient. */
function quasiNewtonDirection(hinv: number[], g: number[]): Direction {
  const d = matVec(hinv, g, g.length).map((v) => -v);
  return { d, slope: dot(g, d) };
}

/** The direction shortened to at most `maxStep` (Euclidean), its slope scaled with it. */
function capLength({ d, slope }: Direction, maxStep: number): Direction {
  const len = Math.sqrt(dot(d, d));
  return len > maxStep ? { d: d.map((v) => (v * maxStep) / len), slope: slope * (maxStep / len) } : { d, slope };
}

/**
 * Backtracking Armijo search along `d`: the first of the long steps, then of the short ones, that
 * lowers the objective enough. The full step (usual for BFGS) comes with its gradient in the same
 * batch; a shorter step gets its gradient only when chosen.
 */
async function lineSearch(probes: BatchProbes, cur: Probe, d: number[], slope: number): Promise<{ next: Probe; step: number } | undefined> {
  for (const steps of [FIRST_STEPS, SHORT_STEPS]) {
    const trials = await probes.at(steps.map((a) => cur.x.map((v, i) => v + a * d[i])), steps === FIRST_STEPS ? 1 : 0);
    const k = trials.findIndex((t, j) => Number.isFinite(t.f) && t.f <= cur.f + ARMIJO * steps[j] * slope);
    if (k < 0) continue;
    const next = trials[k].g.length ? trials[k] : (await probes.at([trials[k].x]))[0];
    return { next, step: steps[k] };
  }
  return undefined;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). */
function bfgsUpdate(hinv: number[], s: number[], y: number[], sy: number): number[] {
  const n = s.length;
  const rho = 1 / sy;
  const hy = matVec(hinv, y, y.length);
  const yhy = dot(y, hy);
  const out = new Array<number>(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    out[i * n + j] = hinv[i * n + j] - rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
  }
  return out;
}

/**
 * Hessian by central second differences at x with step h, in one batch of 1 + 2n + 2n(n−1) points.
 */
export async function hessianByDifferences(fn: BatchFunction, x: number[], h: number): Promise<number[]> {
  const n = x.length;
  const pts: number[][] = [x];
  const shifted = (pairs: [number, number][]): number[] => { const p = [...x]; for (const [i, v] of pairs) p[i] += v; return p; };
  for (let i = 0; i < n; i++) pts.push(shifted([[i, h]]), shifted([[i, -h]]));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    pts.push(shifted([[i, h], [j, h]]), shifted([[i, h], [j, -h]]), shifted([[i, -h], [j, h]]), shifted([[i, -h], [j, -h]]));
  }
  const flat = new Float64Array(pts.length * n);
  pts.forEach((p, k) => flat.set(p, k * n));
  const v = await fn(flat, pts.length);
  const H = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = (v[1 + 2 * i] - 2 * v[0] + v[2 + 2 * i]) / (h * h);
  let k = 1 + 2 * n;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    const hij = (v[k] - v[k + 1] - v[k + 2] + v[k + 3]) / (4 * h * h);
    H[i * n + j] = hij;
    H[j * n + i] = hij;
    k += 4;
  }
  return H;
}

function identity(n: number): number[] {
  const m = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function sameMatrix(a: number[], b: number[]): boolean {
  return a.every((v, i) => v === b[i]);
}
