/**
 * Weibull proportional-hazards event times with a time-varying linear predictor:
 *
 *   h(t) = λ·α·(λt)^(α−1)·exp(η(t)),   H(t) = ∫₀ᵗ h(s) ds,   S(t) = exp(−H(t))
 *
 * (the parameterisation of Zecchin 2016 and its NONMEM code, DDMODEL00000218: `LAM*SHP*(LAM*T)**(SHP-1)
 * *EXP(...)`). An event time is drawn by inversion: with E = −ln U (U uniform), T solves H(T) = E.
 *
 * Integration: in the variable u = (λs)^α the baseline hazard disappears (h₀(s) ds = du), so
 * H = ∫ exp(η(s(u))) du with s(u) = u^(1/α)/λ — smooth for any shape α, also near 0 when α < 1.
 * Each segment between breaks of η (kinks, steps) is integrated by 16-point Gauss–Legendre; where η
 * is constant the closed form e^η·[(λb)^α − (λa)^α] is used, and inside the segment that crosses E
 * the time is found by safeguarded Newton iteration (the integrand is the derivative).
 */
import { gaussLegendre, integrate } from './gauss-legendre.js';

/** η(t), described well enough to integrate exactly where it is constant and accurately elsewhere. */
export interface LinearPredictorPath {
  /** η at time t ≥ 0 (time unit of λ). */
  eta(t: number): number;
  /** Times > 0 where η may be non-smooth (kinks, steps), ascending. */
  breaks: readonly number[];
  /** η is constant from this time on (Infinity: it keeps varying). */
  constantAfter: number;
  /** Segment length used after the last break while η still varies (> 0). */
  tailStep: number;
}

/** A path with a constant η (time-fixed covariates only). */
export function constantPath(eta: number): LinearPredictorPath {
  return { eta: () => eta, breaks: [], constantAfter: 0, tailStep: 1 };
}

const RULE = gaussLegendre(16);

interface Weibull {
  lambda: number;
  shape: number;
}

function checkWeibull(w: Weibull): void {
  if (!(w.lambda > 0 && Number.isFinite(w.lambda)) || !(w.shape > 0 && Number.isFinite(w.shape))) {
    throw new RangeError(`Weibull scale and shape must be finite and > 0, got λ = ${w.lambda}, α = ${w.shape}`);
  }
}

/** u(t) = (λt)^α. */
const uOf = (w: Weibull, t: number): number => (w.lambda * t) ** w.shape;
/** t(u) = u^(1/α)/λ. */
const tOf = (w: Weibull, u: number): number => u ** (1 / w.shape) / w.lambda;

/** ∫ over [a, b] of h, with η constant there when `constEta` is given. */
function segment(w: Weibull, path: LinearPredictorPath, a: number, b: number, constEta?: number): number {
  const ua = uOf(w, a);
  const ub = uOf(w, b);
  if (constEta !== undefined) return Math.exp(constEta) * (ub - ua);
  return integrate(RULE, (u) => Math.exp(path.eta(tOf(w, u))), ua, ub);
}

/** The time in [a, b] where the integral from a reaches `need` (0 < need ≤ segment integral). */
function solveInSegment(w: Weibull, path: LinearPredictorPath, a: number, b: number, need: number, constEta?: number): number {
  const ua = uOf(w, a);
  if (constEta !== undefined) return tOf(w, ua + need * Math.exp(-constEta));
  let lo = ua;
  let hi = uOf(w, b);
  let u = ua + need / Math.exp(path.eta(a + (b - a) / 2));
  for (let iter = 0; iter < 100; iter++) {
    if (!(u > lo && u < hi)) u = (lo + hi) / 2;
    const f = integrate(RULE, (v) => Math.exp(path.eta(tOf(w, v))), ua, u) - need;
    if (Math.abs(f) <= 1e-14 * need) break;
    if (f > 0) hi = u; else lo = u;
    u -= f / Math.exp(path.eta(tOf(w, u)));
    if (hi - lo <= 1e-15 * hi) break;
  }
  return tOf(w, u);
}

/** Segment end points from 0: the breaks, then `constantAfter`, then tail steps until `until`. */
function* segments(path: LinearPredictorPath, until: number): Generator<{ a: number; b: number; constEta?: number }> {
  let a = 0;
  const ends = [...path.breaks.filter((t) => t > 0 && t < until)];
  if (path.constantAfter > 0 && path.constantAfter < until && !ends.includes(path.constantAfter)) ends.push(path.constantAfter);
  ends.sort((x, y) => x - y);
  for (const b of ends) {
    if (b <= a) continue;
    yield { a, b, constEta: a >= path.constantAfter ? path.eta(a) : undefined };
    a = b;
  }
  if (a >= path.constantAfter) {
    yield { a, b: until, constEta: path.eta(a) };
    return;
  }
  if (!(path.tailStep > 0)) throw new RangeError('a varying linear predictor needs tailStep > 0');
  while (a < until) {
    const b = Math.min(until, a + path.tailStep);
    yield { a, b };
    a = b;
  }
}

/** H(t) for the Weibull hazard with linear predictor `path`. */
export function weibullCumulativeHazard(lambda: number, shape: number, path: LinearPredictorPath, t: number): number {
  const w = { lambda, shape };
  checkWeibull(w);
  if (!(t >= 0)) throw new RangeError(`time must be ≥ 0, got ${t}`);
  let h = 0;
  for (const s of segments(path, t)) h += segment(w, path, s.a, s.b, s.constEta);
  return h;
}

/**
 * The time T with H(T) = `target` (> 0), or Infinity when H stays below it up to `cap` (the caller
 * treats that as censored at its follow-up time).
 */
export function weibullEventTime(lambda: number, shape: number, path: LinearPredictorPath, target: number, cap: number): number {
  const w = { lambda, shape };
  checkWeibull(w);
  if (!(target > 0)) throw new RangeError(`cumulative-hazard target must be > 0, got ${target}`);
  if (!(cap > 0)) throw new RangeError(`time cap must be > 0, got ${cap}`);
  if (!Number.isFinite(cap) && !Number.isFinite(path.constantAfter)) throw new RangeError('an always-varying linear predictor needs a finite time cap');
  let h = 0;
  for (const s of segments(path, cap)) {
    const seg = segment(w, path, s.a, s.b, s.constEta);
    if (h + seg >= target) return solveInSegment(w, path, s.a, s.b, target - h, s.constEta);
    h += seg;
  }
  return Infinity;
}
