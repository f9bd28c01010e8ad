/**
 * Hazard ratio of regimen B against regimen A on the same virtual patients.
 *
 * Estimator: the marginal Cox proportional-hazards model with one binary covariate (0 = A, 1 = B) fitted
 * to all 2n (time, event) pairs by maximum partial likelihood (Breslow handling of tied event times),
 * with the cluster-robust "sandwich" variance of Lin & Wei (J Am Stat Assoc 1989;84:1074-1078), the
 * patient being the cluster — as R's `coxph(Surv(t, e) ~ arm + cluster(id), ties = "breslow")`.
 * The point estimate is the ordinary two-arm Cox estimate; the pairing enters through the variance:
 * the same patient's two event times are positively correlated (same covariates, same survival draw),
 * which the robust variance credits, so the interval is narrower than for two independent arms.
 *
 * Why not the Cox model stratified by patient (conditional likelihood of the pair)? With common random
 * numbers a patient's two event times are ordered by the treatment effect alone, so nearly every pair
 * "fails first" on the same arm and the conditional estimate runs off to 0 or ∞. The marginal model
 * answers the question a trial answers (the population hazard ratio), on paired data.
 */
import { normalQuantile } from '../../stats/index.js';

export interface PairedHazardRatio {
  /** exp(β̂); NaN when not estimable (no events, or all events in one arm). */
  hr: number;
  lo: number;
  hi: number;
  /** β̂ = log HR, its model-based and robust (cluster) standard errors. */
  logHr: number;
  se: number;
  robustSe: number;
  /** Patients used (finite times in both arms) and events per arm. */
  n: number;
  eventsA: number;
  eventsB: number;
}

interface Obs {
  t: number;
  d: number;
  x: number;
  id: number;
}

/** Distinct event times with events per arm, and the at-risk sets as index ranges over obs sorted by time. */
function collect(a: { time: ArrayLike<number>; event: ArrayLike<number> }, b: { time: ArrayLike<number>; event: ArrayLike<number> }): Obs[] {
  const obs: Obs[] = [];
  for (let i = 0; i < a.time.length; i++) {
    if (!Number.isFinite(a.time[i]) || !Number.isFinite(b.time[i])) continue;
    obs.push({ t: a.time[i], d: a.event[i] ? 1 : 0, x: 0, id: i }, { t: b.time[i], d: b.event[i] ? 1 : 0, x: 1, id: i });
  }
  return obs.sort((p, q) => p.t - q.t);
}

/** Score, information and per-time quantities at β. */
function fitAt(obs: Obs[], beta: number): { score: number; info: number; times: { t: number; d: number; s0: number; xbar: number }[] } {
  const eb = Math.exp(beta);
  let s0 = 0;
  let s1 = 0;
  for (const o of obs) { const w = o.x ? eb : 1; s0 += w; s1 += o.x * w; }
  let score = 0;
  let info = 0;
  const times: { t: number; d: number; s0: number; xbar: number }[] = [];
  for (let k = 0; k < obs.length;) {
    const t = obs[k].t;
    let d = 0;
    let dx = 0;
    let j = k;
    for (; j < obs.length && obs[j].t === t; j++) if (obs[j].d) { d++; dx += obs[j].x; }
    if (d > 0) {
      const xbar = s1 / s0;
      score += dx - d * xbar;
      info += d * xbar * (1 - xbar);
      times.push({ t, d, s0, xbar });
    }
    for (; k < j; k++) { const w = obs[k].x ? eb : 1; s0 -= w; s1 -= obs[k].x * w; }
  }
  return { score, info, times };
}

/** Lin–Wei score residuals summed per patient. */
function clusterScores(obs: Obs[], beta: number, times: { t: number; d: number; s0: number; xbar: number }[], n: number): Float64Array {
  const eb = Math.exp(beta);
  const u = new Float64Array(n);
  // Cumulative sums over event times ≤ t of d/s0 and d·xbar/s0 (Breslow increments).
  const cumA: number[] = [];
  const cumB: number[] = [];
  let a = 0;
  let bsum = 0;
  for (const e of times) { a += e.d / e.s0; bsum += (e.d * e.xbar) / e.s0; cumA.push(a); cumB.push(bsum); }
  let k = -1;
  for (const o of obs) {
    while (k + 1 < times.length && times[k + 1].t <= o.t) k++;
    const w = o.x ? eb : 1;
    const at = k >= 0 && times[k].t === o.t ? times[k].xbar : 0;
    const own = o.d ? o.x - at : 0;
    const compensator = k >= 0 ? w * (o.x * cumA[k] - cumB[k]) : 0;
    u[o.id] += own - compensator;
  }
  return u;
}

/**
 * HR of B vs A. `a` and `b` hold per-patient times (any unit, NaN = not evaluable) and event flags
 * (non-zero = event); patient i is the same person in both.
 */
export function pairedHazardRatio(a: { time: ArrayLike<number>; event: ArrayLike<number> }, b: { time: ArrayLike<number>; event: ArrayLike<number> }, conf = 0.95): PairedHazardRatio {
  if (a.time.length !== b.time.length) throw new RangeError('paired hazard ratio needs the same patients in both regimens');
  const obs = collect(a, b);
  const n = obs.length / 2;
  const eventsA = obs.filter((o) => o.d && !o.x).length;
  const eventsB = obs.filter((o) => o.d && o.x).length;
  const none = { hr: NaN, lo: NaN, hi: NaN, logHr: NaN, se: NaN, robustSe: NaN, n, eventsA, eventsB };
  if (eventsA === 0 || eventsB === 0) return none;
  let beta = 0;
  let fit = fitAt(obs, beta);
  for (let iter = 0; iter < 100; iter++) {
    const step = fit.score / fit.info;
    beta += Math.max(-5, Math.min(5, step));
    fit = fitAt(obs, beta);
    if (Math.abs(step) < 1e-12) break;
  }
  if (!(fit.info > 0) || !Number.isFinite(beta)) return none;
  const u = clusterScores(obs, beta, fit.times, a.time.length);
  let uu = 0;
  for (const v of u) uu += v * v;
  const robustSe = Math.sqrt(uu) / fit.info;
  const z = normalQuantile(1 - (1 - conf) / 2);
  return {
    hr: Math.exp(beta), lo: Math.exp(beta - z * robustSe), hi: Math.exp(beta + z * robustSe),
    logHr: beta, se: 1 / Math.sqrt(fit.info), robustSe, n, eventsA, eventsB,
  };
}
