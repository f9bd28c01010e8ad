/**
 * The likelihood of one measurement given the model's prediction, for each residual-error form of
 * the model language (ObservationModelIR), as a contribution to −2 log posterior:
 *
 *   quantified y:  −2 ln p(y | f) = z² + ln(2π·σ²)  (+ 2 ln y for log_additive: the density of y, not of ln y)
 *   below LLOQ:    −2 ln P(y < LLOQ | f) = −2 ln Φ((LLOQ − f)/σ)   (Beal's M3; on the log scale for log_additive)
 *
 * with σ² = sd² (additive), (cv·f)² (proportional), sd² + (cv·f)² (combined), and for log_additive
 * z = (ln y − ln f)/sd. A prediction that is not finite (a failed integration) or, for
 * log_additive, not positive gives +∞: that candidate has no posterior mass.
 */
import type { ObservationModelIR } from '../common/ir.js';
import { pnorm } from '../common/rng/normal.js';

const LN_2PI = Math.log(2 * Math.PI);
/** Smallest residual SD used for proportional errors at a prediction of 0 (avoids dividing by 0). */
const MIN_SD = 1e-12;

/** The residual SD at prediction f (on the log scale for log_additive). */
export function residualSd(m: ObservationModelIR, f: number): number {
  switch (m.error) {
    case 'additive': case 'log_additive': return m.sd;
    case 'proportional': return Math.max(MIN_SD, m.cv * Math.abs(f));
    case 'combined': return Math.max(MIN_SD, Math.sqrt(m.sd * m.sd + m.cv * m.cv * f * f));
  }
}

/** −2 ln p(y | f) of a quantified measurement y. */
export function minus2LogLik(m: ObservationModelIR, y: number, f: number): number {
  if (!Number.isFinite(f)) return Infinity;
  if (m.error === 'log_additive') {
    if (!(f > 0)) return Infinity;
    const z = (Math.log(y) - Math.log(f)) / m.sd;
    return z * z + LN_2PI + 2 * Math.log(m.sd) + 2 * Math.log(y);
  }
  const sd = residualSd(m, f);
  const z = (y - f) / sd;
  return z * z + LN_2PI + 2 * Math.log(sd);
}

/** −2 ln P(y < lloq | f): a measurement reported below the limit of quantification (M3). */
export function minus2LogLikBql(m: ObservationModelIR, lloq: number, f: number): number {
  if (!Number.isFinite(f)) return Infinity;
  let z: number;
  if (m.error === 'log_additive') {
    if (!(f > 0)) return 0; // a prediction of 0 is below any positive limit with certainty
    z = (Math.log(lloq) - Math.log(f)) / m.sd;
  } else {
    z = (lloq - f) / residualSd(m, f);
  }
  const p = pnorm(z);
  return p > 0 ? -2 * Math.log(p) : Infinity;
}

/** A measurement drawn from the observation model around prediction f, with a standard normal ε. */
export function simulateMeasurement(m: ObservationModelIR, f: number, eps: number): number {
  if (m.error === 'log_additive') return f * Math.exp(m.sd * eps);
  return f + residualSd(m, f) * eps;
}
